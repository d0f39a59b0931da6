// The schema check, through LogStore::Open: a fresh file gets exactly the
// reference schema; files that are not llm 0.32 logs are refused untouched.
#include "llm/log_migrations.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "llm/log_schema.h"
#include "llm/log_store.h"
#include "llm/log_test_support.h"

namespace llmbox {
namespace {

using logtest::MakeRecord;
using logtest::OpenOrDie;
using logtest::RawExec;
using logtest::RawQuery;
using logtest::TempDir;

// The reference schema lives in the source tree, not the build tree.
std::string ReferenceSchemaPath() {
  return (std::filesystem::path(__FILE__).parent_path() /
          "../../tests/data/llm-0.32-logs-schema.sql")
      .lexically_normal()
      .string();
}

struct ReferenceSchema {
  std::set<std::string> statements;  // without the trailing ';'
  std::set<std::string> migrations;
};

ReferenceSchema LoadReference() {
  std::ifstream in(ReferenceSchemaPath());
  ReferenceSchema ref;
  std::string line;
  std::string current;
  while (std::getline(in, line)) {
    if (line.rfind("-- migrations applied:", 0) == 0) {
      // -- migrations applied: ['m001_initial', 'm002_id_primary_key', ...]
      for (size_t open = line.find('\''); open != std::string::npos;) {
        size_t close = line.find('\'', open + 1);
        ref.migrations.insert(line.substr(open + 1, close - open - 1));
        open = line.find('\'', close + 1);
      }
      continue;
    }
    if (line.rfind("--", 0) == 0) continue;
    current += line + "\n";
    if (sqlite3_complete(current.c_str())) {
      std::string s = current.substr(0, current.find_last_of(';'));
      ref.statements.insert(s);
      current.clear();
    }
  }
  return ref;
}

TEST(LogsDbSchema, FreshDatabaseHasExactlyTheLlm032Schema) {
  ReferenceSchema ref = LoadReference();
  ASSERT_GT(ref.statements.size(), 40u) << "cannot read " << ReferenceSchemaPath();
  TempDir tmp;
  { OpenOrDie(tmp.Sub("logs.db")); }
  auto sql = RawQuery(tmp.Sub("logs.db"), "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL");
  std::set<std::string> actual(sql.begin(), sql.end());
  EXPECT_EQ(actual, ref.statements);
}

TEST(LogsDbSchema, FreshDatabaseListsEveryLlm032Migration) {
  ReferenceSchema ref = LoadReference();
  ASSERT_EQ(ref.migrations.size(), 30u);
  TempDir tmp;
  { OpenOrDie(tmp.Sub("logs.db")); }
  auto names = RawQuery(tmp.Sub("logs.db"), "SELECT name FROM _llm_migrations");
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()), ref.migrations);
  auto applied = RawQuery(tmp.Sub("logs.db"), "SELECT DISTINCT applied_at FROM _llm_migrations");
  ASSERT_EQ(applied.size(), 1u);
  // str(datetime) in UTC: "2026-11-27 22:21:47.001178+00:00" (fraction omitted when zero).
  const std::string& at = applied[0];
  ASSERT_GE(at.size(), 25u) << at;
  EXPECT_EQ(at[10], ' ') << at;
  EXPECT_EQ(at.substr(at.size() - 6), "+00:00") << at;
  EXPECT_TRUE(at.size() == 25 || (at.size() == 32 && at[19] == '.')) << at;
}

TEST(LogsDbSchema, AcceptsDatabaseBuiltFromTheReferenceSchema) {
  TempDir tmp;
  std::string path = tmp.Sub("logs.db");
  std::string sql = "BEGIN;\n";
  for (std::string_view s : LogSchemaStatements()) sql += std::string(s) + "\n";
  for (std::string_view m : LlmMigrationNames()) {
    sql += "INSERT INTO _llm_migrations VALUES('" + std::string(m) +
           "','2026-11-27 22:21:47.001178+00:00');\n";
  }
  RawExec(path, sql + "COMMIT;");
  auto store = LogStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_TRUE(store->Insert(MakeRecord("01a", "c1", "hello", "hi")).ok());
}

TEST(LogsDbSchema, RefusesSqliteDatabaseThatIsNotAnLlmLog) {
  TempDir tmp;
  RawExec(tmp.Sub("other.db"), "CREATE TABLE notes (body TEXT)");
  auto store = LogStore::Open(tmp.Sub("other.db"));
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kConfig);
  EXPECT_NE(store.error().message.find(tmp.Sub("other.db")), std::string::npos);
  EXPECT_NE(store.error().message.find("not an llm logs database"), std::string::npos);
}

TEST(LogsDbSchema, RefusesFileThatIsNotSqlite) {
  TempDir tmp;
  std::ofstream(tmp.Sub("logs.db")) << std::string(8192, 'x');
  auto store = LogStore::Open(tmp.Sub("logs.db"));
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find(tmp.Sub("logs.db")), std::string::npos);
  EXPECT_NE(store.error().message.find("not an SQLite database"), std::string::npos);
}

TEST(LogsDbSchema, RefusesDatabaseFromANewerLlm) {
  TempDir tmp;
  { OpenOrDie(tmp.Sub("logs.db")); }
  RawExec(tmp.Sub("logs.db"), "INSERT INTO _llm_migrations VALUES ('m099_future', 'x')");
  auto store = LogStore::Open(tmp.Sub("logs.db"));
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("newer llm"), std::string::npos);
  EXPECT_NE(store.error().message.find("m099_future"), std::string::npos);
}

TEST(LogsDbSchema, RefusesDatabaseFromAnOlderLlm) {
  TempDir tmp;
  { OpenOrDie(tmp.Sub("logs.db")); }
  RawExec(tmp.Sub("logs.db"),
          "DELETE FROM _llm_migrations WHERE name = 'm027_turns_response_json'");
  auto store = LogStore::Open(tmp.Sub("logs.db"));
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("older llm"), std::string::npos);
}

}  // namespace
}  // namespace llmbox
