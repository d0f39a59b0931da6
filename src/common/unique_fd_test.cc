#include "common/unique_fd.h"

#include <fcntl.h>
#include <gtest/gtest.h>

namespace llmbox {
namespace {

bool IsOpen(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

TEST(UniqueFd, ClosesTheDescriptorWhenItGoesOutOfScope) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[1]);
  {
    UniqueFd owned(fds[0]);
    EXPECT_EQ(owned.get(), fds[0]);
    EXPECT_TRUE(IsOpen(fds[0]));
  }
  EXPECT_FALSE(IsOpen(fds[0]));
}

TEST(UniqueFd, CloseReportsTheResultAndLeavesNothingToCloseTwice) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[1]);
  UniqueFd owned(fds[0]);
  EXPECT_EQ(owned.Close(), 0);
  EXPECT_EQ(owned.get(), -1);
  EXPECT_FALSE(IsOpen(fds[0]));
  EXPECT_EQ(owned.Close(), -1);
}

TEST(UniqueFd, AnInvalidDescriptorIsLeftAlone) {
  UniqueFd none;
  EXPECT_EQ(none.get(), -1);
  UniqueFd failed(-1);
  EXPECT_EQ(failed.get(), -1);
}

}  // namespace
}  // namespace llmbox
