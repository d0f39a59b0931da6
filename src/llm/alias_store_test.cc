#include "llm/alias_store.h"

#include <gtest/gtest.h>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::ModeOf;
using testing::ReadText;
using testing::TempDir;
using testing::WriteText;

TEST(AliasStore, MissingFileMeansNoAliases) {
  TempDir tmp;
  auto r = LoadUserAliases(tmp.path());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(AliasStore, LoadKeepsFileOrder) {
  TempDir tmp;
  WriteText(tmp.Sub("aliases.json"), R"({"zz": "gpt-4o", "aa": "gpt-4"})");
  auto r = LoadUserAliases(tmp.path());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (AliasList{{"zz", "gpt-4o"}, {"aa", "gpt-4"}}));
}

TEST(AliasStore, InvalidJsonIsConfigErrorNamingTheFile) {
  TempDir tmp;
  WriteText(tmp.Sub("aliases.json"), "{oops");
  auto r = LoadUserAliases(tmp.path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kConfig);
  EXPECT_NE(r.error().message.find(tmp.Sub("aliases.json")), std::string::npos);
}

TEST(AliasStore, NonStringTargetIsConfigError) {
  TempDir tmp;
  WriteText(tmp.Sub("aliases.json"), R"({"x": 1})");
  auto r = LoadUserAliases(tmp.path());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("'x'"), std::string::npos);
}

TEST(AliasStore, SaveWritesLlmsLayout) {
  TempDir tmp;
  ASSERT_TRUE(SaveUserAliases(tmp.path(), {{"fast", "gpt-4o-mini"}, {"big", "gpt-4o"}}).ok());
  EXPECT_EQ(ReadText(tmp.Sub("aliases.json")),
            "{\n    \"fast\": \"gpt-4o-mini\",\n    \"big\": \"gpt-4o\"\n}\n");
}

TEST(AliasStore, SaveOfNothingWritesEmptyObject) {
  TempDir tmp;
  ASSERT_TRUE(SaveUserAliases(tmp.path(), {}).ok());
  EXPECT_EQ(ReadText(tmp.Sub("aliases.json")), "{}\n");
}

TEST(AliasStore, SaveCreatesMissingUserDirPrivate) {
  TempDir tmp;
  ASSERT_TRUE(SaveUserAliases(tmp.Sub("llm"), {{"a", "gpt-4"}}).ok());
  EXPECT_EQ(ModeOf(tmp.Sub("llm")), 0700u);
}

TEST(AliasStore, SaveThenLoadRoundTrips) {
  TempDir tmp;
  AliasList in = {{"b", "gpt-4"}, {"a", "gpt-4o"}};
  ASSERT_TRUE(SaveUserAliases(tmp.path(), in).ok());
  auto out = LoadUserAliases(tmp.path());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, in);
}

}  // namespace
}  // namespace llmbox
