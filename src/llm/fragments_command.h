// `llm fragments`: the fragments stored in logs.db (llm 0.32, llm/cli.py).
//
//   llm fragments [list] [-q TEXT]... [--aliases] [--json]
//       oldest first, as YAML items (hash, aliases, datetime_utc, source,
//       content cut to 100 characters; multi-line content as a "|-" block),
//       or with --json a JSON array (indent 4) with the whole content; every
//       -q must match the hash, an alias, or part of the source or content
//   llm fragments set ALIAS FRAGMENT   stores FRAGMENT (file, URL, hash, alias
//       or -) and points ALIAS (letters, digits, '_', '-') at it
//   llm fragments show FRAGMENT        prints its content
//   llm fragments remove ALIAS         forgets the alias (no error when absent)
//   llm fragments loaders              none: loaders are llm plugins
#pragma once

#include "llm/command.h"

namespace llmbox {

void AddFragmentsCommand(CLI::App& app, Context& ctx, Runner& run);

}  // namespace llmbox
