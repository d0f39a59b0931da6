// libFuzzer target for the Anthropic answer readers: the input is read as a
// streamed reply (event stream -> AnthropicAnswer, once plain and once with a
// --schema tool), as a whole JSON message, and as an error body.
// Properties checked beyond crashes: the text handed to on_text is exactly the
// answer text, answer and thinking text are valid UTF-8, and everything kept
// for logs.db (response_json, usage details, tool call arguments) can be
// dumped with the strict UTF-8 handler.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "llm/anthropic_stream.h"
#include "llm/provider_error.h"
#include "llm/sse_parser.h"
#include "llm/utf8_repair.h"

namespace {

void MustDump(const nlohmann::json& value) {
  try {
    (void)value.dump();
  } catch (const nlohmann::json::exception&) {
    std::abort();
  }
}

void CheckKept(const llmbox::AnthropicAnswer& answer, const std::string& text,
               const std::string& reasoning) {
  if (text != answer.text()) std::abort();  // on_text saw exactly the answer
  if (!llmbox::IsValidUtf8(text) || !llmbox::IsValidUtf8(reasoning)) std::abort();
  MustDump(answer.ResponseJson());
  MustDump(answer.usage().details);
  for (const llmbox::ToolCall& call : answer.ToolCalls()) {
    MustDump(call.arguments);
    if (!call.arguments.is_object()) std::abort();
  }
  (void)answer.ResolvedModel();
}

void CheckStream(std::string_view input, std::string schema_tool) {
  llmbox::SseParser parser(1 << 16);
  llmbox::AnthropicAnswer answer(std::move(schema_tool));
  std::string text, reasoning;
  llmbox::AnswerSink sink;
  sink.on_text = [&](std::string_view t) { text += t; };
  sink.on_reasoning = [&](std::string_view t) { reasoning += t; };
  bool failed = false;
  const llmbox::SseHandler on_event = [&](const llmbox::SseEvent& event) {
    if (failed) return;
    failed = !answer.OnEvent(event, sink).ok();
  };
  if (parser.Feed(input, on_event).ok()) parser.Finish(on_event);
  CheckKept(answer, text, reasoning);
}

void CheckWhole(std::string_view input) {
  llmbox::AnthropicAnswer answer("output_structured_data");
  std::string text, reasoning;
  llmbox::AnswerSink sink;
  sink.on_text = [&](std::string_view t) { text += t; };
  sink.on_reasoning = [&](std::string_view t) { reasoning += t; };
  if (!answer.OnWholeMessage(input, sink).ok()) return;
  CheckKept(answer, text, reasoning);
}

void CheckErrorLine(std::string_view input) {
  const std::string line = llmbox::ProviderErrorMessage(529, input, "Anthropic");
  if (!llmbox::IsValidUtf8(line)) std::abort();
  for (char c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckStream(input, "");
  CheckStream(input, "output_structured_data");
  CheckWhole(input);
  CheckErrorLine(input);
  return 0;
}
