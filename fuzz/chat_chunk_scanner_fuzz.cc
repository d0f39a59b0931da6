// libFuzzer target for ScanChatChunk, the fast reader of OpenAI Chat stream
// chunks. Differential: the input is the second chunk of a stream, read once
// with the fast path and once as a full JSON tree; both readers must agree on
// success, error message, answer text and response_json. Aborts otherwise.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "llm/chat_chunk_scanner.h"
#include "llm/openai_chat_stream.h"

namespace {

constexpr std::string_view kFirst =
    R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"m",)"
    R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})";

void Require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string chunk(reinterpret_cast<const char*>(data), size);
  llmbox::ChatChunkDelta delta;
  (void)llmbox::ScanChatChunk(chunk, delta);  // on its own: no crash, no overread

  llmbox::ChatStreamAccumulator fast(true);
  llmbox::ChatStreamAccumulator slow(false);
  std::string fast_seen;
  std::string slow_seen;
  const auto feed = [&](const std::string& text) {
    const llmbox::SseEvent event{"", text, ""};
    auto a = fast.OnEvent(event, [&](std::string_view t) { fast_seen += t; });
    auto b = slow.OnEvent(event, [&](std::string_view t) { slow_seen += t; });
    Require(a.ok() == b.ok());
    if (!a.ok()) Require(a.error().message == b.error().message);
  };
  feed(std::string(kFirst));
  feed(chunk);
  Require(fast_seen == slow_seen);
  Require(fast.text() == slow.text());
  Require(fast.ResponseJson() == slow.ResponseJson());
  Require(fast.finished() == slow.finished());
  return 0;
}
