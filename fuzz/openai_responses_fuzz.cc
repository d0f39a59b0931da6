// libFuzzer target for the OpenAI Responses answer readers: the input is read
// as an event stream (ResponsesStreamAccumulator, fed in two pieces split at a
// byte taken from the input, so events cross reads) and as a whole JSON reply
// (ParseResponsesReply). Properties checked beyond crashes: the sinks saw
// exactly the accumulated text and reasoning, all of it valid UTF-8, and every
// JSON value kept (response_json, usage details, tool call arguments) dumps
// with the strict UTF-8 handler, so logging it cannot throw.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "llm/openai_responses_stream.h"
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

void CheckStream(std::string_view input) {
  const size_t split = input.empty() ? 0 : static_cast<unsigned char>(input[0]) % input.size();
  llmbox::SseParser parser(1 << 16);
  llmbox::ResponsesStreamAccumulator answer;
  std::string text;
  std::string reasoning;
  llmbox::AnswerSink sink;
  sink.on_text = [&](std::string_view t) { text += t; };
  sink.on_reasoning = [&](std::string_view t) { reasoning += t; };
  bool failed = false;
  const llmbox::SseHandler on_event = [&](const llmbox::SseEvent& event) {
    if (!failed) failed = !answer.OnEvent(event, sink).ok();
  };
  if (parser.Feed(input.substr(0, split), on_event).ok() &&
      parser.Feed(input.substr(split), on_event).ok()) {
    parser.Finish(on_event);
  }
  if (text != answer.text() || reasoning != answer.reasoning()) std::abort();
  if (!llmbox::IsValidUtf8(text) || !llmbox::IsValidUtf8(reasoning)) std::abort();
  MustDump(answer.ResponseJson());
  MustDump(answer.usage().details);
  for (const llmbox::ToolCall& call : answer.tool_calls()) {
    MustDump(call.arguments);
    if (!llmbox::IsValidUtf8(call.id) || !llmbox::IsValidUtf8(call.name)) std::abort();
  }
}

void CheckWhole(std::string_view input) {
  auto parsed = llmbox::ParseResponsesReply(input);
  if (!parsed.ok()) return;
  if (!llmbox::IsValidUtf8(parsed->text) || !llmbox::IsValidUtf8(parsed->reasoning)) std::abort();
  MustDump(parsed->response_json);
  MustDump(parsed->usage.details);
  for (const llmbox::ToolCall& call : parsed->tool_calls) MustDump(call.arguments);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckStream(input);
  CheckWhole(input);
  return 0;
}
