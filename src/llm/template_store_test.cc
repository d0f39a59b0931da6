#include "llm/template_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::TempDir;
using testing::WriteText;

class TemplateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::mkdir(tmp_.Sub("config").c_str(), 0700);
    ::mkdir(tmp_.Sub("lib").c_str(), 0700);
    dirs_ = {tmp_.Sub("config"), tmp_.Sub("lib")};
  }
  void Config(const std::string& name, const std::string& text) {
    WriteText(dirs_.config + "/" + name + ".yaml", text);
  }
  void Library(const std::string& name, const std::string& text) {
    WriteText(dirs_.library + "/" + name + ".yaml", text);
  }
  TempDir tmp_;
  TemplateDirs dirs_;
};

TEST(TemplateName, AcceptsPlainNamesOnly) {
  EXPECT_TRUE(IsValidTemplateName("summarize"));
  EXPECT_TRUE(IsValidTemplateName("my_template-2.v1"));
  EXPECT_FALSE(IsValidTemplateName(""));
  EXPECT_FALSE(IsValidTemplateName(".hidden"));
  EXPECT_FALSE(IsValidTemplateName("../x"));
  EXPECT_FALSE(IsValidTemplateName(".."));
  EXPECT_FALSE(IsValidTemplateName("/etc/passwd"));
  EXPECT_FALSE(IsValidTemplateName("a/b"));
  EXPECT_FALSE(IsValidTemplateName("a b"));
  EXPECT_FALSE(IsValidTemplateName(std::string("a\0b", 3)));
  EXPECT_FALSE(IsValidTemplateName(std::string(201, 'a')));
}

TEST_F(TemplateStoreTest, ConfigTemplateWinsOverLibrary) {
  Config("t", "prompt: from config\n");
  Library("t", "prompt: from library\n");
  auto t = LoadTemplate(dirs_, "t");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->prompt->text, "from config");
  EXPECT_FALSE(t->from_library);
}

TEST_F(TemplateStoreTest, LibraryTemplateIsFoundAndMarked) {
  Library("lib-only", "system: from library\n");
  auto t = LoadTemplate(dirs_, "lib-only");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_TRUE(t->from_library);
  EXPECT_EQ(t->path, dirs_.library + "/lib-only.yaml");
}

TEST_F(TemplateStoreTest, NoLibraryConfiguredMeansConfigOnly) {
  Library("lib-only", "system: x\n");
  auto t = LoadTemplate({dirs_.config, ""}, "lib-only");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("Invalid template: lib-only"), std::string::npos);
}

TEST_F(TemplateStoreTest, MissingTemplateSaysWhereItLooked) {
  auto t = LoadTemplate(dirs_, "nope");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, ErrorKind::kConfig);
  EXPECT_NE(t.error().message.find(dirs_.config), std::string::npos);
  EXPECT_NE(t.error().message.find(dirs_.library), std::string::npos);
}

TEST_F(TemplateStoreTest, TraversalNamesAreRefusedBeforeTouchingTheFilesystem) {
  WriteText(tmp_.Sub("secret.yaml"), "prompt: secret\n");
  for (const std::string name : {"../secret", "/etc/passwd", "../../etc/passwd", "..", "./x"}) {
    auto t = LoadTemplate(dirs_, name);
    ASSERT_FALSE(t.ok()) << name;
    EXPECT_EQ(t.error().kind, ErrorKind::kUsage) << name;
    EXPECT_FALSE(ReadTemplateBytes(dirs_.config, name).ok()) << name;
  }
}

TEST_F(TemplateStoreTest, SymlinkOutsideTheDirectoryIsRefused) {
  WriteText(tmp_.Sub("outside.yaml"), "prompt: outside\n");
  ASSERT_EQ(::symlink(tmp_.Sub("outside.yaml").c_str(), (dirs_.library + "/out.yaml").c_str()), 0);
  auto t = LoadTemplate(dirs_, "out");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, ErrorKind::kSecurity);
  EXPECT_NE(t.error().message.find("outside"), std::string::npos) << t.error().message;
}

TEST_F(TemplateStoreTest, RelativeSymlinkEscapingIsRefused) {
  WriteText(tmp_.Sub("outside.yaml"), "prompt: outside\n");
  ASSERT_EQ(::symlink("../outside.yaml", (dirs_.config + "/rel.yaml").c_str()), 0);
  auto t = LoadTemplate(dirs_, "rel");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, ErrorKind::kSecurity);
}

TEST_F(TemplateStoreTest, SymlinkInsideTheDirectoryIsFollowed) {
  Config("real", "prompt: real one\n");
  ASSERT_EQ(::symlink("real.yaml", (dirs_.config + "/alias.yaml").c_str()), 0);
  auto t = LoadTemplate(dirs_, "alias");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->prompt->text, "real one");
}

TEST_F(TemplateStoreTest, HugeFileIsRefusedWithoutReadingIt) {
  const std::string path = dirs_.config + "/huge.yaml";
  WriteText(path, "prompt: x\n");
  ASSERT_EQ(::truncate(path.c_str(), 64 << 20), 0);  // sparse 64 MiB
  auto t = LoadTemplate(dirs_, "huge");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("1 MiB"), std::string::npos) << t.error().message;
}

TEST_F(TemplateStoreTest, FifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo((dirs_.config + "/fifo.yaml").c_str(), 0600), 0);
  auto t = LoadTemplate(dirs_, "fifo");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("not a regular file"), std::string::npos);
}

TEST_F(TemplateStoreTest, InvalidUtf8FileIsRefused) {
  Config("latin1", "prompt: caf\xe9\n");
  auto t = LoadTemplate(dirs_, "latin1");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("UTF-8"), std::string::npos);
  EXPECT_NE(t.error().message.find("latin1.yaml"), std::string::npos);
}

TEST_F(TemplateStoreTest, NamesInListsValidYamlFilesSorted) {
  Config("b", "prompt: b\n");
  Config("a", "prompt: a\n");
  WriteText(dirs_.config + "/.hidden.yaml", "prompt: h\n");
  WriteText(dirs_.config + "/notes.txt", "x");
  EXPECT_EQ(TemplateNamesIn(dirs_.config), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(TemplateNamesIn(tmp_.Sub("missing")).empty());
}

}  // namespace
}  // namespace llmbox
