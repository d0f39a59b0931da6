#include "llm/log_migrations.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <string>

#include "llm/log_schema.h"
#include "llm/log_store.h"

namespace llmbox {
namespace {

Result<void> CreateSchema(SqliteDb& db) {
  for (std::string_view statement : LogSchemaStatements()) {
    auto r = db.Exec(std::string(statement), "creating the llm logs schema");
    if (!r.ok()) return r;
  }
  std::string applied_at = LlmUtcTimestamp(std::chrono::system_clock::now(), ' ');
  for (std::string_view name : LlmMigrationNames()) {
    auto stmt = SqliteStmt::Prepare(
        db, "INSERT INTO _llm_migrations (name, applied_at) VALUES (?, ?)", "recording migrations");
    if (!stmt.ok()) return stmt.error();
    stmt->BindText(1, name);
    stmt->BindText(2, applied_at);
    auto r = stmt->Run();
    if (!r.ok()) return r;
  }
  return Ok();
}

// Accepts exactly llm 0.32's set of migrations: with fewer, llm would migrate
// on next use (and we would write to columns that may not exist); with more,
// a newer llm changed the format in ways we do not know.
Result<void> CheckMigrations(SqliteDb& db) {
  auto applied = db.QueryColumn("SELECT name FROM _llm_migrations", "reading migrations");
  if (!applied.ok()) return applied.error();
  std::set<std::string> have(applied->begin(), applied->end());
  std::set<std::string> known;
  for (std::string_view name : LlmMigrationNames()) known.emplace(name);
  for (const std::string& name : have) {
    if (known.count(name) == 0) {
      return MakeError(ErrorKind::kConfig,
                       db.path() + ": written by a newer llm (unknown migration '" + name +
                           "'); llmbox reads and writes the logs.db of llm 0.32");
    }
  }
  for (const std::string& name : known) {
    if (have.count(name) == 0) {
      return MakeError(ErrorKind::kConfig,
                       db.path() + ": written by an older llm (migration '" + name +
                           "' not applied); run any `llm logs` command of llm 0.32 once to "
                           "upgrade it, or move the file aside");
    }
  }
  return Ok();
}

Result<void> CreateOrCheckSchema(SqliteDb& db) {
  auto objects = db.QueryColumn("SELECT name FROM sqlite_master", "reading the schema");
  if (!objects.ok()) return objects.error();
  if (objects->empty()) return CreateSchema(db);
  if (std::find(objects->begin(), objects->end(), "_llm_migrations") == objects->end()) {
    return MakeError(ErrorKind::kConfig, db.path() +
                                             ": an SQLite database, but not an llm logs database "
                                             "(no _llm_migrations table); refusing to modify it");
  }
  return CheckMigrations(db);
}

}  // namespace

Result<void> EnsureLlmLogsSchema(SqliteDb& db) {
  auto begin = db.Exec("BEGIN IMMEDIATE", "locking the database");
  if (!begin.ok()) return begin;
  auto r = CreateOrCheckSchema(db);
  if (r.ok()) r = db.Exec("COMMIT", "creating the llm logs schema");
  if (!r.ok()) (void)db.Exec("ROLLBACK", "rolling back");
  return r;
}

}  // namespace llmbox
