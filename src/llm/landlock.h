// Landlock: an unprivileged process restricts its own (and its children's)
// filesystem access to an allowlist of directory trees and files. ABI 4 adds
// TCP bind/connect, ABI 6 scopes signals and abstract Unix sockets to the
// sandbox. We handle every right the running kernel knows and grant only the
// rules below, so anything not listed is denied (EACCES).
// Spec: https://docs.kernel.org/userspace-api/landlock.html
//
// The ruleset is built in the parent (it allocates); the child only calls
// LandlockRestrictSelf, which is async-signal-safe.
#pragma once

#include <string>
#include <vector>

namespace llmbox {

enum class LandlockGrant {
  kReadExec,   // read files, list directories, execute
  kReadOnly,   // read files, list directories
  kReadWrite,  // everything, including creating and removing entries
  kDevNull,    // read, write and truncate one device file
};

struct LandlockRule {
  std::string path;
  LandlockGrant grant;
};

// Highest Landlock ABI of the running kernel; 0 when Landlock is missing,
// disabled or blocked (then `why` says which).
int LandlockAbi(std::string* why);

// Owns a ruleset file descriptor (O_CLOEXEC). fd() is -1 when Landlock is not
// available; reason() says why.
class LandlockRuleset {
 public:
  LandlockRuleset() = default;
  ~LandlockRuleset();
  LandlockRuleset(LandlockRuleset&& other) noexcept;
  LandlockRuleset& operator=(LandlockRuleset&& other) noexcept;
  LandlockRuleset(const LandlockRuleset&) = delete;
  LandlockRuleset& operator=(const LandlockRuleset&) = delete;

  int fd() const { return fd_; }
  int abi() const { return abi_; }
  const std::string& reason() const { return reason_; }

  // Rules whose path does not exist are skipped; any other failure makes the
  // ruleset unavailable with a reason (the caller decides whether to go on).
  static LandlockRuleset Build(const std::vector<LandlockRule>& rules);

 private:
  int fd_ = -1;
  int abi_ = 0;
  std::string reason_;
};

// Child side, async-signal-safe: enforces the ruleset on the calling thread
// (needs PR_SET_NO_NEW_PRIVS first). Returns 0 or an errno value.
int LandlockRestrictSelf(int ruleset_fd);

}  // namespace llmbox
