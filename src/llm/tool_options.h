// The tool options `llm prompt` and `llm chat` share, as llm 0.32 declares
// them on both commands (llm/cli.py): -T/--tool (repeatable), --functions,
// --td/--tools-debug (also $LLM_TOOLS_DEBUG), --ta/--tools-approve and
// --cl/--chain-limit. One table, so the two commands cannot drift apart.
// --functions takes Python code that llm runs in its own interpreter;
// llmbox has none, so it is accepted by the parser only to be refused with a
// pointer to custom tools (tools/*.yaml), which run in the tool sandbox.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "llm/command.h"
#include "llm/tool_loop.h"

namespace llmbox {

struct ToolArgs {
  ToolLoopOptions loop;                // -T, --td, --ta, --cl
  std::vector<std::string> functions;  // --functions: refused by FinishToolArgs()
};

// Adds the options to `cmd`; they write into `args`, which must outlive parsing.
void AddToolOptions(CLI::App& cmd, ToolArgs& args);

// After parsing: kUsage for --functions; $LLM_TOOLS_DEBUG set to one of
// click's truthy values (1, true, t, yes, y, on; any case) turns on --td.
// Returns the loop options to give PromptSession.
Result<ToolLoopOptions> FinishToolArgs(const EnvGetter& env, const ToolArgs& args);

}  // namespace llmbox
