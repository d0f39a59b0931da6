// The bridge between the tool loop and the user's custom tools
// (custom_tools.h): whether they are enabled, and each one as a registered
// tool that runs in the sandbox (tool_sandbox.h), and the tools of the MCP
// servers declared beside them (mcp_client.h), listed when the tools load
// and only as far as needed (mcp_discovery.h).
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "llm/command.h"
#include "llm/tool_registry.h"

namespace llmbox {

// True only when LLM_DISABLE_CUSTOM_TOOLS is exactly "false".
bool CustomToolsAvailable(const EnvGetter& env);

// The tools this process can offer: the built-ins, plus every custom tool of
// <user_dir>/tools when CustomToolsAvailable(). A custom tool named like a
// built-in is an error (kConfig), as is an unreadable tool file. An MCP
// server that cannot list its tools is not: it goes in Unavailable().
// Every MCP server is asked for its tools (llm tools list).
Result<ToolRegistry> LoadAvailableTools(const Context& ctx);

// As LoadAvailableTools(), for a prompt offering `names` (-T): no MCP server
// is started when the built-in and custom tools have every name; otherwise
// the servers are asked only until every name is found (mcp_discovery.h), so
// a hanging server slows only prompts that may need its tools. The tools it
// returns for `names` are the ones LoadAvailableTools() would.
Result<ToolRegistry> LoadToolsFor(const Context& ctx, const std::vector<std::string>& names);

}  // namespace llmbox
