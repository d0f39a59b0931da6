// libFuzzer target for the custom tool file parser (tools/*.yaml): YAML of
// any shape must give a tool or one error line, never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "llm/custom_tools.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto tool = llmbox::ParseCustomTool(text, "fuzz.yaml", "/tools");
  if (tool.ok() && (tool->name.empty() || tool->command.empty() || !tool->parameters.is_object())) {
    __builtin_trap();
  }
  return 0;
}
