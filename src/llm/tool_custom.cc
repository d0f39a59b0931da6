#include "llm/tool_custom.h"

#include "llm/custom_tools.h"
#include "llm/logs_format.h"
#include "llm/mcp_client.h"
#include "llm/provider_error.h"

namespace llmbox {
namespace {

// The plugin name logged for custom tools (tools.plugin).
constexpr std::string_view kCustomToolsPlugin = "llmbox.custom_tools";
// The plugin name logged for an MCP server's tools: this plus the server's name.
constexpr std::string_view kMcpToolsPlugin = "llmbox.mcp.";

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

// An MCP tool's answer: its text, or, when the server says the tool failed,
// an error as a failing custom tool gives.
ToolOutcome McpOutcome(const McpSession& session) {
  ToolOutcome out;
  out.warning = session.warning;
  if (!session.ok) {
    out.output = "Error: " + session.failure;
    out.exception = "ToolError: " + session.failure;
    return out;
  }
  auto call = ParseMcpCallResult(session.result);
  if (!call) {
    out.output = "Error: " + call.error().message;
    out.exception = "ToolError: " + call.error().message;
  } else if (call->is_error) {
    out.output = "Error: " + call->text;
    out.exception = "ToolError: " + OnePrintableLine(call->text, 300);
  } else {
    out.output = std::move(call->text);
  }
  return out;
}

RegisteredTool RegisteredMcp(const McpServerDecl& server, ToolDef def,
                             const SandboxLimits& limits) {
  RegisteredTool r;
  r.def = std::move(def);
  r.plugin = std::string(kMcpToolsPlugin) + server.name;
  r.run = [server, name = r.def.name, limits](const nlohmann::json& arguments) {
    const nlohmann::json params = {{"name", name}, {"arguments", arguments}};
    return McpOutcome(RunMcpSession(server, "tools/call", params, limits, LLMBOX_VERSION));
  };
  return r;
}

// Why `tools` cannot join `registry`: a name another tool already has.
std::string NameClash(const McpServerDecl& server, const std::vector<ToolDef>& tools,
                      const ToolRegistry& registry) {
  for (std::size_t i = 0; i < tools.size(); ++i) {
    bool taken = registry.Find(tools[i].name) != nullptr;
    for (std::size_t j = 0; j < i && !taken; ++j) taken = tools[j].name == tools[i].name;
    if (taken) {
      return server.source_file + ": MCP server \"" + server.name + "\" lists tool \"" +
             tools[i].name + "\", a name another tool already has; rename one of them";
    }
  }
  return "";
}

// Each server's tools, or, for a server that cannot list them (missing,
// crashing, hanging, not speaking MCP, clashing names), one problem in
// `registry` so that only a prompt asking for its tools fails.
void AddMcpServers(const std::vector<McpServerDecl>& servers, const SandboxLimits& limits,
                   ToolRegistry& registry) {
  for (const McpServerDecl& server : servers) {
    std::string warning;
    auto tools = ListMcpTools(server, limits, LLMBOX_VERSION, warning);
    if (!tools.ok()) {
      registry.AddUnavailable(tools.error().message);
      continue;
    }
    if (std::string clash = NameClash(server, *tools, registry); !clash.empty()) {
      registry.AddUnavailable(std::move(clash));
      continue;
    }
    for (ToolDef& def : *tools) registry.Add(RegisteredMcp(server, std::move(def), limits));
  }
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
  auto files = LoadToolFiles(ctx.user_dir);
  if (!files.ok()) return files.error();
  const SandboxLimits limits = DefaultSandboxLimits(ctx.env);
  for (CustomTool& tool : files->tools) {
    const std::string name = tool.name;
    const std::string source = tool.source_file;
    if (!registry.Add(Registered(std::move(tool), limits))) {
      return MakeError(ErrorKind::kConfig, source + ": tool name \"" + name +
                                               "\" is a built-in tool's; rename the custom tool");
    }
  }
  AddMcpServers(files->mcp_servers, limits, registry);
  return registry;
}

}  // namespace llmbox
