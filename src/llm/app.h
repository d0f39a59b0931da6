// The `llm` command line: one CLI11 app with a subcommand per file, the
// default-command rule of `llm` (anything that is not a command name is a
// prompt), and the mapping of errors to one line and an exit status.
#pragma once

#include <string>
#include <vector>

#include "llm/command.h"

namespace llmbox {

// Runs `llm` with argv (argv[0] excluded). Returns the process exit status:
// 0 success, 1 error, 2 usage error.
int RunLlm(std::vector<std::string> args, Context& ctx);

// Inserts "prompt" where `llm` would: when the first argument is not a known
// command name nor a top-level flag.
std::vector<std::string> WithDefaultCommand(std::vector<std::string> args,
                                            const std::vector<std::string>& commands);

}  // namespace llmbox
