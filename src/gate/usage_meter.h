// Reads the model name and token usage out of provider traffic for the audit
// log and the daily token budget, without holding up the stream: the relay
// forwards each chunk first and then hands a copy here.
//
// The bytes come from the caller (request) and the upstream (response), so
// nothing here trusts them: a non-JSON body, a missing field or a field of the
// wrong type just means "not visible"; buffering is bounded (one SSE line up
// to 1 MiB, a JSON body up to 4 MiB) and whatever exceeds it is not inspected.
// Formats: OpenAI Chat Completions (`usage.prompt_tokens/completion_tokens`,
// streamed with stream_options.include_usage), OpenAI Responses
// (`response.usage.input_tokens/output_tokens`), Anthropic Messages
// (`usage`, `message.usage`; streamed output_tokens are cumulative, so the
// largest value seen wins). SSE framing per the WHATWG HTML spec 9.2, except
// that lines must end in LF or CRLF (every provider does): a stream using bare
// CR line ends just has no visible usage.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace llmbox::gate {

struct TokenUsage {
  uint64_t input = 0;
  uint64_t output = 0;
  bool seen = false;
  uint64_t total() const { return input + output; }
};

// Where the first `"usage"` in `text` starts, or npos (memmem, faster on JSON).
size_t FindUsageKey(std::string_view text);

// The "model" field of a JSON request body, or "" when there is none.
std::string RequestModel(std::string_view body);

class UsageMeter {
 public:
  // `content_type` of the response: text/event-stream is read as SSE, anything else as one JSON
  // body.
  explicit UsageMeter(std::string_view content_type);

  void Feed(std::string_view bytes);
  // End of the body: inspects a buffered JSON body or a last unterminated SSE line.
  void Finish();

  const TokenUsage& usage() const { return usage_; }
  const std::string& model() const { return model_; }

 private:
  void FeedSse(std::string_view bytes);
  void KeepPartialLine(std::string_view bytes);
  bool LookingForModel() const;
  void SseLine(std::string_view line);
  void Inspect(std::string_view json_text);

  bool sse_ = false;
  bool overflow_ = false;  // the current line or body outgrew its bound
  size_t events_seen_ = 0;
  std::string pending_;
  TokenUsage usage_;
  std::string model_;
};

}  // namespace llmbox::gate
