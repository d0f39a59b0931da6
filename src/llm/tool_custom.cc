#include "llm/tool_custom.h"

namespace llmbox {

bool CustomToolsAvailable(const EnvGetter& env) {
  auto value = env("LLM_DISABLE_CUSTOM_TOOLS");
  return value && *value == "false";
}

// Until the sandbox lands there are no custom tools to add.
Result<ToolRegistry> LoadAvailableTools(const Context&) { return BuiltinTools(LLMBOX_VERSION); }

}  // namespace llmbox
