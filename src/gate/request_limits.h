// Request-rate and concurrency limits for the gate as a whole.
//
// Guards against a compromised client using the gate to run up the
// operator's provider bill or to exhaust the gate: at most
// `max_concurrent_requests` in flight, and a token bucket of
// `requests_per_minute` that holds one minute of burst. Both refuse with 429
// rather than queueing, so a caller learns at once. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <variant>

#include "gate/refusal.h"

namespace llmbox::gate {

class RequestLimits;

// One admitted request; gives its concurrency slot back when destroyed.
class RequestSlot {
 public:
  RequestSlot() = default;
  explicit RequestSlot(RequestLimits* owner) : owner_(owner) {}
  RequestSlot(RequestSlot&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
  RequestSlot& operator=(RequestSlot&& other) noexcept;
  RequestSlot(const RequestSlot&) = delete;
  RequestSlot& operator=(const RequestSlot&) = delete;
  ~RequestSlot();

 private:
  RequestLimits* owner_ = nullptr;
};

class RequestLimits {
 public:
  using Clock = std::chrono::steady_clock;

  // `per_minute` 0 disables the rate limit.
  RequestLimits(size_t max_concurrent, double per_minute);

  std::variant<RequestSlot, Refusal> Admit(Clock::time_point now);

  size_t in_flight() const;

 private:
  friend class RequestSlot;
  void Release();

  mutable std::mutex mu_;
  size_t max_concurrent_;
  double per_minute_;
  size_t in_flight_ = 0;
  double tokens_;
  Clock::time_point last_refill_{};
  bool started_ = false;
};

}  // namespace llmbox::gate
