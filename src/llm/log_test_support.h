// Helpers shared by the log store and logs command tests: a private temporary
// directory per test and records with predictable content.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "llm/config_test_support.h"
#include "llm/log_store.h"

namespace llmbox::logtest {

using TempDir = ::llmbox::testing::TempDir;

// A response as the prompt command would log it; ids are fixed so tests can
// name them, and ordered so "newer" sorts after "older".
inline LogRecord MakeRecord(const std::string& id, const std::string& conversation_id,
                            const std::string& prompt, const std::string& response) {
  LogRecord r;
  r.id = id;
  r.model = "gpt-4o-mini";
  r.prompt = prompt;
  r.response = response;
  r.conversation_id = conversation_id;
  r.duration_ms = 1234;
  r.datetime_utc = "2025-05-20T12:34:56.123456+00:00";
  return r;
}

// Runs `sql` on a separate raw connection and returns the first column of each row.
inline std::vector<std::string> RawQuery(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  std::vector<std::string> out;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt, 0);
      out.push_back(text == nullptr ? "<NULL>" : reinterpret_cast<const char*>(text));
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

inline void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

inline LogStore OpenOrDie(const std::string& path) {
  auto store = LogStore::Open(path);
  if (!store.ok()) ADD_FAILURE() << store.error().message;
  return std::move(store).value();
}

}  // namespace llmbox::logtest
