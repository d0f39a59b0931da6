#include "llm/templates_command.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::CommandHarness;
using testing::TempDir;
using testing::WriteText;

class TemplatesCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::mkdir(tmp_.Sub("templates").c_str(), 0700);
    ::mkdir(tmp_.Sub("lib").c_str(), 0700);
    dirs_ = {tmp_.Sub("templates"), tmp_.Sub("lib")};
  }
  TempDir tmp_;
  TemplateDirs dirs_;
};

TEST_F(TemplatesCommandTest, ListShowsSystemAndPromptPaddedAndSorted) {
  WriteText(dirs_.config + "/glados.yaml", "system: You are GlaDOS\nprompt: 'Summarize: $input'\n");
  WriteText(dirs_.config + "/cmd.yaml", "system: reply with commands\n");
  WriteText(dirs_.config + "/p.yaml", "just a\nprompt\n");
  auto lines = TemplateListLines({dirs_.config, ""}, 200);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "cmd    : system: reply with commands");
  EXPECT_EQ(lines[1], "glados : system: You are GlaDOS prompt: Summarize: $input");
  EXPECT_EQ(lines[2], "p      : just a prompt");
}

TEST_F(TemplatesCommandTest, ListMarksLibraryAndShadowedEntries) {
  WriteText(dirs_.config + "/both.yaml", "prompt: mine\n");
  WriteText(dirs_.library + "/both.yaml", "prompt: theirs\n");
  WriteText(dirs_.library + "/lib.yaml", "prompt: shared\n");
  auto lines = TemplateListLines(dirs_, 200);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "both : mine");
  EXPECT_EQ(lines[1], "both : [library, shadowed] theirs");
  EXPECT_EQ(lines[2], "lib  : [library] shared");
}

TEST_F(TemplatesCommandTest, ListSkipsInvalidTemplatesAndCutsLongLines) {
  WriteText(dirs_.config + "/bad.yaml", "nonsense: true\n");
  WriteText(dirs_.config + "/long.yaml", "prompt: " + std::string(100, 'x') + "\n");
  auto lines = TemplateListLines({dirs_.config, ""}, 20);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "long : xxxxxxxxxx...");
}

TEST_F(TemplatesCommandTest, ListReplacesEscapedControlCharacters) {
  WriteText(dirs_.config + "/esc.yaml", "prompt: \"a\\ebc\\nd\"\n");
  auto lines = TemplateListLines({dirs_.config, ""}, 200);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "esc : a bc d");
}

TEST_F(TemplatesCommandTest, PathPrintsAndCreatesTheConfigTemplatesDir) {
  TempDir other;
  CommandHarness h(other.path(), {});
  auto r = h.Run(AddTemplatesCommand, {"templates", "path"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(h.out.str(), other.path() + "/templates\n");
  struct stat st {};
  EXPECT_EQ(::stat((other.path() + "/templates").c_str(), &st), 0);
}

TEST_F(TemplatesCommandTest, ShowPrintsYamlWithName) {
  WriteText(dirs_.config + "/s.yaml", "system: hello\nmodel: gpt-4o\n");
  CommandHarness h(tmp_.path(), {});
  auto r = h.Run(AddTemplatesCommand, {"templates", "show", "s"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(h.out.str(), "model: gpt-4o\nname: s\nsystem: hello\n");
}

TEST_F(TemplatesCommandTest, ShowRefusesPaths) {
  CommandHarness h(tmp_.path(), {});
  auto r = h.Run(AddTemplatesCommand, {"templates", "show", "../etc/passwd"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
}

}  // namespace
}  // namespace llmbox
