// Deadlines for one caller connection: the header timeout (slow-loris), the
// idle timeout (no bytes in either direction) and the total timeout of a
// request, as one timer per connection.
//
// Guards against connections that hold a slot forever: a caller that sends
// one header byte every few seconds, an upstream that stops sending mid
// stream, a tunnel nobody uses. Each phase of a request Arm()s the watchdog
// with its limits and an action (cancel or close the sockets involved);
// readers and writers call Touch() when bytes move, which costs one clock
// read and no timer operation. Must be used from the connection's strand.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "gate/asio.h"
#include "gate/gate_config.h"

namespace llmbox::gate {

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Watchdog(asio::any_io_executor executor);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Starts a phase: `on_expire` runs once, `total` after now or `idle` after
  // the last Touch(), whichever comes first.
  void Arm(Millis idle, Millis total, std::function<void()> on_expire);
  void Touch();
  void Disarm();

  // True once a phase has expired (and until the next Arm()).
  bool expired() const;

 private:
  struct State;
  static asio::awaitable<void> Loop(std::shared_ptr<State> state);

  std::shared_ptr<State> state_;
};

}  // namespace llmbox::gate
