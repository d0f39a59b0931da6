// Ctrl-C while a model answers. The first SIGINT only raises a flag, which the
// HTTP transfer polls (HttpRequest::cancel): the answer stops, and what
// arrived is still printed and logged as incomplete. A second SIGINT before
// the flag is cleared ends the process at once with status 130, for a user
// who does not want to wait even for that.
//
// What it guards against: doing unsafe work in a signal handler. The handler
// only touches a lock-free std::atomic and calls _exit, both async-signal-safe
// (signal-safety(7)). It is installed with sigaction and without SA_RESTART,
// so a read() or poll() blocked when Ctrl-C comes returns EINTR and the
// waiting code looks at the flag at once instead of after its next timeout.
#pragma once

#include <signal.h>

#include <atomic>

namespace llmbox {

class InterruptFlag {
 public:
  // Installs the SIGINT handler; the destructor puts the previous one back.
  // One at a time per process: the handler has a single flag to raise.
  InterruptFlag();
  ~InterruptFlag();
  InterruptFlag(const InterruptFlag&) = delete;
  InterruptFlag& operator=(const InterruptFlag&) = delete;

  // For HttpRequest::cancel / Endpoint::cancel.
  const std::atomic<bool>* flag() const;
  bool raised() const;
  // Arms it again: the next Ctrl-C is a "first" one.
  void Clear();

 private:
  struct sigaction previous_ {};
  bool installed_ = false;
};

}  // namespace llmbox
