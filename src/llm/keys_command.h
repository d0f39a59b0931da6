// `llm keys`: list, path, get and set the keys stored in keys.json.
//
//   llm keys                 same as `llm keys list`
//   llm keys list            stored key names, sorted (never values)
//   llm keys path            the path of keys.json
//   llm keys get NAME        prints one key: the only command that prints a key
//   llm keys set NAME [--value V]
//                            without --value, reads the key from stdin: from a
//                            terminal with a prompt and echo off, else one line
#pragma once

#include "llm/command.h"

namespace llmbox {

void AddKeysCommand(CLI::App& app, Context& ctx, Runner& run);

}  // namespace llmbox
