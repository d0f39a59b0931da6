// Reading Anthropic Messages answers: the event stream (message_start,
// content_block_start / _delta / _stop, message_delta, message_stop, ping,
// error) and the single JSON message a server sends when it does not stream.
//
// Everything here is untrusted server output. Each piece is type-checked
// before use and no exception escapes; invalid UTF-8 is repaired to U+FFFD
// before parsing; JSON nested deeper than 100 levels is refused (see
// untrusted_json.h); answer text, thinking text and tool input are capped at
// 256 MiB together and content blocks at 10,000; an `error` event or an error
// object is a kProvider error; a tool call whose input is not a JSON object
// is a kParse error rather than a call with made-up arguments.
// Spec: https://docs.anthropic.com/en/docs/build-with-claude/streaming
// The combined JSON mirrors what llm-anthropic stores in
// responses.response_json: the final message (as the Python SDK builds it)
// without its usage.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "llm/model_call.h"
#include "llm/sse_parser.h"

namespace llmbox {

// From an Anthropic "usage" object: input and output tokens, and as details
// the prompt-cache and server-tool counts that are not zero (null when none).
Usage UsageFromAnthropic(const nlohmann::json& usage);

class AnthropicAnswer {
 public:
  // `schema_tool`: the forced tool whose input is the answer (--schema);
  // its input JSON goes to on_text and it is not reported as a tool call.
  explicit AnthropicAnswer(std::string schema_tool = {}) : schema_tool_(std::move(schema_tool)) {}

  // Consumes one event. Answer text goes to sink.on_text, thinking text to
  // sink.on_reasoning (when set), as they arrive. Errors: kProvider for an
  // error event, kParse for malformed JSON, oversized answers or tool input
  // that is not a JSON object. Events after message_stop are ignored.
  Result<void> OnEvent(const SseEvent& event, const AnswerSink& sink);

  // A whole (non-streamed) reply. Same errors; kParse when it is not a message.
  Result<void> OnWholeMessage(std::string_view body, const AnswerSink& sink);

  bool done() const { return done_; }        // message_stop seen (or a whole message read)
  bool finished() const;                     // the model reported a stop_reason
  size_t events() const { return events_; }  // JSON events consumed
  const std::string& text() const { return text_; }
  Usage usage() const { return UsageFromAnthropic(usage_); }
  nlohmann::json ResponseJson() const;
  std::string ResolvedModel() const;
  // Finished tool_use blocks, in order (not the --schema tool).
  std::vector<ToolCall> ToolCalls() const;

 private:
  struct Block {
    int64_t index = 0;
    nlohmann::json start;  // the content_block object as it started
    std::string type;
    std::string text;  // text or thinking
    std::string signature;
    std::string partial_json;
    nlohmann::json citations;  // null, or citations added by deltas
    nlohmann::json input;      // tool input, parsed at content_block_stop
    bool stopped = false;
  };

  Result<void> OnMessage(const nlohmann::json& message, const AnswerSink& sink);
  Result<void> StartBlock(int64_t index, const nlohmann::json& block, const AnswerSink& sink);
  Result<void> Delta(const nlohmann::json& event, const AnswerSink& sink);
  Result<void> StopBlock(Block& block, const AnswerSink& sink);
  void MessageDelta(const nlohmann::json& event);
  Result<void> Grow(size_t bytes);
  Block* FindBlock(const nlohmann::json& event);
  bool IsSchemaBlock(const Block& block) const;
  nlohmann::json BlockJson(const Block& block) const;

  std::string schema_tool_;
  bool done_ = false;
  size_t events_ = 0;
  size_t total_bytes_ = 0;
  std::string text_;
  nlohmann::json message_ = nlohmann::json::object();  // message fields but content and usage
  nlohmann::json usage_;
  std::vector<Block> blocks_;
};

}  // namespace llmbox
