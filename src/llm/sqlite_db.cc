#include "llm/sqlite_db.h"

#include <utility>

namespace llmbox {

Result<SqliteDb> SqliteDb::Open(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return MakeError(ErrorKind::kIo, path + ": cannot open database: " + detail);
  }
  // Extended codes let LastErrorWasBusy() see SQLITE_BUSY_* variants too.
  sqlite3_extended_result_codes(db, 1);
  return SqliteDb(db, path);
}

SqliteDb::SqliteDb(SqliteDb&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      last_error_(other.last_error_) {}

SqliteDb& SqliteDb::operator=(SqliteDb&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    last_error_ = other.last_error_;
  }
  return *this;
}

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }

bool SqliteDb::LastErrorWasBusy() const {
  int primary = last_error_ & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

Error SqliteDb::Fail(int rc, std::string_view what) {
  last_error_ = rc;
  std::string detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  int primary = rc & 0xff;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) {
    return MakeError(ErrorKind::kIo, path_ + ": not an SQLite database, or it is corrupt (" +
                                         detail + "); move it aside to start a new log");
  }
  return MakeError(ErrorKind::kIo, path_ + ": " + std::string(what) + ": " + detail);
}

Result<void> SqliteDb::Exec(const std::string& sql, std::string_view what) {
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Fail(rc, what);
  return Ok();
}

Result<std::vector<std::string>> SqliteDb::QueryColumn(std::string_view sql,
                                                       std::string_view what) {
  auto stmt = SqliteStmt::Prepare(*this, sql, what);
  if (!stmt.ok()) return stmt.error();
  std::vector<std::string> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    out.push_back(stmt->Text(0));
  }
}

Result<SqliteStmt> SqliteStmt::Prepare(SqliteDb& db, std::string_view sql, std::string_view what) {
  sqlite3_stmt* stmt = nullptr;
  int rc =
      sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return db.Fail(rc, what);
  }
  return SqliteStmt(&db, stmt, what);
}

SqliteStmt::SqliteStmt(SqliteStmt&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), what_(std::move(other.what_)) {}

SqliteStmt::~SqliteStmt() { sqlite3_finalize(stmt_); }

void SqliteStmt::BindText(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void SqliteStmt::BindTextUncopied(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
}

void SqliteStmt::BindInt(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }

void SqliteStmt::BindNull(int index) { sqlite3_bind_null(stmt_, index); }

void SqliteStmt::BindBlob(int index, std::string_view bytes) {
  // A non-null pointer even for zero bytes: a NULL pointer would bind SQL NULL.
  static const char kEmpty = 0;
  sqlite3_bind_blob64(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(),
                      SQLITE_TRANSIENT);
}

void SqliteStmt::BindTextOrNull(int index, std::string_view text) {
  if (text.empty()) {
    BindNull(index);
  } else {
    BindText(index, text);
  }
}

void SqliteStmt::BindIntOrNull(int index, const std::optional<int64_t>& value) {
  if (value.has_value()) {
    BindInt(index, *value);
  } else {
    BindNull(index);
  }
}

Result<bool> SqliteStmt::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->Fail(rc, what_);
}

Result<void> SqliteStmt::Run() {
  for (;;) {
    auto more = Step();
    if (!more.ok()) return more.error();
    if (!*more) return Ok();
  }
}

bool SqliteStmt::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string SqliteStmt::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  int len = sqlite3_column_bytes(stmt_, column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(len));
}

std::string SqliteStmt::Blob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  if (data == nullptr) return {};
  int len = sqlite3_column_bytes(stmt_, column);
  return std::string(static_cast<const char*>(data), static_cast<size_t>(len));
}

int64_t SqliteStmt::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::optional<int64_t> SqliteStmt::IntOrNull(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

}  // namespace llmbox
