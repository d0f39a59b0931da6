// logs.db as a file: where and how it is created and opened, apart from the
// rows in it (log_store.h).
//
// What this guards against:
// - other users reading every prompt ever sent: the file is created 0600 and
//   missing directories 0700 before SQLite opens it (SQLite would apply the
//   umask, typically 0644); an existing file keeps its mode;
// - failing late: a file SQLite can only open read-only is refused at open,
//   not at the first prompt;
// - losing rows when several `llm` processes log at once: a 10 s busy
//   timeout, and WAL mode so readers and one writer proceed together.
#pragma once

#include <string>

#include "common/result.h"
#include "llm/sqlite_db.h"

namespace llmbox {

// Creates the parent directories (0700) and the file (0600) when missing;
// nothing for ":memory:". kIo naming the path that could not be created.
Result<void> PrepareLogFile(const std::string& path);

// PrepareLogFile, then a read-write connection with the busy timeout. kIo
// when the file is read-only (with what to do about it).
Result<SqliteDb> OpenLogDb(const std::string& path);

// WAL with synchronous=NORMAL and no checkpoint on close. Best effort: a
// database another process holds right now keeps its mode until a later open.
void ConfigureLogJournal(SqliteDb& db);

}  // namespace llmbox
