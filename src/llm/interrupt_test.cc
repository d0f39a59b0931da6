#include "llm/interrupt.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

namespace llmbox {
namespace {

TEST(InterruptFlag, FirstSigintOnlyRaisesTheFlag) {
  InterruptFlag flag;
  EXPECT_FALSE(flag.raised());
  raise(SIGINT);
  EXPECT_TRUE(flag.raised());
  EXPECT_TRUE(flag.flag()->load());
}

TEST(InterruptFlag, ClearArmsItAgain) {
  InterruptFlag flag;
  raise(SIGINT);
  flag.Clear();
  EXPECT_FALSE(flag.raised());
  raise(SIGINT);  // a first Ctrl-C again: the process goes on
  EXPECT_TRUE(flag.raised());
}

TEST(InterruptFlagDeathTest, SecondSigintExitsWith130) {
  EXPECT_EXIT(
      {
        InterruptFlag flag;
        raise(SIGINT);
        raise(SIGINT);
        _exit(0);
      },
      testing::ExitedWithCode(130), "");
}

TEST(InterruptFlag, DestructorRestoresThePreviousHandler) {
  struct sigaction before {};
  sigaction(SIGINT, nullptr, &before);
  { InterruptFlag flag; }
  struct sigaction after {};
  sigaction(SIGINT, nullptr, &after);
  EXPECT_EQ(before.sa_handler, after.sa_handler);
}

}  // namespace
}  // namespace llmbox
