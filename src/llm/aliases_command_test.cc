#include "llm/aliases_command.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::CommandHarness;
using testing::ReadText;
using testing::TempDir;
using testing::WriteText;

class AliasesCommandTest : public ::testing::Test {
 protected:
  Result<void> Run(std::vector<std::string> args) {
    h_.out.str("");
    return h_.Run(AddAliasesCommand, std::move(args));
  }

  TempDir tmp_;
  CommandHarness h_{tmp_.path(), {}};
};

TEST_F(AliasesCommandTest, BareAliasesListsBuiltinAliasesPadded) {
  ASSERT_TRUE(Run({"aliases"}).ok());
  const std::string out = h_.out.str();
  // The longest built-in alias is llm-anthropic's "claude-3.5-sonnet-latest" (24 characters).
  EXPECT_EQ(out.rfind("4o                       : gpt-4o\n", 0), 0u);
  EXPECT_NE(out.find("\n4o-mini                  : gpt-4o-mini\n"), std::string::npos);
  EXPECT_NE(out.find("\ngpt-4-turbo-preview      : gpt-4-turbo\n"), std::string::npos);
  EXPECT_NE(out.find("\nclaude-sonnet-4.5        : anthropic/claude-sonnet-4-5\n"),
            std::string::npos);
}

TEST_F(AliasesCommandTest, ListIncludesAliasesJsonEntriesAfterTheirModelsAliases) {
  WriteText(tmp_.Sub("aliases.json"), R"({"mini": "gpt-4o-mini"})");
  ASSERT_TRUE(Run({"aliases", "list"}).ok());
  EXPECT_NE(h_.out.str().find("\n4o-mini                  : gpt-4o-mini\n"
                              "mini                     : gpt-4o-mini\n"),
            std::string::npos);
}

TEST_F(AliasesCommandTest, JsonListsEveryAliasLikeLlm) {
  WriteText(tmp_.Sub("aliases.json"), R"({"mini": "gpt-4o-mini"})");
  ASSERT_TRUE(Run({"aliases", "list", "--json"}).ok());
  auto doc = nlohmann::json::parse(h_.out.str());
  EXPECT_EQ(doc["mini"], "gpt-4o-mini");
  EXPECT_EQ(doc["4o-mini"], "gpt-4o-mini");
  EXPECT_EQ(h_.out.str().rfind("{\n    \"4o\": \"gpt-4o\",\n", 0), 0u);
}

TEST_F(AliasesCommandTest, BareAliasesAcceptsJson) {
  ASSERT_TRUE(Run({"aliases", "--json"}).ok());
  EXPECT_EQ(nlohmann::json::parse(h_.out.str())["4t"], "gpt-4-turbo");
}

TEST_F(AliasesCommandTest, SetWritesAliasesJsonWithResolvedId) {
  ASSERT_TRUE(Run({"aliases", "set", "mini", "4o-mini"}).ok());
  EXPECT_EQ(ReadText(tmp_.Sub("aliases.json")), "{\n    \"mini\": \"gpt-4o-mini\"\n}\n");
  EXPECT_EQ(h_.out.str(), "");
}

TEST_F(AliasesCommandTest, SetThenListShowsIt) {
  ASSERT_TRUE(Run({"aliases", "set", "mini", "gpt-4o-mini"}).ok());
  ASSERT_TRUE(Run({"aliases"}).ok());
  EXPECT_NE(h_.out.str().find("\nmini                     : gpt-4o-mini\n"), std::string::npos);
}

TEST_F(AliasesCommandTest, SetToUnknownModelFails) {
  auto r = Run({"aliases", "set", "x", "no-such-model"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "Unknown model: no-such-model");
  EXPECT_FALSE(std::filesystem::exists(tmp_.Sub("aliases.json")));
}

TEST_F(AliasesCommandTest, SetNeedsAliasAndModel) {
  auto r = Run({"aliases", "set", "x"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
}

TEST_F(AliasesCommandTest, RemoveDeletesTheAlias) {
  WriteText(tmp_.Sub("aliases.json"), R"({"mini": "gpt-4o-mini", "big": "gpt-4o"})");
  ASSERT_TRUE(Run({"aliases", "remove", "mini"}).ok());
  EXPECT_EQ(ReadText(tmp_.Sub("aliases.json")), "{\n    \"big\": \"gpt-4o\"\n}\n");
}

TEST_F(AliasesCommandTest, RemoveUnknownAliasSaysNoSuchAlias) {
  auto r = Run({"aliases", "remove", "never-set"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "No such alias: never-set");
}

TEST_F(AliasesCommandTest, RemoveCannotDeleteABuiltinAlias) {
  auto r = Run({"aliases", "remove", "4o"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "No such alias: 4o");
}

TEST_F(AliasesCommandTest, PathPrintsAliasesJsonPath) {
  ASSERT_TRUE(Run({"aliases", "path"}).ok());
  EXPECT_EQ(h_.out.str(), tmp_.Sub("aliases.json") + "\n");
}

}  // namespace
}  // namespace llmbox
