// `llm models`: list the models the client knows and show or set the default.
//
//   llm models [list] [-q TEXT]...   one line per model, as llm prints them
//                                    ("OpenAI Chat: gpt-4o (aliases: 4o)"); every
//                                    -q must match (case-insensitive). Without -q
//                                    the list ends with "Default: MODEL".
//   llm models default [MODEL]       print the default model, or set it
#pragma once

#include "llm/command.h"

namespace llmbox {

void AddModelsCommand(CLI::App& app, Context& ctx, Runner& run);

}  // namespace llmbox
