// The per-provider daily token budget: once a provider's input+output tokens
// for the current UTC day reach `daily_token_budget`, further requests on its
// route are refused (429) until the day changes.
//
// Guards against a runaway or hijacked client spending without bound. Usage is
// known only after a response (usage_meter.h), so one request can overshoot
// the budget by its own size; the next one is refused. Counts live in memory
// and start again when the gate restarts. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "gate/gate_config.h"
#include "gate/refusal.h"

namespace llmbox::gate {

// Days since the Unix epoch, UTC.
int64_t UtcDay(std::chrono::system_clock::time_point now);

class TokenBudget {
 public:
  std::optional<Refusal> Check(const ProviderConfig& provider, int64_t day) const;
  void Record(const std::string& provider, uint64_t tokens, int64_t day);
  uint64_t Used(const std::string& provider, int64_t day) const;

 private:
  struct Tally {
    int64_t day = 0;
    uint64_t tokens = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, Tally> tallies_;
};

}  // namespace llmbox::gate
