#include "common/ascii.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

TEST(AsciiLower, FoldsOnlyAsciiLetters) {
  EXPECT_EQ(AsciiLower("X-Api-KEY: Az09\xC3\x89"), "x-api-key: az09\xC3\x89");
}

}  // namespace
}  // namespace llmbox
