// `llm tools`: the tools a prompt can offer with -T.
//
//   llm tools [list] [--json]   each tool as llm prints it: "llm_time() -> dict
//                               (plugin: llm.default_plugins.default_tools)",
//                               then its description; --json as
//                               {"tools": [...], "toolboxes": []}. Custom tools
//                               are listed only when LLM_DISABLE_CUSTOM_TOOLS
//                               is "false".
#pragma once

#include "llm/command.h"

namespace llmbox {

void AddToolsCommand(CLI::App& app, Context& ctx, Runner& run);

}  // namespace llmbox
