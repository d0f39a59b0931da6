#include "gate/watchdog.h"

#include <algorithm>

namespace llmbox::gate {

struct Watchdog::State {
  explicit State(asio::any_io_executor ex) : timer(ex) {}
  asio::steady_timer timer;
  Clock::time_point last{};
  Clock::time_point end{};
  Millis idle{0};
  std::function<void()> on_expire;
  bool armed = false;
  bool running = false;  // a Loop coroutine is alive
  bool expired = false;

  Clock::time_point Deadline() const { return std::min(last + idle, end); }
};

Watchdog::Watchdog(asio::any_io_executor executor) : state_(std::make_shared<State>(executor)) {}

Watchdog::~Watchdog() { Disarm(); }

void Watchdog::Arm(Millis idle, Millis total, std::function<void()> on_expire) {
  auto now = Clock::now();
  state_->last = now;
  state_->end = now + total;
  state_->idle = idle;
  state_->on_expire = std::move(on_expire);
  state_->armed = true;
  state_->expired = false;
  if (state_->running) {
    state_->timer.cancel();  // the loop wakes and waits for the new deadline
  } else {
    state_->running = true;
    asio::co_spawn(state_->timer.get_executor(), Loop(state_), asio::detached);
  }
}

void Watchdog::Touch() { state_->last = Clock::now(); }

void Watchdog::Disarm() {
  state_->armed = false;
  state_->on_expire = nullptr;
  state_->timer.cancel();
}

bool Watchdog::expired() const { return state_->expired; }

asio::awaitable<void> Watchdog::Loop(std::shared_ptr<State> state) {
  while (state->armed) {
    state->timer.expires_at(state->Deadline());
    error_code ec;
    co_await state->timer.async_wait(Await(ec));
    if (!state->armed) break;
    // Woken early by a Touch()ed deadline or a re-Arm: wait again.
    if (Clock::now() < state->Deadline()) continue;
    state->armed = false;
    state->expired = true;
    auto action = std::move(state->on_expire);
    state->on_expire = nullptr;
    if (action) action();
  }
  state->running = false;
}

}  // namespace llmbox::gate
