// See interrupt.h for what this guards against.
#include "llm/interrupt.h"

#include <unistd.h>

namespace llmbox {
namespace {

// A signal handler can reach no object of ours, only a global; this is the
// one piece of process-wide mutable state, owned by InterruptFlag.
std::atomic<bool> g_sigint{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the SIGINT flag must be lock-free");

extern "C" void OnSigint(int) {
  if (g_sigint.exchange(true)) _exit(130);  // the second Ctrl-C
}

}  // namespace

InterruptFlag::InterruptFlag() {
  g_sigint.store(false);
  struct sigaction action {};
  action.sa_handler = &OnSigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: blocked reads return EINTR
  installed_ = sigaction(SIGINT, &action, &previous_) == 0;
}

InterruptFlag::~InterruptFlag() {
  if (installed_) sigaction(SIGINT, &previous_, nullptr);
  g_sigint.store(false);
}

const std::atomic<bool>* InterruptFlag::flag() const { return &g_sigint; }

bool InterruptFlag::raised() const { return g_sigint.load(); }

void InterruptFlag::Clear() { g_sigint.store(false); }

}  // namespace llmbox
