// libFuzzer target for the OpenAI answer readers: the input is read both as a
// streamed reply (event stream -> ChatStreamAccumulator) and as a whole JSON
// reply (ParseChatResponse), and as an error body (ProviderErrorMessage).
// Properties checked beyond crashes: every JSON value we keep (tool calls
// included) can be dumped with the strict UTF-8 handler (so storing it in
// logs.db cannot throw), and an error line is valid UTF-8 without control
// characters.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "llm/openai_chat.h"
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

void CheckToolCalls(const std::vector<llmbox::ToolCall>& calls) {
  for (const llmbox::ToolCall& call : calls) {
    MustDump(call.arguments);
    MustDump(nlohmann::json(call.id));
    MustDump(nlohmann::json(call.name));
  }
}

void CheckStream(std::string_view input) {
  llmbox::SseParser parser(1 << 16);
  llmbox::ChatStreamAccumulator answer;
  std::string seen;
  bool failed = false;
  const llmbox::SseHandler on_event = [&](const llmbox::SseEvent& event) {
    if (failed) return;
    failed = !answer.OnEvent(event, [&](std::string_view text) { seen += text; }).ok();
  };
  if (parser.Feed(input, on_event).ok()) parser.Finish(on_event);
  if (seen != answer.text()) std::abort();  // on_text saw exactly the answer
  if (!llmbox::IsValidUtf8(seen)) std::abort();
  MustDump(answer.ResponseJson());
  MustDump(answer.usage().details);
  (void)answer.ResolvedModel();
  CheckToolCalls(answer.ToolCalls());
}

void CheckWhole(std::string_view input) {
  auto parsed = llmbox::ParseChatResponse(input);
  if (!parsed.ok()) return;
  if (!llmbox::IsValidUtf8(parsed->text)) std::abort();
  MustDump(parsed->response_json);
  MustDump(parsed->usage.details);
  CheckToolCalls(parsed->tool_calls);
}

void CheckErrorLine(std::string_view input) {
  const std::string line = llmbox::ProviderErrorMessage(500, input, "OpenAI");
  if (!llmbox::IsValidUtf8(line)) std::abort();
  for (char c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckStream(input);
  CheckWhole(input);
  CheckErrorLine(input);
  return 0;
}
