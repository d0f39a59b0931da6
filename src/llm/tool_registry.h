// The tools a prompt can offer the model (-T/--tool, `llm tools list`): llm's
// two built-ins, llm_version and llm_time (always available), plus the user's
// custom tools when LLM_DISABLE_CUSTOM_TOOLS is "false" (custom_tools.h).
// Each tool carries what llm logs about it (the tools table: name,
// description, input_schema, plugin, hash) and the function that runs it.
// Reference: llm's docs/tools.md and llm/tools.py (llm 0.32).
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "llm/model_call.h"

namespace llmbox {

// What running a tool produced.
struct ToolOutcome {
  std::string output;        // sent back to the model
  std::string exception;     // empty, or "Type: message" as llm logs tool_results.exception
  std::string warning = {};  // for stderr once, e.g. a sandbox weaker than asked for
};

using ToolFunction = std::function<ToolOutcome(const nlohmann::json& arguments)>;

// The plugin name llm records for its built-in tools.
inline constexpr std::string_view kBuiltinToolsPlugin = "llm.default_plugins.default_tools";

struct RegisteredTool {
  ToolDef def;
  std::string plugin;   // tools.plugin; empty is stored as NULL
  std::string returns;  // Python return annotation for `llm tools list` ("str"), or empty
  bool builtin = false;
  ToolFunction run;
};

class ToolRegistry {
 public:
  // Adds a tool; false (and nothing added) when the name is already taken,
  // so a custom tool can never replace a built-in.
  bool Add(RegisteredTool tool);
  const RegisteredTool* Find(std::string_view name) const;
  // Every tool, sorted by name (the order `llm tools list` prints).
  std::vector<const RegisteredTool*> All() const;
  std::vector<std::string> Names() const;  // sorted

  // A source of tools that could not be loaded (an MCP server whose
  // tools/list failed): one line naming it and saying what to fix. Its tools
  // are missing; the others still work.
  void AddUnavailable(std::string problem) { unavailable_.push_back(std::move(problem)); }
  const std::vector<std::string>& Unavailable() const { return unavailable_; }

 private:
  std::vector<RegisteredTool> tools_;
  std::vector<std::string> unavailable_;
};

// llm_version and llm_time. `version` is what llm_version returns.
ToolRegistry BuiltinTools(std::string version);

// llm_time's answer for `now` in the process's local time zone: a JSON object
// with utc_time, utc_time_iso, local_timezone, local_time, timezone_offset
// and is_dst, in that order, as Python's json.dumps writes it.
std::string LlmTimeOutput(std::chrono::system_clock::time_point now);

// tools.hash: SHA-256 (hex) of json.dumps({"name", "description",
// "input_schema"[, "plugin"]}), as llm's Tool.hash() computes it.
std::string ToolHash(const RegisteredTool& tool);

// `llm tools list` text: "name(arg: str) -> str (plugin: p)", a blank line,
// the indented description and a blank line, for each tool.
std::string RenderToolList(const std::vector<const RegisteredTool*>& tools);
// `llm tools list --json`: {"tools": [{name, description, arguments, plugin}], "toolboxes": []}.
std::string RenderToolListJson(const std::vector<const RegisteredTool*>& tools);

}  // namespace llmbox
