// `llm aliases`: list, set and remove model aliases (aliases.json).
//
//   llm aliases [list] [--json]   every alias in effect, built-in ones included,
//                                 as "alias : model_id" lines padded like llm's;
//                                 --json prints the same mapping as a JSON object
//   llm aliases set ALIAS MODEL   MODEL (an id or alias) must resolve; its id is stored
//   llm aliases remove ALIAS      error "No such alias: ALIAS" if aliases.json lacks it
//   llm aliases path              the path of aliases.json
#pragma once

#include "llm/command.h"

namespace llmbox {

void AddAliasesCommand(CLI::App& app, Context& ctx, Runner& run);

}  // namespace llmbox
