#include "common/result.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return MakeError(ErrorKind::kUsage, "odd");
  return n / 2;
}

TEST(Result, CarriesValue) {
  auto r = Half(4);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 2);
}

TEST(Result, CarriesErrorKindAndMessage) {
  auto r = Half(3);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
  EXPECT_EQ(r.error().message, "odd");
}

}  // namespace
}  // namespace llmbox
