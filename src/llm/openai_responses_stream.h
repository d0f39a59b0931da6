// Reading OpenAI Responses API answers: the streamed form (server-sent events
// whose JSON `type` is response.created, response.output_text.delta,
// response.reasoning_summary_text.delta, response.output_item.added/done,
// response.function_call_arguments.delta/done, response.completed,
// response.incomplete, response.failed or error) and the single JSON object
// of a non-streamed reply.
//
// Everything here is untrusted server output, read with the same discipline
// as openai_chat_stream.h: each value is type-checked before use (no
// exceptions escape), invalid UTF-8 is repaired to U+FFFD, JSON nested deeper
// than 100 levels is refused, answer and reasoning text are capped at
// 256 MiB, at most 1,024 function calls with 16 MiB of arguments in all are
// kept, and an error event or failed response is a provider error.
// API reference: https://platform.openai.com/docs/api-reference/responses-streaming
// response_json mirrors what llm 0.32 stores: the final response object
// with null members removed.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "llm/model_call.h"
#include "llm/sse_parser.h"

namespace llmbox {

// From a Responses "usage" object ({input_tokens, output_tokens,
// input_tokens_details, output_tokens_details, total_tokens}): details keeps
// the two *_details objects that are not empty, as llm does.
Usage UsageFromResponses(const nlohmann::json& usage);

class ResponsesStreamAccumulator {
 public:
  // Consumes one event. Errors: kProvider for an error event or a failed
  // response, kParse for malformed JSON or an oversized answer.
  Result<void> OnEvent(const SseEvent& event, const AnswerSink& sink);

  bool finished() const { return finished_; }  // response.completed or .incomplete seen
  size_t events() const { return events_; }    // JSON events consumed
  const std::string& text() const { return text_; }
  const std::string& reasoning() const { return reasoning_; }
  // The final response object without nulls; before it arrives, what
  // response.created said plus the text so far.
  nlohmann::json ResponseJson() const;
  Usage usage() const { return UsageFromResponses(usage_); }
  std::string ResolvedModel() const { return model_; }
  std::vector<ToolCall> tool_calls() const;

 private:
  struct PendingCall {
    std::string call_id;
    std::string name;
    std::string arguments;
    bool done = false;
  };

  Result<void> Dispatch(std::string_view type, const nlohmann::json& event, const AnswerSink& sink);
  Result<void> AddText(std::string& to, const nlohmann::json& piece, const TextSink& sink);
  Result<void> OnItemAdded(const nlohmann::json& item);
  Result<void> OnItemDone(const nlohmann::json& item, const AnswerSink& sink);
  Result<void> OnArgumentsDelta(const nlohmann::json& event);
  void OnResponse(const nlohmann::json& response);

  size_t events_ = 0;
  bool finished_ = false;
  std::string text_;
  std::string reasoning_;
  std::string model_;
  nlohmann::json usage_;
  nlohmann::json response_;                   // the latest response object seen
  std::set<std::string> reasoning_streamed_;  // reasoning item ids whose text arrived as deltas
  std::map<std::string, PendingCall> calls_;  // by item id
  std::vector<std::string> call_order_;       // item ids as they were added
  size_t argument_bytes_ = 0;
};

struct ParsedResponses {
  std::string text;
  std::string reasoning;
  nlohmann::json response_json;
  Usage usage;
  std::string resolved_model;
  std::vector<ToolCall> tool_calls;
};

// A non-streamed reply. Errors: kProvider for an error object or a failed
// response, kParse otherwise.
Result<ParsedResponses> ParseResponsesReply(std::string_view body);

}  // namespace llmbox
