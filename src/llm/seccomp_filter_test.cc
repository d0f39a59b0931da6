// Installs the tool filter in a forked child and checks what it refuses and
// what it still allows. The child reports one byte per probe through a pipe.
#include "llm/seccomp_filter.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <vector>

namespace llmbox {
namespace {

// Runs each probe under the filter in a child; returns the errno each one
// ended with (0: allowed), or an empty vector if the child failed.
std::vector<int> ProbeUnderFilter(const std::vector<std::function<long()>>& probes) {
  std::vector<sock_filter> filter = BuildToolSeccompFilter();
  sock_fprog program{static_cast<unsigned short>(filter.size()), filter.data()};
  int fds[2];
  if (::pipe(fds) != 0) return {};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || InstallSeccompFilter(program) != 0)
      ::_exit(2);
    for (const auto& probe : probes) {
      errno = 0;
      long rc = probe();
      unsigned char e = rc < 0 ? static_cast<unsigned char>(errno) : 0;
      if (::write(fds[1], &e, 1) != 1) ::_exit(3);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  std::vector<int> out;
  unsigned char e;
  while (::read(fds[0], &e, 1) == 1) out.push_back(e);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return {};
  return out;
}

long Socket(int family) {
  long fd = ::socket(family, SOCK_STREAM, 0);
  if (fd >= 0) ::close(static_cast<int>(fd));
  return fd;
}

TEST(SeccompFilter, RefusesEverySocketFamily) {
  auto r = ProbeUnderFilter({[] { return Socket(AF_INET); }, [] { return Socket(AF_INET6); },
                             [] { return Socket(AF_UNIX); }, [] { return Socket(AF_NETLINK); }});
  EXPECT_EQ(r, (std::vector<int>{EPERM, EPERM, EPERM, EPERM}));
}

TEST(SeccompFilter, RefusesNamespacesPtraceAndLeavingTheGroup) {
  auto r = ProbeUnderFilter({
      [] { return ::syscall(SYS_unshare, CLONE_NEWUSER); },
      [] { return ::syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0); },
      [] { return ::syscall(SYS_ptrace, 0 /* PTRACE_TRACEME */, 0, 0, 0); },
      [] { return ::syscall(SYS_setsid); },
      [] { return ::syscall(SYS_setpgid, 0, 0); },
      [] { return ::syscall(SYS_bpf, 0, 0, 0); },
      [] { return ::syscall(SYS_keyctl, 0, 0, 0, 0, 0); },
      [] { return ::syscall(SYS_personality, 0xffffffff); },
      [] { return ::syscall(SYS_clone3, nullptr, 0); },
  });
  EXPECT_EQ(r, (std::vector<int>{EPERM, EPERM, EPERM, EPERM, EPERM, EPERM, EPERM, EPERM, ENOSYS}));
}

TEST(SeccompFilter, AllowsOrdinaryWork) {
  auto r = ProbeUnderFilter({
      [] { return static_cast<long>(::getpid()); },
      [] {
        int p[2];
        long rc = ::pipe(p);
        if (rc == 0) {
          ::close(p[0]);
          ::close(p[1]);
        }
        return rc;
      },
      [] {  // fork (clone without namespace flags) and wait
        pid_t child = ::fork();
        if (child == 0) ::_exit(0);
        return child < 0 ? -1L : static_cast<long>(::waitpid(child, nullptr, 0));
      },
  });
  EXPECT_EQ(r, (std::vector<int>{0, 0, 0}));
}

}  // namespace
}  // namespace llmbox
