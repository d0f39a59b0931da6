#include "gate/token_budget.h"

#include <gtest/gtest.h>

namespace llmbox::gate {
namespace {

TEST(TokenBudget, RefusesOnceTheDaysBudgetIsSpent) {
  ProviderConfig p;
  p.name = "openai";
  p.daily_token_budget = 100;
  TokenBudget budget;
  EXPECT_FALSE(budget.Check(p, 20000));
  budget.Record("openai", 60, 20000);
  EXPECT_FALSE(budget.Check(p, 20000));
  budget.Record("openai", 45, 20000);
  auto refused = budget.Check(p, 20000);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429u);
  EXPECT_EQ(refused->reason, "token-budget-exhausted");
}

TEST(TokenBudget, ResetsOnANewUtcDay) {
  ProviderConfig p;
  p.name = "anthropic";
  p.daily_token_budget = 10;
  TokenBudget budget;
  budget.Record("anthropic", 50, 20000);
  EXPECT_TRUE(budget.Check(p, 20000));
  EXPECT_FALSE(budget.Check(p, 20001));
  EXPECT_EQ(budget.Used("anthropic", 20001), 0u);
}

TEST(TokenBudget, ZeroBudgetIsUnlimited) {
  ProviderConfig p;
  p.name = "openai";
  TokenBudget budget;
  budget.Record("openai", 1'000'000'000, 1);
  EXPECT_FALSE(budget.Check(p, 1));
}

TEST(TokenBudget, UtcDayCountsWholeDaysSinceEpoch) {
  using namespace std::chrono;
  EXPECT_EQ(UtcDay(system_clock::time_point(hours(24 * 3 + 23))), 3);
  EXPECT_EQ(UtcDay(system_clock::time_point(hours(24 * 4))), 4);
}

}  // namespace
}  // namespace llmbox::gate
