// Reading OpenAI Chat Completions answers: the streamed form (one JSON chunk
// per server-sent event, then `data: [DONE]`) and the single JSON object.
//
// Everything here is untrusted server output. Each piece is checked for type
// before use (no exceptions escape), invalid UTF-8 is repaired to U+FFFD
// before parsing so one bad byte does not lose an answer, JSON nested deeper
// than 100 levels is refused (dumping or copying it would recurse without
// bound), an {"error": ...} object inside a 200 reply is a provider error, and
// the answer text is capped at 256 MiB. Tool calls arrive as fragments keyed
// by "index" (id and name once, arguments in pieces); at most 128 calls are
// kept, their arguments count towards the 256 MiB, and arguments that are
// not a JSON object are kept as the raw string for the tool loop to refuse.
// API reference: https://platform.openai.com/docs/api-reference/chat/streaming
// The combined JSON mirrors what `llm` stores in responses.response_json.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "llm/chat_chunk_scanner.h"
#include "llm/model_call.h"
#include "llm/sse_parser.h"

namespace llmbox {

// From an OpenAI "usage" object; anything that is not an object gives an empty Usage.
Usage UsageFromOpenAi(const nlohmann::json& usage);

class ChatStreamAccumulator {
 public:
  // `fast_path` false reads every chunk as a full JSON tree; tests and the
  // fuzz target compare the two (see chat_chunk_scanner.h).
  explicit ChatStreamAccumulator(bool fast_path = true) : fast_path_(fast_path) {}

  // Consumes one event; new answer text goes to `on_text` as it arrives.
  // Errors: kProvider for an error object, kParse for malformed JSON or an
  // oversized answer. Events after [DONE] are ignored.
  Result<void> OnEvent(const SseEvent& event, const TextSink& on_text);

  bool done() const { return done_; }                          // [DONE] seen
  bool finished() const { return !finish_reason_.is_null(); }  // a finish_reason seen
  size_t chunks() const { return chunks_; }                    // JSON chunks consumed
  size_t fast_chunks() const { return fast_chunks_; }  // of which read by ScanChatChunk
  const std::string& text() const { return text_; }
  Usage usage() const { return UsageFromOpenAi(usage_); }
  // {"content", "role", "finish_reason", "usage", "id", "object", "model",
  // "created"}, with null members left out as llm does.
  nlohmann::json ResponseJson() const;
  std::string ResolvedModel() const;  // the "model" the server reported
  // The tool calls assembled from the deltas, in index order.
  std::vector<ToolCall> ToolCalls() const;

 private:
  struct PendingCall {
    std::string id;
    std::string name;
    std::string arguments;
  };
  Result<void> AppendText(std::string_view piece, const TextSink& on_text);
  Result<void> ApplyFastChunk(const TextSink& on_text);
  Result<void> ReadChoice(const nlohmann::json& choice, const TextSink& on_text);
  Result<void> ReadToolCalls(const nlohmann::json& deltas);

  bool fast_path_;
  bool done_ = false;
  size_t chunks_ = 0;
  size_t fast_chunks_ = 0;
  std::string text_;
  nlohmann::json role_;           // null or string: the last delta's role
  nlohmann::json finish_reason_;  // null or string
  nlohmann::json usage_;          // null or the last usage object
  nlohmann::json first_chunk_fields_ = nlohmann::json::object();
  std::map<int64_t, PendingCall> calls_;
  size_t call_bytes_ = 0;
  ChatChunkDelta fast_;  // reused by every chunk read the fast way
};

struct ParsedChat {
  std::string text;
  nlohmann::json response_json;  // the whole reply, nulls removed
  Usage usage;
  std::string resolved_model;
  std::vector<ToolCall> tool_calls;
};

// A tool call from the server's id, name and arguments text: arguments ""
// become {}, text that is not a JSON object stays a JSON string.
ToolCall MakeToolCall(std::string id, std::string name, std::string_view arguments);

// A non-streamed reply. Errors: kProvider for an error object, kParse otherwise.
Result<ParsedChat> ParseChatResponse(std::string_view body);

}  // namespace llmbox
