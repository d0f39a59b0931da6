#include "llm/config_paths.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::MapEnv;
using testing::ModeOf;
using testing::ReadText;
using testing::TempDir;
using testing::WriteText;

TEST(ConfigPaths, UserDirPrefersLlmUserPath) {
  auto dir = UserDir(MapEnv({{"LLM_USER_PATH", "/cfg/llm"}, {"HOME", "/home/u"}}));
  ASSERT_TRUE(dir.ok());
  EXPECT_EQ(*dir, "/cfg/llm");
}

TEST(ConfigPaths, UserDirFallsBackToHomeConfig) {
  auto dir = UserDir(MapEnv({{"HOME", "/home/u"}}));
  ASSERT_TRUE(dir.ok());
  EXPECT_EQ(*dir, "/home/u/.config/io.datasette.llm");
}

TEST(ConfigPaths, UserDirIgnoresEmptyLlmUserPath) {
  auto dir = UserDir(MapEnv({{"LLM_USER_PATH", ""}, {"HOME", "/home/u"}}));
  ASSERT_TRUE(dir.ok());
  EXPECT_EQ(*dir, "/home/u/.config/io.datasette.llm");
}

TEST(ConfigPaths, UserDirWithoutHomeOrUserPathIsConfigError) {
  auto dir = UserDir(MapEnv({}));
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().kind, ErrorKind::kConfig);
  EXPECT_NE(dir.error().message.find("LLM_USER_PATH"), std::string::npos);
}

TEST(ConfigPaths, UserDirOrKeepsGivenDirectory) {
  auto dir = UserDirOr("/given", MapEnv({{"LLM_USER_PATH", "/other"}}));
  ASSERT_TRUE(dir.ok());
  EXPECT_EQ(*dir, "/given");
}

TEST(ConfigPaths, JoinPathAddsExactlyOneSlash) {
  EXPECT_EQ(JoinPath("/a", "b"), "/a/b");
  EXPECT_EQ(JoinPath("/a/", "b"), "/a/b");
}

TEST(ConfigPaths, EnsureDirCreatesNestedDirectoriesPrivate) {
  TempDir tmp;
  std::string deep = tmp.Sub("x/y/z");
  ASSERT_TRUE(EnsureDir(deep).ok());
  EXPECT_EQ(ModeOf(tmp.Sub("x")), 0700u);
  EXPECT_EQ(ModeOf(deep), 0700u);
}

TEST(ConfigPaths, EnsureDirLeavesExistingDirectoryModeAlone) {
  TempDir tmp;
  ::mkdir(tmp.Sub("open").c_str(), 0755);
  ::chmod(tmp.Sub("open").c_str(), 0755);
  ASSERT_TRUE(EnsureDir(tmp.Sub("open")).ok());
  EXPECT_EQ(ModeOf(tmp.Sub("open")), 0755u);
}

TEST(ConfigPaths, EnsureDirFailsWhenAComponentIsAFile) {
  TempDir tmp;
  WriteText(tmp.Sub("file"), "x");
  auto r = EnsureDir(tmp.Sub("file/sub"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kIo);
  EXPECT_NE(r.error().message.find("not a directory"), std::string::npos);
}

TEST(ConfigPaths, ReadFileReturnsWholeContent) {
  TempDir tmp;
  WriteText(tmp.Sub("f"), std::string("a\0b\nc", 5));
  auto r = ReadFile(tmp.Sub("f"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, std::string("a\0b\nc", 5));
}

TEST(ConfigPaths, ReadFileOfMissingFileNamesThePath) {
  TempDir tmp;
  auto r = ReadFile(tmp.Sub("missing"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kIo);
  EXPECT_NE(r.error().message.find(tmp.Sub("missing")), std::string::npos);
}

TEST(ConfigPaths, ReadFileRefusesFilesOverTheLimit) {
  TempDir tmp;
  WriteText(tmp.Sub("big"), std::string(100, 'x'));
  auto r = ReadFile(tmp.Sub("big"), 10);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("larger than 10 bytes"), std::string::npos);
}

TEST(ConfigPaths, ReadFileIfExistsYieldsNulloptForMissingFile) {
  TempDir tmp;
  auto r = ReadFileIfExists(tmp.Sub("missing"));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
}

TEST(ConfigPaths, WriteFileAtomicCreatesFileWithExactMode) {
  TempDir tmp;
  ASSERT_TRUE(WriteFileAtomic(tmp.Sub("secret"), "s3cret", 0600).ok());
  EXPECT_EQ(ReadText(tmp.Sub("secret")), "s3cret");
  EXPECT_EQ(ModeOf(tmp.Sub("secret")), 0600u);
}

TEST(ConfigPaths, WriteFileAtomicModeIsNotNarrowedByUmask) {
  TempDir tmp;
  mode_t old = ::umask(077);
  auto r = WriteFileAtomic(tmp.Sub("public"), "x", 0644);
  ::umask(old);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ModeOf(tmp.Sub("public")), 0644u);
}

TEST(ConfigPaths, WriteFileAtomicReplacesExistingFileAndItsMode) {
  TempDir tmp;
  WriteText(tmp.Sub("f"), "old", 0644);
  ASSERT_TRUE(WriteFileAtomic(tmp.Sub("f"), "new", 0600).ok());
  EXPECT_EQ(ReadText(tmp.Sub("f")), "new");
  EXPECT_EQ(ModeOf(tmp.Sub("f")), 0600u);
}

TEST(ConfigPaths, WriteFileAtomicLeavesNoTemporaryFiles) {
  TempDir tmp;
  ASSERT_TRUE(WriteFileAtomic(tmp.Sub("f"), "x", 0644).ok());
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(tmp.path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(ConfigPaths, WriteFileAtomicIntoMissingDirectoryFails) {
  TempDir tmp;
  auto r = WriteFileAtomic(tmp.Sub("nodir/f"), "x", 0600);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kIo);
}

}  // namespace
}  // namespace llmbox
