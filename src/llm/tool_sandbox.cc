#include "llm/tool_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "llm/landlock.h"
#include "llm/sandbox_supervisor.h"
#include "llm/seccomp_filter.h"
#include "llm/uid_tasks.h"

namespace llmbox {
namespace {

constexpr uid_t kNobody = 65534;

// Where the child stopped, reported through the status pipe with errno.
enum Stage : int {
  kStageSession = 1,
  kStageChdir,
  kStageUid,
  kStageRlimit,
  kStageDeathSignal,
  kStageNoNewPrivs,
  kStageLandlock,
  kStageFds,
  kStageSeccomp,
  kStageExec,
};

const char* StageName(int stage) {
  switch (stage) {
    case kStageSession:
      return "setsid";
    case kStageChdir:
      return "chdir to the workspace";
    case kStageUid:
      return "dropping root to uid 65534";
    case kStageRlimit:
      return "setting resource limits";
    case kStageDeathSignal:
      return "PR_SET_PDEATHSIG";
    case kStageNoNewPrivs:
      return "PR_SET_NO_NEW_PRIVS";
    case kStageLandlock:
      return "landlock_restrict_self";
    case kStageFds:
      return "setting up stdin/stdout/stderr";
    case kStageSeccomp:
      return "installing the seccomp filter";
    case kStageExec:
      return "execve";
  }
  return "setup";
}

struct Rlimit {
  int resource;
  rlim_t value;
};

// Everything the child needs, prepared before fork: the child only makes
// system calls.
struct ChildPlan {
  const char* exe;
  char* const* argv;
  char* const* envp;
  const char* workspace;
  int stdin_fd, stdout_fd, stderr_fd, status_fd;
  int landlock_fd;
  bool drop_root;
  pid_t parent;
  const Rlimit* rlimits;
  std::size_t rlimit_count;
  const sock_fprog* seccomp;
};

[[noreturn]] void ChildFail(int status_fd, int stage) {
  int report[2] = {stage, errno};
  ssize_t ignored = ::write(status_fd, report, sizeof report);
  (void)ignored;
  ::_exit(127);
}

void ResetSignals() {
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

bool CloseOtherFds(int keep) {
  long a = ::syscall(SYS_close_range, 3U, static_cast<unsigned>(keep - 1), 0U);
  long b = ::syscall(SYS_close_range, static_cast<unsigned>(keep + 1), ~0U, 0U);
  if (a == 0 && b == 0) return true;
  for (int fd = 3; fd < 65536; ++fd) {
    if (fd != keep) ::close(fd);
  }
  return true;
}

[[noreturn]] void ChildMain(const ChildPlan& p) {
  const int st = p.status_fd;
  ResetSignals();
  if (::setsid() < 0) ChildFail(st, kStageSession);
  if (::chdir(p.workspace) != 0) ChildFail(st, kStageChdir);
  if (p.drop_root && (::syscall(SYS_setgroups, 0, nullptr) != 0 ||
                      ::syscall(SYS_setresgid, kNobody, kNobody, kNobody) != 0 ||
                      ::syscall(SYS_setresuid, kNobody, kNobody, kNobody) != 0)) {
    ChildFail(st, kStageUid);
  }
  for (std::size_t i = 0; i < p.rlimit_count; ++i) {
    struct rlimit lim {
      p.rlimits[i].value, p.rlimits[i].value
    };
    if (p.rlimits[i].resource == RLIMIT_CPU) lim.rlim_max = lim.rlim_cur + 1;  // SIGXCPU first
    if (::syscall(SYS_prlimit64, 0, p.rlimits[i].resource, &lim, nullptr) != 0) {
      ChildFail(st, kStageRlimit);
    }
  }
  // After the uid change, which clears it. The parent may already be gone.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) ChildFail(st, kStageDeathSignal);
  if (::getppid() != p.parent) ::_exit(127);
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) ChildFail(st, kStageNoNewPrivs);
  if (p.landlock_fd >= 0) {
    int err = LandlockRestrictSelf(p.landlock_fd);
    if (err != 0) {
      errno = err;
      ChildFail(st, kStageLandlock);
    }
  }
  if (::dup2(p.stdin_fd, 0) < 0 || ::dup2(p.stdout_fd, 1) < 0 || ::dup2(p.stderr_fd, 2) < 0) {
    ChildFail(st, kStageFds);
  }
  CloseOtherFds(st);
  int err = InstallSeccompFilter(*p.seccomp);
  if (err != 0) {
    errno = err;
    ChildFail(st, kStageSeccomp);
  }
  ::execve(p.exe, p.argv, p.envp);
  ChildFail(st, kStageExec);
}

// A pipe whose ends are both >= 3, so dup2 onto 0..2 never collides.
bool MakePipe(int fds[2]) {
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  for (int i = 0; i < 2; ++i) {
    if (fds[i] > 2) continue;
    int moved = ::fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
    ::close(fds[i]);
    fds[i] = moved;
  }
  return fds[0] >= 0 && fds[1] >= 0;
}

void ClosePipe(int fds[2]) {
  for (int i = 0; i < 2; ++i) {
    if (fds[i] >= 0) ::close(fds[i]);
    fds[i] = -1;
  }
}

bool IsExecutableFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string ResolveExecutable(const std::string& name) {
  if (name.find('/') != std::string::npos) return IsExecutableFile(name) ? name : "";
  for (const char* dir : {"/usr/bin/", "/bin/"}) {
    std::string candidate = dir + name;
    if (IsExecutableFile(candidate)) return candidate;
  }
  return "";
}

std::vector<LandlockRule> PolicyRules(const SandboxLimits& limits, const std::string& exe) {
  std::vector<LandlockRule> rules;
  for (const char* dir : {"/usr", "/bin", "/lib", "/lib64", "/lib32", "/libx32"}) {
    rules.push_back({dir, LandlockGrant::kReadExec});
  }
  for (const char* file : {"/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
                           "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/localtime",
                           "/etc/alternatives", "/dev/zero", "/dev/urandom", "/dev/random"}) {
    rules.push_back({file, LandlockGrant::kReadOnly});
  }
  rules.push_back({"/dev/null", LandlockGrant::kDevNull});
  rules.push_back({limits.workspace, LandlockGrant::kReadWrite});
  rules.push_back({limits.tmp_dir, LandlockGrant::kReadWrite});
  rules.push_back({exe, LandlockGrant::kReadExec});
  for (const std::string& path : limits.read_exec_paths)
    rules.push_back({path, LandlockGrant::kReadExec});
  return rules;
}

std::string FormatBytes(std::uint64_t n) {
  if (n >= (1ULL << 30) && n % (1ULL << 30) == 0) return std::to_string(n >> 30) + " GiB";
  if (n >= (1ULL << 20) && n % (1ULL << 20) == 0) return std::to_string(n >> 20) + " MiB";
  if (n >= (1ULL << 10) && n % (1ULL << 10) == 0) return std::to_string(n >> 10) + " KiB";
  return std::to_string(n) + " bytes";
}

std::string FormatDuration(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
  return std::to_string(d.count()) + " ms";
}

double CpuSeconds(const struct rusage& u) {
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Fills ok/failure/exit_status/term_signal from what the supervisor saw.
void Describe(const SupervisorOutcome& o, const SandboxLimits& limits, ToolRunResult& r) {
  if (WIFEXITED(o.wait_status)) r.exit_status = WEXITSTATUS(o.wait_status);
  if (WIFSIGNALED(o.wait_status)) r.term_signal = WTERMSIG(o.wait_status);
  if (o.listener_done) {  // the dialogue got its answer; the kill was ours
    r.ok = true;
    return;
  }
  if (o.cancelled) {
    r.failure = "stopped: no longer needed";
  } else if (o.timed_out) {
    r.failure = "timed out after " + FormatDuration(limits.timeout) + ": tool stopped";
  } else if (o.output_capped) {
    r.failure = "output capped at " + FormatBytes(limits.output_cap) + ": tool stopped";
  } else if (r.term_signal == SIGXCPU ||
             (r.term_signal == SIGKILL && CpuSeconds(o.usage) >= limits.cpu_seconds)) {
    r.failure = "killed: CPU time limit (" + std::to_string(limits.cpu_seconds) + " s)";
  } else if (r.term_signal == SIGXFSZ) {
    r.failure = "killed: file size limit (" + FormatBytes(limits.file_size_bytes) + ")";
  } else if (r.term_signal != 0) {
    const char* abbrev = ::sigabbrev_np(r.term_signal);
    r.failure = "killed by signal " + std::to_string(r.term_signal) +
                (abbrev != nullptr ? std::string(" (SIG") + abbrev + ")" : "");
  } else if (r.exit_status != 0) {
    r.failure = "exit status " + std::to_string(r.exit_status);
  }
  // RLIMIT_AS makes allocations fail rather than killing; say so when the
  // tool's own message points at it.
  bool memory = r.stderr_text.find("Cannot allocate memory") != std::string::npos ||
                r.stderr_text.find("MemoryError") != std::string::npos ||
                r.stderr_text.find("out of memory") != std::string::npos;
  if (!r.failure.empty() && !o.timed_out && !o.output_capped && memory) {
    r.failure = "memory limit (" + FormatBytes(limits.memory_bytes) + ") reached: " + r.failure;
  }
  r.ok = r.failure.empty();
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

SandboxLimits DefaultSandboxLimits(const EnvGetter& env) {
  SandboxLimits limits;
  std::error_code ec;
  if (auto ws = env("LLM_WORKSPACE"); ws && !ws->empty()) {
    limits.workspace = *ws;
  } else if (std::filesystem::is_directory("/workspace", ec)) {
    limits.workspace = "/workspace";
  } else {
    limits.workspace = std::filesystem::current_path(ec).string();
  }
  auto canonical = std::filesystem::canonical(limits.workspace, ec);
  if (!ec) limits.workspace = canonical.string();
  auto require = env("LLMBOX_REQUIRE_LANDLOCK");
  limits.require_landlock = require && *require == "1";
  return limits;
}

ToolRunResult RunSandboxed(const std::vector<std::string>& argv, const std::string& stdin_data,
                           const SandboxLimits& limits, const StdoutListener& listener) {
  ToolRunResult r;
  const std::string exe = argv.empty() ? "" : ResolveExecutable(argv[0]);
  if (exe.empty()) {
    r.failure = "command not found or not executable: '" + (argv.empty() ? "" : argv[0]) +
                "' (give an absolute path or a program in /usr/bin or /bin)";
    return r;
  }
  struct stat ws {};
  if (::stat(limits.workspace.c_str(), &ws) != 0 || !S_ISDIR(ws.st_mode)) {
    r.failure = "workspace '" + limits.workspace + "' is not a directory (set LLM_WORKSPACE)";
    return r;
  }
  LandlockRuleset ruleset = LandlockRuleset::Build(PolicyRules(limits, exe));
  if (ruleset.fd() < 0) {
    if (limits.require_landlock) {
      r.failure =
          "Landlock is required (LLMBOX_REQUIRE_LANDLOCK=1) but unavailable: " + ruleset.reason();
      return r;
    }
    r.warning = "Landlock not applied (" + ruleset.reason() +
                "): the tool's file access is limited only by the container";
  }
  r.landlock_abi = ruleset.abi();
  std::vector<sock_filter> filter = BuildToolSeccompFilter();
  sock_fprog program{static_cast<unsigned short>(filter.size()), filter.data()};

  std::vector<std::string> args(argv);
  std::vector<std::string> env{"PATH=/usr/bin:/bin", "HOME=" + limits.tmp_dir, "LANG=C.UTF-8"};
  std::vector<char*> c_argv = CStrings(args);
  std::vector<char*> c_env = CStrings(env);
  const bool drop_root = ::getuid() == 0 || ::geteuid() == 0;
  const long tasks = CountTasksOfUid(drop_root ? kNobody : ::getuid());
  const Rlimit rlimits[] = {
      {RLIMIT_CPU, static_cast<rlim_t>(limits.cpu_seconds)},
      {RLIMIT_AS, static_cast<rlim_t>(limits.memory_bytes)},
      {RLIMIT_NPROC, static_cast<rlim_t>(tasks + limits.processes)},
      {RLIMIT_FSIZE, static_cast<rlim_t>(limits.file_size_bytes)},
      {RLIMIT_NOFILE, static_cast<rlim_t>(limits.open_files)},
      {RLIMIT_CORE, 0},
  };

  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1}, status[2] = {-1, -1};
  if (!MakePipe(in) || !MakePipe(out) || !MakePipe(err) || !MakePipe(status)) {
    r.failure = std::string("could not create pipes: ") + std::strerror(errno);
    for (int* p : {in, out, err, status}) ClosePipe(p);
    return r;
  }
  const ChildPlan plan{exe.c_str(),
                       c_argv.data(),
                       c_env.data(),
                       limits.workspace.c_str(),
                       in[0],
                       out[1],
                       err[1],
                       status[1],
                       ruleset.fd(),
                       drop_root,
                       ::getpid(),
                       rlimits,
                       sizeof rlimits / sizeof rlimits[0],
                       &program};
  pid_t pid = ::fork();
  if (pid == 0) ChildMain(plan);
  int fork_errno = errno;
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  ::close(status[1]);
  if (pid < 0) {
    r.failure = std::string("could not start the tool: fork: ") + std::strerror(fork_errno);
    for (int fd : {in[1], out[0], err[0], status[0]}) ::close(fd);
    return r;
  }
  r.pid = pid;
  int report[2] = {0, 0};
  ssize_t got;
  while ((got = ::read(status[0], report, sizeof report)) < 0 && errno == EINTR) {
  }
  ::close(status[0]);
  if (got == static_cast<ssize_t>(sizeof report)) {
    for (int fd : {in[1], out[0], err[0]}) ::close(fd);
    int ignored;
    while (::waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
    }
    r.failure = std::string("could not start '") + exe + "': " + StageName(report[0]) + ": " +
                std::strerror(report[1]);
    if (report[0] == kStageExec && report[1] == EACCES) {
      r.failure += " (a script's interpreter must live under /usr or /bin)";
    }
    return r;
  }
  SupervisorOutcome o =
      SuperviseChild({pid, in[1], out[0], err[0], stdin_data, limits.timeout, limits.output_cap,
                      limits.stderr_cap, listener, limits.cancel});
  r.output = std::move(o.output);
  r.stderr_text = std::move(o.stderr_text);
  r.timed_out = o.timed_out;
  r.output_capped = o.output_capped;
  Describe(o, limits, r);
  return r;
}

}  // namespace llmbox
