// Talks to an MCP server over stdio (mcp_protocol.h) with the server process
// inside the custom-tool sandbox (tool_sandbox.h): clean environment, cwd in
// the workspace, Landlock, seccomp, rlimits, one wall-clock deadline and one
// output cap for the whole session, and the process group killed at the end.
//
// Each operation is its own short session: start the server, `initialize`,
// `notifications/initialized`, one request, stop the server. So a server
// keeps no state between two tool calls, and a server that hangs or floods
// costs one call, not the conversation. Callers check the policy first
// (custom_tools.h: only when LLM_DISABLE_CUSTOM_TOOLS is exactly "false").
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "llm/custom_tools.h"
#include "llm/mcp_protocol.h"
#include "llm/tool_sandbox.h"

namespace llmbox {

// What a session gave: the result of its one request, or why there is none.
struct McpSession {
  bool ok = false;
  nlohmann::json result;  // when ok
  std::string failure;    // when not: one line, names the server
  std::string warning;    // from the sandbox (e.g. Landlock unavailable)
};

// Starts `server`, completes the handshake, sends `method` with `params` and
// returns its result. `client_version` goes into clientInfo.
McpSession RunMcpSession(const McpServerDecl& server, std::string_view method,
                         const nlohmann::json& params, const SandboxLimits& limits,
                         std::string_view client_version);

// tools/list of `server`. kConfig errors name the server's file.
Result<std::vector<ToolDef>> ListMcpTools(const McpServerDecl& server, const SandboxLimits& limits,
                                          std::string_view client_version, std::string& warning);

}  // namespace llmbox
