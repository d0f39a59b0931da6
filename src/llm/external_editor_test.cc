#include "llm/external_editor.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <set>
#include <string>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::MapEnv;
using testing::ReadText;
using testing::TempDir;
using testing::WriteText;

std::function<bool(const std::string&)> Executables(std::set<std::string> paths) {
  return [paths = std::move(paths)](const std::string& p) { return paths.count(p) != 0; };
}

TEST(PickEditor, VisualComesBeforeEditor) {
  EXPECT_EQ(PickEditor(MapEnv({{"VISUAL", "emacs -nw"}, {"EDITOR", "nano"}})), "emacs -nw");
  EXPECT_EQ(PickEditor(MapEnv({{"EDITOR", "nano"}})), "nano");
  EXPECT_EQ(PickEditor(MapEnv({{"VISUAL", ""}, {"EDITOR", "ed"}})), "ed");
}

TEST(PickEditor, WithoutEitherTheFirstInstalledOfClicksList) {
  const auto env = MapEnv({{"PATH", "/a:/b"}});
  EXPECT_EQ(PickEditor(env, Executables({"/b/nano", "/a/vim"})), "vim");
  EXPECT_EQ(PickEditor(env, Executables({"/b/nano", "/b/sensible-editor"})), "sensible-editor");
  EXPECT_EQ(PickEditor(env, Executables({"/b/nano"})), "nano");
}

TEST(PickEditor, ViWhenNothingIsInstalled) {
  EXPECT_EQ(PickEditor(MapEnv({{"PATH", "/a"}}), Executables({})), "vi");
  EXPECT_EQ(PickEditor(MapEnv({}), Executables({})), "vi");
}

TEST(SplitCommandWords, SplitsOnBlanksAndHonoursQuotes) {
  using V = std::vector<std::string>;
  EXPECT_EQ(*SplitCommandWords("vim"), V{"vim"});
  EXPECT_EQ(*SplitCommandWords("  code  --wait "), (V{"code", "--wait"}));
  EXPECT_EQ(*SplitCommandWords("'/opt/my editor/bin' -f"), (V{"/opt/my editor/bin", "-f"}));
  EXPECT_EQ(*SplitCommandWords(R"("a \"b\" \x" c\ d)"), (V{R"(a "b" \x)", "c d"}));
  EXPECT_EQ(*SplitCommandWords("x''y \"\""), (V{"xy", ""}));
}

TEST(SplitCommandWords, RefusesAnUnterminatedQuoteAndAnEmptyCommand) {
  EXPECT_FALSE(SplitCommandWords("vim 'oops").ok());
  EXPECT_FALSE(SplitCommandWords("\"").ok());
  EXPECT_FALSE(SplitCommandWords("   ").ok());
}

class EditNewTextTest : public ::testing::Test {
 protected:
  // A /bin/sh editor script; $1 is the file to edit.
  std::string Editor(const std::string& body) {
    const std::string path = dir_.Sub("editor.sh");
    WriteText(path, "#!/bin/sh\n" + body, 0700);
    return path;
  }
  EnvGetter Env() { return MapEnv({{"TMPDIR", tmp_.path()}}); }

  TempDir dir_;
  TempDir tmp_;
};

TEST_F(EditNewTextTest, ReturnsWhatTheEditorSaved) {
  auto got = EditNewText(Env(), Editor("printf 'hello\\nworld\\n' > \"$1\"\n"));
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, "hello\nworld\n");
}

TEST_F(EditNewTextTest, TheFileIsPrivateEmptyInTmpdirAndRemovedAfterwards) {
  const std::string seen = dir_.Sub("seen");
  auto got = EditNewText(Env(), Editor("{ echo \"$1\"; stat -c %a \"$1\"; wc -c < \"$1\"; } > " +
                                       seen + "\nprintf x > \"$1\"\n"));
  ASSERT_TRUE(got.ok()) << got.error().message;
  std::istringstream lines(ReadText(seen));
  std::string path, mode, size;
  std::getline(lines, path);
  std::getline(lines, mode);
  std::getline(lines, size);
  EXPECT_EQ(path.rfind(tmp_.path() + "/llm-chat-", 0), 0u) << path;
  EXPECT_EQ(path.substr(path.size() - 4), ".txt");
  EXPECT_EQ(mode, "600");
  EXPECT_EQ(size, "0");
  EXPECT_NE(::access(path.c_str(), F_OK), 0) << "temporary file left behind";
}

TEST_F(EditNewTextTest, ArgumentsOfTheCommandComeBeforeTheFile) {
  auto got = EditNewText(Env(), Editor("printf '%s|' \"$@\" > \"$2\"\n") + " --wait");
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((**got).substr(0, 7), "--wait|");
}

TEST_F(EditNewTextTest, TheEditorStartsWithDefaultSignals) {
  // llm ignores SIGPIPE; an editor must not inherit that.
  const std::string seen = dir_.Sub("sigign");
  auto previous = std::signal(SIGPIPE, SIG_IGN);
  auto got = EditNewText(Env(), Editor("grep SigIgn /proc/self/status > " + seen + "\n"));
  std::signal(SIGPIPE, previous);
  ASSERT_TRUE(got.ok()) << got.error().message;
  const std::string line = ReadText(seen);
  ASSERT_GE(line.size(), 16u) << line;
  // Bit 13 (SIGPIPE, signal 13) of the ignored mask is clear.
  const unsigned long long mask =
      std::stoull(line.substr(line.find_first_of("0123456789abcdef", 7)), nullptr, 16);
  EXPECT_EQ(mask & (1ull << (SIGPIPE - 1)), 0u) << line;
}

TEST_F(EditNewTextTest, AnUnsavedFileIsNoText) {
  auto got = EditNewText(Env(), Editor("exit 0\n"));
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_FALSE(got->has_value());
}

TEST_F(EditNewTextTest, AFailingEditorIsAnErrorAndTheFileIsRemoved) {
  const std::string seen = dir_.Sub("seen");
  auto got = EditNewText(Env(), Editor("echo \"$1\" > " + seen + "\nprintf x > \"$1\"\nexit 3\n"));
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error().message.find("exited with status 3"), std::string::npos)
      << got.error().message;
  std::string path = ReadText(seen);
  path.pop_back();
  EXPECT_NE(::access(path.c_str(), F_OK), 0);
}

TEST_F(EditNewTextTest, AMissingEditorIsOneLineNamingIt) {
  auto got = EditNewText(Env(), dir_.Sub("no-such-editor"));
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error().message.find("no-such-editor\" not found"), std::string::npos)
      << got.error().message;
  EXPECT_NE(got.error().message.find("$EDITOR"), std::string::npos);
  EXPECT_EQ(got.error().message.find('\n'), std::string::npos);
}

TEST_F(EditNewTextTest, AMissingEditorIsReportedBeforeAnyFileIsMade) {
  auto got = EditNewText(MapEnv({{"TMPDIR", dir_.Sub("missing")}, {"PATH", dir_.path()}}), "vi");
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error().message.find("editor \"vi\" not found"), std::string::npos)
      << got.error().message;
}

TEST_F(EditNewTextTest, AnUnwritableTmpdirIsAnError) {
  auto got = EditNewText(MapEnv({{"TMPDIR", dir_.Sub("missing")}}), Editor("exit 0\n"));
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error().message.find("TMPDIR"), std::string::npos);
}

}  // namespace
}  // namespace llmbox
