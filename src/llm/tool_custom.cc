#include "llm/tool_custom.h"

#include "llm/custom_tools.h"
#include "llm/logs_format.h"
#include "llm/provider_error.h"

namespace llmbox {
namespace {

// The plugin name logged for custom tools (tools.plugin).
constexpr std::string_view kCustomToolsPlugin = "llmbox.custom_tools";

ToolOutcome Outcome(const ToolRunResult& r) {
  ToolOutcome out;
  out.warning = r.warning;
  if (r.ok) {
    out.output = r.output;
    return out;
  }
  std::string detail = r.failure;
  const std::string err = OnePrintableLine(r.stderr_text, 500);
  if (!err.empty() && err != " ") detail += ": " + err;
  out.output = "Error: " + detail;
  out.exception = "ToolError: " + r.failure;
  return out;
}

RegisteredTool Registered(CustomTool tool, const SandboxLimits& limits) {
  RegisteredTool r;
  r.def = {tool.name, tool.description, tool.parameters};
  r.plugin = kCustomToolsPlugin;
  r.run = [tool = std::move(tool), limits](const nlohmann::json& arguments) {
    return Outcome(RunCustomTool(tool, PythonJsonDumps(arguments), limits));
  };
  return r;
}

}  // namespace

bool CustomToolsAvailable(const EnvGetter& env) { return CustomToolsEnabled(env); }

Result<ToolRegistry> LoadAvailableTools(const Context& ctx) {
  ToolRegistry registry = BuiltinTools(LLMBOX_VERSION);
  if (!CustomToolsAvailable(ctx.env)) return registry;
  auto tools = LoadCustomTools(ctx.user_dir);
  if (!tools.ok()) return tools.error();
  const SandboxLimits limits = DefaultSandboxLimits(ctx.env);
  for (CustomTool& tool : *tools) {
    const std::string name = tool.name;
    const std::string source = tool.source_file;
    if (!registry.Add(Registered(std::move(tool), limits))) {
      return MakeError(ErrorKind::kConfig, source + ": tool name \"" + name +
                                               "\" is a built-in tool's; rename the custom tool");
    }
  }
  return registry;
}

}  // namespace llmbox
