#include "llm/sandbox_supervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>

namespace llmbox {
namespace {

using Clock = std::chrono::steady_clock;

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void KillGroup(pid_t pgid) {
  ::kill(-pgid, SIGKILL);
  ::kill(pgid, SIGKILL);  // in case it never became a group leader
}

// Writes as much of `data` from `offset` as the pipe takes without raising
// SIGPIPE in this process when the tool closed its stdin: SIGPIPE is blocked
// on this thread for the write and a pending one is consumed.
bool WriteSome(int fd, const std::string& data, std::size_t& offset) {
  sigset_t pipe_set, old_set, pending;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  ssize_t n = ::write(fd, data.data() + offset, data.size() - offset);
  int err = errno;
  if (n < 0 && err == EPIPE && !was_pending) {
    timespec zero{0, 0};
    sigtimedwait(&pipe_set, nullptr, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  if (n > 0) offset += static_cast<std::size_t>(n);
  if (n < 0 && (err == EAGAIN || err == EINTR)) return true;
  return n >= 0 && offset < data.size();  // false: done or the tool stopped reading
}

// Reads what is available; returns false at end of file or error.
bool ReadSome(int fd, std::string& into, std::size_t cap, bool& overflow) {
  std::array<char, 65536> buf;
  ssize_t n = ::read(fd, buf.data(), buf.size());
  if (n < 0) return errno == EAGAIN || errno == EINTR;
  if (n == 0) return false;
  std::size_t room = cap > into.size() ? cap - into.size() : 0;
  std::size_t keep = std::min(room, static_cast<std::size_t>(n));
  into.append(buf.data(), keep);
  if (keep < static_cast<std::size_t>(n)) overflow = true;
  return true;
}

// True once the child has exited; leaves it unreaped (WNOWAIT) so its pid,
// which is also the group id, cannot be reused before the group is killed.
bool ChildExited(pid_t pid) {
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return errno == ECHILD;
  }
  return info.si_pid == pid;
}

int MillisUntil(Clock::time_point deadline, int cap_ms) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::clamp<long long>(left.count(), 0, cap_ms));
}

}  // namespace

SupervisorOutcome SuperviseChild(SupervisorInput in) {
  SupervisorOutcome out;
  const Clock::time_point deadline = Clock::now() + in.timeout;
  for (int fd : {in.stdin_fd, in.stdout_fd, in.stderr_fd}) {
    if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  std::size_t written = 0;
  const bool dialogue = static_cast<bool>(in.listener);
  if (in.stdin_data.empty() && !dialogue) CloseFd(in.stdin_fd);
  bool exited = false;
  bool stderr_overflow = false;
  int wait_ms = 1;  // how often to look for an exit while the pipes stay open
  for (;;) {
    if (!exited && ChildExited(in.pid)) {
      exited = true;
      KillGroup(in.pid);  // background descendants holding the pipes open
      CloseFd(in.stdin_fd);
    }
    if (in.stdout_fd < 0 && in.stderr_fd < 0 && exited) break;
    if (in.cancel != nullptr && in.cancel->load()) {
      out.cancelled = true;
      break;
    }
    if (Clock::now() >= deadline) {
      out.timed_out = !exited;
      break;
    }
    // A dialogue's stdin stays open with nothing to write: not polled then.
    const int write_fd = written < in.stdin_data.size() ? in.stdin_fd : -1;
    std::array<pollfd, 3> fds{
        {{in.stdout_fd, POLLIN, 0}, {in.stderr_fd, POLLIN, 0}, {write_fd, POLLOUT, 0}}};
    int rc = ::poll(fds.data(), fds.size(), MillisUntil(deadline, wait_ms));
    wait_ms = std::min(wait_ms * 2, 50);
    if (rc < 0 && errno != EINTR) break;
    if (rc <= 0) continue;
    const std::size_t had = out.output.size();
    if (fds[0].revents != 0 &&
        !ReadSome(in.stdout_fd, out.output, in.output_cap, out.output_capped)) {
      CloseFd(in.stdout_fd);
    }
    if (out.output_capped) break;
    if (dialogue && out.output.size() > had) {
      in.stdin_data += in.listener(out.output, out.listener_done);
      if (out.listener_done) break;
    }
    if (fds[1].revents != 0 &&
        !ReadSome(in.stderr_fd, out.stderr_text, in.stderr_cap, stderr_overflow)) {
      CloseFd(in.stderr_fd);
    }
    if (fds[2].revents != 0 && !WriteSome(in.stdin_fd, in.stdin_data, written) &&
        !(dialogue && written == in.stdin_data.size())) {
      CloseFd(in.stdin_fd);
    }
  }
  KillGroup(in.pid);
  CloseFd(in.stdin_fd);
  CloseFd(in.stdout_fd);
  CloseFd(in.stderr_fd);
  // Every member got SIGKILL while the leader was still unreaped, so the
  // group id was still ours; after reaping it could name someone else.
  while (::wait4(in.pid, &out.wait_status, 0, &out.usage) < 0 && errno == EINTR) {
  }
  return out;
}

}  // namespace llmbox
