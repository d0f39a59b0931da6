#include "gate/request_limits.h"

#include <algorithm>
#include <string>

namespace llmbox::gate {

RequestSlot& RequestSlot::operator=(RequestSlot&& other) noexcept {
  if (this != &other) {
    if (owner_ != nullptr) owner_->Release();
    owner_ = other.owner_;
    other.owner_ = nullptr;
  }
  return *this;
}

RequestSlot::~RequestSlot() {
  if (owner_ != nullptr) owner_->Release();
}

RequestLimits::RequestLimits(size_t max_concurrent, double per_minute)
    : max_concurrent_(max_concurrent), per_minute_(per_minute), tokens_(per_minute) {}

std::variant<RequestSlot, Refusal> RequestLimits::Admit(Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (in_flight_ >= max_concurrent_) {
    return Refuse(
        429, "too-many-concurrent",
        "refused: " + std::to_string(max_concurrent_) + " requests are already in flight",
        "Wait for one to finish, or raise limits.max_concurrent_requests in the gate config.");
  }
  if (per_minute_ > 0) {
    if (!started_) {
      started_ = true;
      last_refill_ = now;
    }
    double elapsed = std::chrono::duration<double>(now - last_refill_).count();
    tokens_ = std::min(per_minute_, tokens_ + std::max(0.0, elapsed) * per_minute_ / 60.0);
    last_refill_ = now;
    if (tokens_ < 1.0) {
      return Refuse(
          429, "rate-limited",
          "refused: more than " + std::to_string(static_cast<long>(per_minute_)) +
              " requests per minute",
          "Retry in a few seconds, or raise limits.requests_per_minute in the gate config.");
    }
    tokens_ -= 1.0;
  }
  ++in_flight_;
  return RequestSlot(this);
}

size_t RequestLimits::in_flight() const {
  std::lock_guard<std::mutex> lock(mu_);
  return in_flight_;
}

void RequestLimits::Release() {
  std::lock_guard<std::mutex> lock(mu_);
  if (in_flight_ > 0) --in_flight_;
}

}  // namespace llmbox::gate
