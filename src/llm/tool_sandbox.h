// Runs one custom-tool process under least privilege. Guards against a tool
// (or the model choosing its arguments) that tries to read keys or files
// outside the workspace, write outside the workspace and /tmp, reach the
// network, escalate privileges, or exhaust the machine.
//
// Mechanisms, each in its own file, all applied in the child between fork and
// exec with async-signal-safe calls only (everything is prepared before fork):
//   - a new session and process group (the whole group is killed on timeout,
//     output overflow and after the tool exits),
//   - a clean environment (PATH=/usr/bin:/bin, HOME=<tmp_dir>, LANG=C.UTF-8),
//     cwd = workspace, stdin = the JSON arguments, stdout/stderr captured,
//   - an unprivileged uid when the caller is root (uid 0 ignores RLIMIT_NPROC
//     and keeps capabilities): 65534 (nobody),
//   - rlimits (below; tool_sandbox.cc), PR_SET_NO_NEW_PRIVS,
//   - Landlock (landlock.h): filesystem allowlist, no TCP, no signals or
//     abstract Unix sockets outside the sandbox where the kernel supports it,
//   - seccomp (seccomp_filter.h): no sockets, ptrace, mount, bpf, keyctl,
//     namespaces, setsid/setpgid (so the group kill reaches every descendant).
// Policy and caveats: SECURITY.md "Tools", docs/design.md "Custom tools".
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "llm/command.h"
#include "llm/sandbox_supervisor.h"

namespace llmbox {

struct SandboxLimits {
  std::string workspace;                     // cwd; read, write, execute. Must exist.
  std::string tmp_dir = "/tmp";              // read, write, execute; also $HOME of the tool
  std::chrono::milliseconds timeout{30000};  // wall clock; then the group is killed
  int cpu_seconds = 30;                      // RLIMIT_CPU
  std::uint64_t memory_bytes = 1ULL << 30;   // RLIMIT_AS
  // RLIMIT_NPROC counts every task (thread) of the uid, not only the tool's.
  // The sandbox sets it to the uid's current task count plus `processes`, so
  // the tool may start about this many more; a busy uid races with it.
  int processes = 32;
  std::uint64_t file_size_bytes = 64ULL << 20;  // RLIMIT_FSIZE
  int open_files = 64;                          // RLIMIT_NOFILE
  std::size_t output_cap = 1 << 20;             // stdout bytes; beyond this the tool is killed
  std::size_t stderr_cap = 16 << 10;            // stderr bytes kept; the rest is discarded
  bool require_landlock = false;                // fail instead of warning when Landlock is missing
  // Extra files or directories the tool may read and execute (its own path and
  // absolute paths in its command are added by RunCustomTool).
  std::vector<std::string> read_exec_paths;
  // When set and it becomes true, the tool is stopped (its group killed) and
  // the run fails "stopped: no longer needed". Must outlive the run.
  const std::atomic<bool>* cancel = nullptr;
};

// Limits with the workspace and Landlock requirement taken from the
// environment: LLM_WORKSPACE, else /workspace if it is a directory, else the
// current directory; LLMBOX_REQUIRE_LANDLOCK=1 makes Landlock mandatory.
SandboxLimits DefaultSandboxLimits(const EnvGetter& env);

struct ToolRunResult {
  std::string output;       // stdout, at most output_cap bytes
  bool ok = false;          // exit status 0 and no limit hit
  std::string failure;      // empty when ok, else one line: "timed out after 30 s",
                            // "output capped at 1 MiB: tool stopped", "exit status 3", ...
  std::string stderr_text;  // at most stderr_cap bytes
  std::string warning;      // non-fatal, e.g. Landlock not available on this kernel
  int exit_status = -1;     // when it exited normally
  int term_signal = 0;      // when a signal ended it
  bool timed_out = false;
  bool output_capped = false;
  int landlock_abi = 0;  // Landlock ABI applied (0: none)
  int pid = 0;           // the tool's pid and process group id (for logs)
};

// Runs argv[0] (absolute, or found in /usr/bin:/bin) with `stdin_data` on its
// stdin under `limits`. Never throws; always reaps the child and kills its
// process group before returning. With a `listener` (an MCP server), stdin
// stays open and the listener writes the rest of a dialogue (see
// sandbox_supervisor.h); the run is ok once the listener says it is done.
ToolRunResult RunSandboxed(const std::vector<std::string>& argv, const std::string& stdin_data,
                           const SandboxLimits& limits, const StdoutListener& listener = {});

}  // namespace llmbox
