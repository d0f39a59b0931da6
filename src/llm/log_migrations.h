// Making sure logs.db has llm 0.32's format before anything is written.
//
// llm records the migrations it has applied in `_llm_migrations` and runs
// any that are missing when it next opens the file. So an empty database gets
// the complete 0.32 schema plus every migration name, and an existing one is
// used only when its list is exactly 0.32's: a shorter list means an older
// llm wrote it (its tables lack columns we write), a longer one a newer llm
// whose changes we do not know. An SQLite file without the table is someone
// else's database. In each refused case the file is left untouched.
#pragma once

#include "common/result.h"
#include "llm/sqlite_db.h"

namespace llmbox {

// Creates or verifies the schema inside one BEGIN IMMEDIATE transaction, so
// two processes opening a new file at once cannot both create it. kConfig for
// a database that is not llm 0.32's; kIo for SQLite failures.
Result<void> EnsureLlmLogsSchema(SqliteDb& db);

}  // namespace llmbox
