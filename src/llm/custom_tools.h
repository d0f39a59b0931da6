// Custom tools: user-defined programs the model may call (issue 6). Off unless
// LLM_DISABLE_CUSTOM_TOOLS is exactly "false". A tool is declared in
// <user_dir>/tools/<anything>.yaml, one tool per file:
//
//   name: word_count                  # [A-Za-z0-9_-]{1,64}, unique
//   description: Count words in a workspace file
//   parameters:                       # JSON schema of the arguments (an object)
//     type: object
//     properties: {path: {type: string}}
//     required: [path]
//   command: [./word_count.sh]        # argv, no shell; "./x" is relative to the YAML file
//
// The tool receives the model's JSON arguments on stdin and answers on stdout;
// it runs in the sandbox of tool_sandbox.h.
//
// A file may instead declare an MCP server (mcp_client.h) whose tools/list
// tools are offered like custom tools, under the same switch and sandbox:
//
//   mcp_server: notes                 # [A-Za-z0-9_-]{1,64}, unique among the files
//   command: [/usr/bin/python3, ./notes_server.py]
//
// For the tool loop:
//
//   if (CustomToolsEnabled(ctx.env)) {
//     auto tools = LoadCustomTools(ctx.user_dir);            // Result: error names file:line
//     SandboxLimits limits = DefaultSandboxLimits(ctx.env);
//     ToolRunResult r = RunCustomTool(tool, arguments_json, limits);
//     // r.ok ? r.output : r.failure (+ r.stderr_text); log r.warning once
//   }
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.h"
#include "llm/command.h"
#include "llm/tool_sandbox.h"

namespace llmbox {

struct CustomTool {
  std::string name;
  std::string description;
  nlohmann::json parameters;         // JSON schema, always an object
  std::vector<std::string> command;  // argv, no shell; "./x" already made absolute
  std::string source_file;           // the YAML file it came from
};

// An MCP server over stdio, declared in a tool file.
struct McpServerDecl {
  std::string name;
  std::vector<std::string> command;  // argv, no shell; "./x" already made absolute
  std::string source_file;
};

using ToolFile = std::variant<CustomTool, McpServerDecl>;

struct ToolFiles {
  std::vector<CustomTool> tools;
  std::vector<McpServerDecl> mcp_servers;
};

// True only when LLM_DISABLE_CUSTOM_TOOLS is exactly "false"; unset or any
// other value keeps custom tools disabled.
bool CustomToolsEnabled(const EnvGetter& env);

// Loads every <user_dir>/tools/*.yaml in name order. A missing tools directory
// is no tools. Errors name the file and line. Refuses files writable by group
// or others (they decide what code runs).
Result<ToolFiles> LoadToolFiles(const std::string& user_dir);
// LoadToolFiles(), the custom tools only.
Result<std::vector<CustomTool>> LoadCustomTools(const std::string& user_dir);

// Parses one tool file's text; `source` names it in errors, `base_dir`
// resolves "./" command elements. Exposed for tests and the fuzzer.
Result<CustomTool> ParseCustomTool(std::string_view yaml_text, const std::string& source,
                                   const std::string& base_dir);

// One tool file: a tool or an MCP server (the mcp_server key decides).
Result<ToolFile> ParseToolFile(std::string_view yaml_text, const std::string& source,
                               const std::string& base_dir);

// `limits` plus read/execute access to the absolute regular files among
// `command`'s arguments (a script run by an interpreter).
SandboxLimits LimitsForCommand(const std::vector<std::string>& command, SandboxLimits limits);

// Runs the tool with `arguments_json` on stdin in the sandbox. Never throws;
// always reaps.
ToolRunResult RunCustomTool(const CustomTool& tool, const std::string& arguments_json,
                            const SandboxLimits& limits);

}  // namespace llmbox
