// Which tools may run. The model's output is untrusted: it can name any tool,
// including ones the user never offered, custom tools while they are
// disabled, or arguments that are not an object. The rules:
//   - built-in tools (llm_version, llm_time) can always be offered with -T;
//   - a custom tool can be offered only when LLM_DISABLE_CUSTOM_TOOLS is
//     exactly "false"; otherwise -T naming it is an error before any request;
//   - a call runs only if its tool was offered with this prompt and its
//     arguments are a JSON object; anything else is refused: nothing runs,
//     the model gets an error text as the result (llm's wording for an
//     unknown tool), a warning goes to stderr, and the refusal is logged.
// See SECURITY.md ("Tools") and llm's docs/tools.md.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "llm/model_call.h"
#include "llm/tool_registry.h"

namespace llmbox {

// The tools named with -T, in order, without repeats. kConfig (exit status
// 1, as llm) for a non-built-in name while custom tools are disabled, or a
// name no tool has (then naming the tool sources that failed to load, such as
// a broken MCP server, whose tools it may have been).
Result<std::vector<const RegisteredTool*>> SelectTools(const std::vector<std::string>& names,
                                                       const ToolRegistry& registry,
                                                       bool custom_enabled);

struct CallDecision {
  const RegisteredTool* tool = nullptr;  // set when the call may run
  // When refused: the result text for the model, the logged exception and
  // the one-line warning for stderr.
  std::string refusal;
  std::string exception;
  std::string warning;
};

CallDecision DecideCall(const ToolCall& call, const std::vector<const RegisteredTool*>& offered,
                        bool custom_enabled);

}  // namespace llmbox
