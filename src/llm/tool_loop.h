// The tool-call loop of `llm -T`, as llm 0.32 runs it: when an answer asks for
// tools, each call is checked (tool_policy.h), optionally approved on the
// terminal (--ta), run, optionally shown on stderr (--td), and the results
// go back to the model in a new request; up to --cl requests in all (default
// 5, 0 for no limit). PromptSession sends the requests and logs each one as
// its own responses row; this class decides and runs the tools.
//
// What it guards against: a hostile model running tools the user did not
// offer (refused, see tool_policy.h); an approval prompt answered by piped
// input instead of the user (--ta reads /dev/tty only, and refuses when there
// is no terminal); an endless chain (--cl).
// Reference: llm's docs/tools.md and docs/usage.md ("Tools").
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "llm/command.h"
#include "llm/log_store.h"
#include "llm/model_call.h"
#include "llm/tool_registry.h"

namespace llmbox {

struct ToolLoopOptions {
  std::vector<std::string> tools;  // -T/--tool names
  bool debug = false;              // --td/--tools-debug (or LLM_TOOLS_DEBUG)
  bool approve = false;            // --ta/--tools-approve
  int chain_limit = 5;             // --cl/--chain-limit; 0 = no limit
};

// Asks a yes/no question; the answer line, or nullopt when nobody can answer.
using Asker = std::function<std::optional<std::string>(std::string_view question)>;

// Asks on the controlling terminal (/dev/tty), never on standard input.
Asker TerminalAsker();

class ToolLoop {
 public:
  // Loads the tools (built-ins, plus custom tools when enabled) and selects
  // the -T ones. Errors as SelectTools() and loading custom tools.
  static Result<ToolLoop> Create(const Context& ctx, const ToolLoopOptions& options,
                                 Asker ask = TerminalAsker());
  // From an existing registry (tests).
  ToolLoop(std::shared_ptr<const ToolRegistry> registry, std::vector<const RegisteredTool*> offered,
           bool custom_enabled, ToolLoopOptions options, Asker ask);

  std::vector<ToolDef> Defs() const;       // what the request offers
  std::vector<LoggedTool> Logged() const;  // what each responses row links to

  // Runs or refuses each call, in order; one result per call.
  std::vector<LoggedToolResult> Run(const std::vector<ToolCall>& calls, std::ostream& err,
                                    bool err_is_tty);

  // Error "Chain limit of N exceeded." once `requests_done` requests used up
  // the limit and the model still asks for tools.
  Result<void> CheckChainLimit(int requests_done) const;

 private:
  LoggedToolResult RunOne(const ToolCall& call, std::ostream& err, bool err_is_tty);

  std::shared_ptr<const ToolRegistry> registry_;
  std::vector<const RegisteredTool*> offered_;
  bool custom_enabled_ = false;
  ToolLoopOptions options_;
  Asker ask_;
  std::set<std::string> warned_;  // tool warnings already shown
};

// Python's repr() of a JSON value, as llm prints tool arguments:
// {'a': 1, 'b': 'x'}, True, None.
std::string PythonRepr(const nlohmann::json& value);

// What --td prints after a tool ran (llm's _debug_tool_call): the call, the
// output (pretty JSON when it is JSON) indented by two, the exception if any.
std::string ToolDebugText(const ToolCall& call, const LoggedToolResult& result, bool color);

}  // namespace llmbox
