#include "llm/utf8_repair.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

TEST(Utf8Repair, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_EQ(RepairUtf8("caf\xC3\xA9"), "caf\xC3\xA9");
}

TEST(Utf8Repair, ReplacesStrayContinuationByte) {
  EXPECT_FALSE(IsValidUtf8("a\x80z"));
  EXPECT_EQ(RepairUtf8("a\x80z"), "a\xEF\xBF\xBDz");
}

TEST(Utf8Repair, ReplacesTruncatedCharacterWithOneReplacement) {
  EXPECT_EQ(RepairUtf8("\xE2\x82z"), "\xEF\xBF\xBDz");
  EXPECT_EQ(RepairUtf8("end\xF0\x9F\x98"), "end\xEF\xBF\xBD");
}

TEST(Utf8Repair, RejectsOverlongSurrogateAndOutOfRangeForms) {
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(Utf8Repair, RepairedTextIsValid) {
  const std::string bad = "\xFF\xC0\xAF\xED\xA0\x80\xF4\x90\x80\x80\xE2\x82";
  EXPECT_TRUE(IsValidUtf8(RepairUtf8(bad)));
}

TEST(Utf8Repair, ReportsSequenceLength) {
  EXPECT_EQ(Utf8SequenceLength("\xE2\x82\xAC!", 0), 3u);
  EXPECT_EQ(Utf8SequenceLength("\xE2\x82", 0), 0u);
}

}  // namespace
}  // namespace llmbox
