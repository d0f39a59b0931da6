// See log_db_file.h for what this guards against.
#include "llm/log_db_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace llmbox {
namespace {

constexpr int kBusyTimeoutMs = 10'000;

bool IsMemory(const std::string& path) { return path == ":memory:"; }

Error IoError(const std::string& path, const std::string& what) {
  return MakeError(ErrorKind::kIo, path + ": " + what + ": " + std::strerror(errno));
}

// mkdir -p for the directory holding `path`; new directories are private
// because the log holds every prompt the user ever sent.
Result<void> EnsureParentDir(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return Ok();
  std::string dir = path.substr(0, slash);
  for (size_t pos = 1; pos <= dir.size(); ++pos) {
    if (pos != dir.size() && dir[pos] != '/') continue;
    std::string part = dir.substr(0, pos);
    struct stat st {};
    if (::stat(part.c_str(), &st) == 0) continue;
    if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) {
      return IoError(part, "cannot create directory");
    }
  }
  return Ok();
}

// Creates the file with mode 0600 before SQLite does (SQLite would apply the
// umask, typically giving 0644). An existing file keeps its mode.
Result<void> PrecreateFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd >= 0) {
    ::close(fd);
    return Ok();
  }
  if (errno == EEXIST) return Ok();
  return IoError(path, "cannot create the log database");
}

}  // namespace

Result<void> PrepareLogFile(const std::string& path) {
  if (IsMemory(path)) return Ok();
  auto dir = EnsureParentDir(path);
  if (!dir.ok()) return dir.error();
  return PrecreateFile(path);
}

Result<SqliteDb> OpenLogDb(const std::string& path) {
  auto prepared = PrepareLogFile(path);
  if (!prepared.ok()) return prepared.error();
  auto db = SqliteDb::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db.ok()) return db.error();
  // SQLite silently falls back to read-only when it cannot write the file;
  // the log would then fail on the first prompt instead of here.
  if (sqlite3_db_readonly(db->handle(), "main") == 1) {
    return MakeError(ErrorKind::kIo,
                     path +
                         ": the log database is read-only; make it (and its "
                         "directory) writable, or stop logging with `llm logs off`");
  }
  sqlite3_busy_timeout(db->handle(), kBusyTimeoutMs);
  return db;
}

// WAL lets readers and one writer proceed together. The switch needs a
// moment of exclusive access; if another process holds the database right
// now the switch is left to the next open rather than failing this one.
// synchronous=NORMAL is the documented safe pairing with WAL: a power cut can
// lose the last commits but never corrupts the file.
// The last connection to close would otherwise checkpoint and delete the WAL,
// costing four fdatasync calls per prompt; SQLite's automatic checkpoint
// (every 1000 pages) still keeps the WAL bounded.
void ConfigureLogJournal(SqliteDb& db) {
  (void)db.Exec("PRAGMA journal_mode=WAL", "enabling WAL");
  (void)db.Exec("PRAGMA synchronous=NORMAL", "setting synchronous");
  (void)sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
}

}  // namespace llmbox
