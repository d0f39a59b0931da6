#include "llm/log_db_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "llm/log_test_support.h"

namespace llmbox {
namespace {

using logtest::TempDir;

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

TEST(LogDbFile, PrepareCreatesAPrivateFileInPrivateDirectories) {
  TempDir tmp;
  ASSERT_TRUE(PrepareLogFile(tmp.Sub("x/y/logs.db")).ok());
  EXPECT_EQ(ModeOf(tmp.Sub("x/y/logs.db")), 0600u);
  EXPECT_EQ(ModeOf(tmp.Sub("x")), 0700u);
  EXPECT_EQ(ModeOf(tmp.Sub("x/y")), 0700u);
}

TEST(LogDbFile, PrepareKeepsAnExistingFilesModeAndMakesNothingForMemory) {
  TempDir tmp;
  std::ofstream(tmp.Sub("logs.db")) << "";
  ASSERT_EQ(::chmod(tmp.Sub("logs.db").c_str(), 0640), 0);
  ASSERT_TRUE(PrepareLogFile(tmp.Sub("logs.db")).ok());
  EXPECT_EQ(ModeOf(tmp.Sub("logs.db")), 0640u);
  EXPECT_TRUE(PrepareLogFile(":memory:").ok());
}

TEST(LogDbFile, ADirectoryThatCannotBeCreatedIsAnIoErrorNamingIt) {
  TempDir tmp;
  std::ofstream(tmp.Sub("file")) << "";
  auto prepared = PrepareLogFile(tmp.Sub("file/sub/logs.db"));
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.error().kind, ErrorKind::kIo);
  EXPECT_NE(prepared.error().message.find(tmp.Sub("file/sub")), std::string::npos);
}

TEST(LogDbFile, OpenedAndConfiguredDatabaseUsesWal) {
  TempDir tmp;
  auto db = OpenLogDb(tmp.Sub("logs.db"));
  ASSERT_TRUE(db.ok()) << db.error().message;
  ConfigureLogJournal(*db);
  auto mode = db->QueryColumn("PRAGMA journal_mode", "reading the journal mode");
  ASSERT_TRUE(mode.ok());
  EXPECT_EQ(*mode, std::vector<std::string>{"wal"});
}

}  // namespace
}  // namespace llmbox
