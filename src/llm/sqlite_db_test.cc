#include "llm/sqlite_db.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

// Suite named under LogStore: the wrapper exists for the log store.
namespace llmbox {
namespace {

SqliteDb MemoryDb() {
  auto db = SqliteDb::Open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  EXPECT_TRUE(db.ok());
  return std::move(db).value();
}

TEST(LogStoreSqliteDb, ErrorNamesDatabaseAndStep) {
  SqliteDb db = MemoryDb();
  auto r = db.Exec("SELECT * FROM missing", "reading things");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kIo);
  EXPECT_EQ(r.error().message, ":memory:: reading things: no such table: missing");
  EXPECT_FALSE(db.LastErrorWasBusy());
}

TEST(LogStoreSqliteDb, BindsEmptyTextAndAbsentIntAsNull) {
  SqliteDb db = MemoryDb();
  ASSERT_TRUE(db.Exec("CREATE TABLE t (a TEXT, b INTEGER)", "creating").ok());
  auto insert = SqliteStmt::Prepare(db, "INSERT INTO t VALUES (?, ?)", "inserting");
  ASSERT_TRUE(insert.ok());
  insert->BindTextOrNull(1, "");
  insert->BindIntOrNull(2, std::nullopt);
  ASSERT_TRUE(insert->Run().ok());
  auto nulls = db.QueryColumn("SELECT (a IS NULL) + (b IS NULL) FROM t", "reading");
  ASSERT_TRUE(nulls.ok());
  EXPECT_EQ(*nulls, std::vector<std::string>{"2"});
}

TEST(LogStoreSqliteDb, TextKeepsEmbeddedNulBytes) {
  SqliteDb db = MemoryDb();
  auto stmt = SqliteStmt::Prepare(db, "SELECT ?", "echo");
  ASSERT_TRUE(stmt.ok());
  stmt->BindText(1, std::string("a\0b", 3));
  ASSERT_TRUE(*stmt->Step());
  EXPECT_EQ(stmt->Text(0), std::string("a\0b", 3));
}

TEST(LogStoreSqliteDb, OpenFailureNamesThePath) {
  auto db = SqliteDb::Open("/nonexistent-dir/x.db", SQLITE_OPEN_READWRITE);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().message.rfind("/nonexistent-dir/x.db: cannot open database", 0), 0u);
}

}  // namespace
}  // namespace llmbox
