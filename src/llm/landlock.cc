#include "llm/landlock.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <utility>

namespace llmbox {
namespace {

// Debian's kernel headers stop at ABI 2; the values are the kernel ABI.
constexpr std::uint64_t kFsExecute = 1ULL << 0;
constexpr std::uint64_t kFsWriteFile = 1ULL << 1;
constexpr std::uint64_t kFsReadFile = 1ULL << 2;
constexpr std::uint64_t kFsReadDir = 1ULL << 3;
constexpr std::uint64_t kFsV1All = (1ULL << 13) - 1;     // bits 0..12
constexpr std::uint64_t kFsRefer = 1ULL << 13;           // ABI 2
constexpr std::uint64_t kFsTruncate = 1ULL << 14;        // ABI 3
constexpr std::uint64_t kFsIoctlDev = 1ULL << 15;        // ABI 5
constexpr std::uint64_t kNetBindTcp = 1ULL << 0;         // ABI 4
constexpr std::uint64_t kNetConnectTcp = 1ULL << 1;      // ABI 4
constexpr std::uint64_t kScopeAbstractUnix = 1ULL << 0;  // ABI 6
constexpr std::uint64_t kScopeSignal = 1ULL << 1;        // ABI 6
constexpr std::uint32_t kCreateRulesetVersion = 1U << 0;

// The kernel's struct landlock_ruleset_attr as of ABI 6; older kernels are
// given a shorter prefix of it.
struct RulesetAttr {
  std::uint64_t handled_access_fs;
  std::uint64_t handled_access_net;
  std::uint64_t scoped;
};

std::uint64_t HandledFs(int abi) {
  std::uint64_t fs = kFsV1All;
  if (abi >= 2) fs |= kFsRefer;
  if (abi >= 3) fs |= kFsTruncate;
  if (abi >= 5) fs |= kFsIoctlDev;
  return fs;
}

// Rights that apply to a non-directory; the kernel rejects others on a file.
constexpr std::uint64_t kFileRights =
    kFsExecute | kFsWriteFile | kFsReadFile | kFsTruncate | kFsIoctlDev;

std::uint64_t GrantRights(LandlockGrant grant, std::uint64_t handled) {
  switch (grant) {
    case LandlockGrant::kReadExec:
      return kFsExecute | kFsReadFile | kFsReadDir;
    case LandlockGrant::kReadOnly:
      return kFsReadFile | kFsReadDir;
    case LandlockGrant::kReadWrite:
      return handled;
    case LandlockGrant::kDevNull:
      return kFsReadFile | kFsWriteFile | kFsTruncate;
  }
  return 0;
}

std::string Errno(const char* what, int err) {
  return std::string(what) + ": " + std::strerror(err);
}

}  // namespace

int LandlockAbi(std::string* why) {
  long abi = ::syscall(SYS_landlock_create_ruleset, nullptr, 0, kCreateRulesetVersion);
  if (abi > 0) return static_cast<int>(abi);
  int err = errno;
  if (why != nullptr) {
    if (err == ENOSYS) {
      *why = "the kernel has no Landlock (before 5.13 or not built in)";
    } else if (err == EOPNOTSUPP) {
      *why = "Landlock is disabled on this kernel (boot option lsm=)";
    } else if (err == EPERM) {
      *why = "landlock_create_ruleset is blocked by a seccomp profile";
    } else {
      *why = Errno("landlock_create_ruleset", err);
    }
  }
  return 0;
}

LandlockRuleset::~LandlockRuleset() {
  if (fd_ >= 0) ::close(fd_);
}

LandlockRuleset::LandlockRuleset(LandlockRuleset&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), abi_(other.abi_), reason_(std::move(other.reason_)) {}

LandlockRuleset& LandlockRuleset::operator=(LandlockRuleset&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    abi_ = other.abi_;
    reason_ = std::move(other.reason_);
  }
  return *this;
}

LandlockRuleset LandlockRuleset::Build(const std::vector<LandlockRule>& rules) {
  LandlockRuleset out;
  int abi = LandlockAbi(&out.reason_);
  if (abi == 0) return out;

  RulesetAttr attr{HandledFs(abi), 0, 0};
  std::size_t attr_size = sizeof(std::uint64_t);
  if (abi >= 4) {
    attr.handled_access_net = kNetBindTcp | kNetConnectTcp;  // no rules: no TCP at all
    attr_size = 2 * sizeof(std::uint64_t);
  }
  if (abi >= 6) {
    attr.scoped = kScopeAbstractUnix | kScopeSignal;
    attr_size = sizeof(RulesetAttr);
  }
  long fd = ::syscall(SYS_landlock_create_ruleset, &attr, attr_size, 0);
  if (fd < 0) {
    out.reason_ = Errno("landlock_create_ruleset", errno);
    return out;
  }
  out.fd_ = static_cast<int>(fd);

  for (const LandlockRule& rule : rules) {
    int path_fd = ::open(rule.path.c_str(), O_PATH | O_CLOEXEC);
    if (path_fd < 0) continue;  // absent on this system: nothing to allow
    struct stat st {};
    std::uint64_t rights = GrantRights(rule.grant, attr.handled_access_fs);
    if (::fstat(path_fd, &st) == 0 && !S_ISDIR(st.st_mode)) rights &= kFileRights;
    struct landlock_path_beneath_attr beneath {};
    beneath.allowed_access = rights & attr.handled_access_fs;
    beneath.parent_fd = path_fd;
    long rc = ::syscall(SYS_landlock_add_rule, out.fd_, LANDLOCK_RULE_PATH_BENEATH, &beneath, 0);
    int err = errno;
    ::close(path_fd);
    if (rc != 0) {
      out.reason_ = Errno(("landlock_add_rule " + rule.path).c_str(), err);
      ::close(out.fd_);
      out.fd_ = -1;
      return out;
    }
  }
  out.abi_ = abi;
  return out;
}

int LandlockRestrictSelf(int ruleset_fd) {
  if (::syscall(SYS_landlock_restrict_self, ruleset_fd, 0) != 0) return errno;
  return 0;
}

}  // namespace llmbox
