// A thin owner for one SQLite connection and its prepared statements, so the
// code that stores logs reads as SQL plus error handling rather than C API
// bookkeeping. Every failure becomes an Error whose message names the database
// file and what was being done, then SQLite's own explanation.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace llmbox {

class SqliteDb {
 public:
  // sqlite3_open_v2 with `flags`. The connection is closed again on failure.
  static Result<SqliteDb> Open(const std::string& path, int flags);

  SqliteDb(SqliteDb&& other) noexcept;
  SqliteDb& operator=(SqliteDb&& other) noexcept;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

  // Runs one or more statements that return no rows. `what` describes the
  // step for the error message ("creating the schema").
  Result<void> Exec(const std::string& sql, std::string_view what);

  // The first column of every row `sql` returns, as text.
  Result<std::vector<std::string>> QueryColumn(std::string_view sql, std::string_view what);

  // Whether the last failure reported through this object was a lock
  // conflict (SQLITE_BUSY / SQLITE_LOCKED), which a retry may overcome.
  bool LastErrorWasBusy() const;

  // Builds the Error for a failed call returning `rc`, remembering `rc`.
  Error Fail(int rc, std::string_view what);

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_ = nullptr;
  std::string path_;
  int last_error_ = SQLITE_OK;
};

class SqliteStmt {
 public:
  static Result<SqliteStmt> Prepare(SqliteDb& db, std::string_view sql, std::string_view what);

  SqliteStmt(SqliteStmt&& other) noexcept;
  SqliteStmt& operator=(SqliteStmt&& other) = delete;
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;
  ~SqliteStmt();

  // Parameters are 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT).
  void BindText(int index, std::string_view text);
  // Not copied (SQLITE_STATIC): for long text, such as a whole answer, that
  // stays alive and unchanged until this statement is finalized.
  void BindTextUncopied(int index, std::string_view text);
  void BindInt(int index, int64_t value);
  void BindNull(int index);
  void BindBlob(int index, std::string_view bytes);  // copied, like text
  // NULL when empty / absent: llm stores missing values as NULL, not "".
  void BindTextOrNull(int index, std::string_view text);
  void BindIntOrNull(int index, const std::optional<int64_t>& value);

  // Next row: true when a row is available, false when done.
  Result<bool> Step();
  // Runs a statement that returns no rows to completion.
  Result<void> Run();

  bool IsNull(int column) const;
  std::string Text(int column) const;  // "" for NULL
  std::string Blob(int column) const;  // the raw bytes of a BLOB (or text); "" for NULL
  int64_t Int(int column) const;
  std::optional<int64_t> IntOrNull(int column) const;

 private:
  SqliteStmt(SqliteDb* db, sqlite3_stmt* stmt, std::string_view what)
      : db_(db), stmt_(stmt), what_(what) {}

  SqliteDb* db_;
  sqlite3_stmt* stmt_;
  std::string what_;
};

}  // namespace llmbox
