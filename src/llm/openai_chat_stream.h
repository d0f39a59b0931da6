// Reading OpenAI Chat Completions answers: the streamed form (one JSON chunk
// per server-sent event, then `data: [DONE]`) and the single JSON object.
//
// Everything here is untrusted server output. Each piece is checked for type
// before use (no exceptions escape), invalid UTF-8 is repaired to U+FFFD
// before parsing so one bad byte does not lose an answer, JSON nested deeper
// than 100 levels is refused (dumping or copying it would recurse without
// bound), an {"error": ...} object inside a 200 reply is a provider error, and
// the answer text is capped at 256 MiB.
// API reference: https://platform.openai.com/docs/api-reference/chat/streaming
// The combined JSON mirrors what `llm` stores in responses.response_json.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "llm/model_call.h"
#include "llm/sse_parser.h"

namespace llmbox {

// From an OpenAI "usage" object; anything that is not an object gives an empty Usage.
Usage UsageFromOpenAi(const nlohmann::json& usage);

class ChatStreamAccumulator {
 public:
  // Consumes one event; new answer text goes to `on_text` as it arrives.
  // Errors: kProvider for an error object, kParse for malformed JSON or an
  // oversized answer. Events after [DONE] are ignored.
  Result<void> OnEvent(const SseEvent& event, const TextSink& on_text);

  bool done() const { return done_; }                          // [DONE] seen
  bool finished() const { return !finish_reason_.is_null(); }  // a finish_reason seen
  size_t chunks() const { return chunks_; }                    // JSON chunks consumed
  const std::string& text() const { return text_; }
  Usage usage() const { return UsageFromOpenAi(usage_); }
  // {"content", "role", "finish_reason", "usage", "id", "object", "model",
  // "created"}, with null members left out as llm does.
  nlohmann::json ResponseJson() const;
  std::string ResolvedModel() const;  // the "model" the server reported

 private:
  Result<void> ReadChoice(const nlohmann::json& choice, const TextSink& on_text);

  bool done_ = false;
  size_t chunks_ = 0;
  std::string text_;
  nlohmann::json role_;           // null or string: the last delta's role
  nlohmann::json finish_reason_;  // null or string
  nlohmann::json usage_;          // null or the last usage object
  nlohmann::json first_chunk_fields_ = nlohmann::json::object();
};

struct ParsedChat {
  std::string text;
  nlohmann::json response_json;  // the whole reply, nulls removed
  Usage usage;
  std::string resolved_model;
};

// A non-streamed reply. Errors: kProvider for an error object, kParse otherwise.
Result<ParsedChat> ParseChatResponse(std::string_view body);

}  // namespace llmbox
