#include "gate/watchdog.h"

#include <gtest/gtest.h>

namespace llmbox::gate {
namespace {

TEST(Watchdog, FiresAfterIdleWithoutTouches) {
  asio::io_context io;
  Watchdog w(io.get_executor());
  bool fired = false;
  w.Arm(Millis(30), Millis(10'000), [&] { fired = true; });
  io.run_for(std::chrono::milliseconds(200));
  EXPECT_TRUE(fired);
  EXPECT_TRUE(w.expired());
}

TEST(Watchdog, TouchesPostponeIdleButNotTotal) {
  asio::io_context io;
  Watchdog w(io.get_executor());
  bool fired = false;
  auto start = Watchdog::Clock::now();
  Watchdog::Clock::time_point fired_at{};
  w.Arm(Millis(40), Millis(150), [&] {
    fired = true;
    fired_at = Watchdog::Clock::now();
  });
  asio::steady_timer toucher(io);
  std::function<void()> touch = [&] {
    w.Touch();
    toucher.expires_after(std::chrono::milliseconds(10));
    toucher.async_wait([&](error_code ec) {
      if (!ec && !fired) touch();
    });
  };
  touch();
  io.run_for(std::chrono::milliseconds(400));
  ASSERT_TRUE(fired);
  EXPECT_GE(fired_at - start, std::chrono::milliseconds(140));
}

TEST(Watchdog, DisarmPreventsTheAction) {
  asio::io_context io;
  Watchdog w(io.get_executor());
  bool fired = false;
  w.Arm(Millis(20), Millis(20), [&] { fired = true; });
  w.Disarm();
  io.run_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(fired);
  EXPECT_FALSE(w.expired());
}

TEST(Watchdog, RearmingStartsAFreshPhase) {
  asio::io_context io;
  Watchdog w(io.get_executor());
  int first = 0, second = 0;
  w.Arm(Millis(20), Millis(20), [&] { ++first; });
  w.Arm(Millis(60), Millis(60), [&] { ++second; });
  io.run_for(std::chrono::milliseconds(40));
  EXPECT_EQ(first + second, 0);
  io.restart();
  io.run_for(std::chrono::milliseconds(100));
  EXPECT_EQ(first, 0);
  EXPECT_EQ(second, 1);
}

}  // namespace
}  // namespace llmbox::gate
