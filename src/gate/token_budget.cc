#include "gate/token_budget.h"

namespace llmbox::gate {

int64_t UtcDay(std::chrono::system_clock::time_point now) {
  return std::chrono::duration_cast<std::chrono::hours>(now.time_since_epoch()).count() / 24;
}

std::optional<Refusal> TokenBudget::Check(const ProviderConfig& provider, int64_t day) const {
  if (provider.daily_token_budget == 0) return std::nullopt;
  uint64_t used = Used(provider.name, day);
  if (used < provider.daily_token_budget) return std::nullopt;
  return Refuse(429, "token-budget-exhausted",
                "refused: the " + provider.name + " route has used " + std::to_string(used) +
                    " of its " + std::to_string(provider.daily_token_budget) +
                    " tokens for today (UTC)",
                "The budget resets at midnight UTC; an operator can raise providers." +
                    provider.name + ".daily_token_budget in the gate config.");
}

void TokenBudget::Record(const std::string& provider, uint64_t tokens, int64_t day) {
  std::lock_guard<std::mutex> lock(mu_);
  Tally& t = tallies_[provider];
  if (t.day != day) t = Tally{day, 0};
  t.tokens += tokens;
}

uint64_t TokenBudget::Used(const std::string& provider, int64_t day) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tallies_.find(provider);
  if (it == tallies_.end() || it->second.day != day) return 0;
  return it->second.tokens;
}

}  // namespace llmbox::gate
