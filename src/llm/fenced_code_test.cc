#include "llm/fenced_code.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

const char* kTwoBlocks = "Here:\n```python\nprint(1)\n```\nand\n```\nsecond\nblock\n```\ndone";

TEST(FencedCode, FirstBlockWithLanguageTag) {
  EXPECT_EQ(ExtractFencedCode(kTwoBlocks, false), "print(1)\n");
}

TEST(FencedCode, LastBlock) { EXPECT_EQ(ExtractFencedCode(kTwoBlocks, true), "second\nblock\n"); }

TEST(FencedCode, NoBlockIsNullopt) {
  EXPECT_FALSE(ExtractFencedCode("no code here ``` inline ```", false).has_value());
  EXPECT_FALSE(ExtractFencedCode("", true).has_value());
}

TEST(FencedCode, UnclosedBlockIsNotABlock) {
  EXPECT_FALSE(ExtractFencedCode("```\nnever closed\n", false).has_value());
}

TEST(FencedCode, LongerFenceNeedsSameLengthToClose) {
  const char* text = "````md\n```\ninner\n```\n````\n";
  EXPECT_EQ(ExtractFencedCode(text, false), "```\ninner\n```\n");
}

TEST(FencedCode, FenceMustStartALine) {
  EXPECT_FALSE(ExtractFencedCode("text ```\ncode\n```\n", false).has_value());
}

TEST(FencedCode, ClosingFenceMayHaveTrailingSpacesAndEndTheText) {
  EXPECT_EQ(ExtractFencedCode("```\na\n```   ", false), "a\n");
}

TEST(FencedCode, OpeningWithSpaceBeforeLanguageIsNotAFence) {
  EXPECT_FALSE(ExtractFencedCode("``` python\ncode\n```\n", false).has_value());
}

TEST(FencedCode, EmptyBlock) { EXPECT_EQ(ExtractFencedCode("```\n```\n", false), ""); }

TEST(FencedCode, ManyUnclosedFencesStillFindALaterBlock) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "````a\nx\n";
  text += "```\nfound\n```\n";
  EXPECT_EQ(ExtractFencedCode(text, false), "found\n");
}

}  // namespace
}  // namespace llmbox
