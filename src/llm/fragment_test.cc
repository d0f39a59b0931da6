#include "llm/fragment.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

std::vector<Fragment> Texts(std::initializer_list<const char*> texts) {
  std::vector<Fragment> out;
  for (const char* t : texts) out.push_back({t, ""});
  return out;
}

TEST(Fragment, PromptIsFragmentsThenTextJoinedByNewlinesUnstripped) {
  EXPECT_EQ(JoinPromptFragments(Texts({"a\n", " b"}), "question"), "a\n\n b\nquestion");
}

TEST(Fragment, EmptyPromptTextIsLeftOutButEmptyFragmentsStay) {
  EXPECT_EQ(JoinPromptFragments(Texts({"a", ""}), ""), "a\n");
  EXPECT_EQ(JoinPromptFragments({}, "q"), "q");
}

TEST(Fragment, SystemPiecesAreStrippedEmptyOnesDroppedJoinedByBlankLines) {
  EXPECT_EQ(JoinSystemFragments(Texts({"  one \n", "\n\t", "two"}), " sys "), "one\n\ntwo\n\nsys");
  EXPECT_EQ(JoinSystemFragments(Texts({" x "}), ""), "x");
}

TEST(Fragment, HashIsSha256OfTheText) {
  EXPECT_EQ(FragmentHash("hello"),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
}

TEST(Fragment, LoaderPrefixIsAnAliasLikeNameBeforeAColon) {
  EXPECT_TRUE(HasLoaderPrefix("github:simonw/llm"));
  EXPECT_TRUE(HasLoaderPrefix("my_loader-2:x"));
  EXPECT_TRUE(HasLoaderPrefix("notes:v2.txt"));  // llm reads it as a prefix too
  EXPECT_FALSE(HasLoaderPrefix("./notes:v2.txt"));
  EXPECT_FALSE(HasLoaderPrefix(":x"));
  EXPECT_FALSE(HasLoaderPrefix("plain"));
  EXPECT_FALSE(HasLoaderPrefix("/abs/a:b"));
}

TEST(Fragment, AliasIsLettersDigitsUnderscoreAndDash) {
  EXPECT_TRUE(IsValidFragmentAlias("my-docs_2"));
  EXPECT_FALSE(IsValidFragmentAlias(""));
  EXPECT_FALSE(IsValidFragmentAlias("a b"));
  EXPECT_FALSE(IsValidFragmentAlias("a.b"));
  EXPECT_FALSE(IsValidFragmentAlias("\xC3\xA9"));
}

}  // namespace
}  // namespace llmbox
