#include "gate/request_limits.h"

#include <gtest/gtest.h>

namespace llmbox::gate {
namespace {

using Clock = RequestLimits::Clock;

TEST(RequestLimits, RefusesBeyondConcurrencyAndFreesSlotsOnRelease) {
  RequestLimits limits(2, 0);
  auto t = Clock::now();
  auto a = limits.Admit(t);
  auto b = limits.Admit(t);
  ASSERT_TRUE(std::holds_alternative<RequestSlot>(a));
  ASSERT_TRUE(std::holds_alternative<RequestSlot>(b));
  auto c = limits.Admit(t);
  ASSERT_TRUE(std::holds_alternative<Refusal>(c));
  EXPECT_EQ(std::get<Refusal>(c).status, 429u);
  EXPECT_EQ(std::get<Refusal>(c).reason, "too-many-concurrent");
  a = Refusal{};  // drops the slot
  EXPECT_EQ(limits.in_flight(), 1u);
  EXPECT_TRUE(std::holds_alternative<RequestSlot>(limits.Admit(t)));
}

TEST(RequestLimits, RateLimitAllowsOneMinuteBurstThenRefills) {
  RequestLimits limits(100, 60);  // one per second
  auto t = Clock::now();
  for (int i = 0; i < 60; ++i) {
    ASSERT_TRUE(std::holds_alternative<RequestSlot>(limits.Admit(t))) << i;
  }
  auto refused = limits.Admit(t);
  ASSERT_TRUE(std::holds_alternative<Refusal>(refused));
  EXPECT_EQ(std::get<Refusal>(refused).reason, "rate-limited");
  EXPECT_TRUE(std::holds_alternative<RequestSlot>(limits.Admit(t + std::chrono::seconds(1))));
}

TEST(RequestLimits, ZeroRateMeansUnlimited) {
  RequestLimits limits(10000, 0);
  auto t = Clock::now();
  for (int i = 0; i < 5000; ++i) ASSERT_TRUE(std::holds_alternative<RequestSlot>(limits.Admit(t)));
}

}  // namespace
}  // namespace llmbox::gate
