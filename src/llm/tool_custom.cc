#include "llm/tool_custom.h"

#include "llm/custom_tools.h"
#include "llm/logs_format.h"
#include "llm/mcp_client.h"
#include "llm/mcp_discovery.h"
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

// Lists a server's tools in the sandbox, stopping it when `cancel` is set.
McpDiscovery Discovery(const SandboxLimits& limits) {
  McpDiscovery d;
  d.list = [limits](const McpServerDecl& server, const std::atomic<bool>& cancel) {
    SandboxLimits cancellable = limits;
    cancellable.cancel = &cancel;
    std::string warning;
    return ListMcpTools(server, cancellable, LLMBOX_VERSION, warning);
  };
  d.make = [limits](const McpServerDecl& server, ToolDef def) {
    return RegisteredMcp(server, std::move(def), limits);
  };
  return d;
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

// The built-ins and custom tools, then the MCP servers' tools: all of them,
// or only as many servers as `wanted` needs.
Result<ToolRegistry> LoadTools(const Context& ctx,
                               const std::optional<std::vector<std::string>>& wanted) {
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
  AddMcpServerTools(files->mcp_servers, Discovery(limits), wanted, registry);
  return registry;
}

}  // namespace

bool CustomToolsAvailable(const EnvGetter& env) { return CustomToolsEnabled(env); }

Result<ToolRegistry> LoadAvailableTools(const Context& ctx) { return LoadTools(ctx, std::nullopt); }

Result<ToolRegistry> LoadToolsFor(const Context& ctx, const std::vector<std::string>& names) {
  return LoadTools(ctx, names);
}

}  // namespace llmbox
