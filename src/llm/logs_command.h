// `llm logs`: list, search and inspect logged prompts and responses, and turn
// logging on or off, as llm 0.32 does.
//
//   llm logs [list] [-n N] [-m MODEL] [-q QUERY] [-c | --cid ID] [-r] [-s] [-u] [-t] [--json]
//                   [-d DB]
//   llm logs path | status | on | off
//
// Logging is on unless <user_dir>/logs-off exists; the database is
// <user_dir>/logs.db.
#pragma once

#include <string>

#include "llm/command.h"

namespace llmbox {

void AddLogsCommand(CLI::App& app, Context& ctx, Runner& run);

// Whether prompts should be logged by default (no logs-off file in user_dir).
bool LoggingEnabled(const std::string& user_dir);

// <user_dir>/logs.db
std::string LogsDbPath(const std::string& user_dir);

}  // namespace llmbox
