// The parent's side of a sandboxed tool run: feeds stdin, collects capped
// stdout/stderr, enforces the wall-clock deadline and the output cap by
// killing the tool's whole process group, and reaps the tool. Kills the group
// again after the tool exits so no background descendant outlives the call
// (the seccomp filter keeps descendants from leaving the group).
//
// A child that talks back (an MCP server, mcp_client.h) gets a listener: its
// stdin then stays open after stdin_data is written, and the listener decides
// what to write next from what the child said; the same deadline, output cap
// and group kill apply to the whole dialogue.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace llmbox {

// Called with all stdout read so far, each time more arrives. Returns what
// to write to stdin next (may be empty); sets `done` once the dialogue is
// over, and the child is then stopped (the group is killed, as always).
using StdoutListener = std::function<std::string(const std::string& output, bool& done)>;

struct SupervisorInput {
  pid_t pid = -1;      // also the process group id (the child called setsid)
  int stdin_fd = -1;   // write end, owned (closed) by the supervisor
  int stdout_fd = -1;  // read ends, owned by the supervisor
  int stderr_fd = -1;
  std::string stdin_data;
  std::chrono::milliseconds timeout{30000};
  std::size_t output_cap = 1 << 20;
  std::size_t stderr_cap = 16 << 10;
  StdoutListener listener;  // empty: write stdin_data, then close stdin
  // Polled at least every 50 ms: once true, the child is stopped.
  const std::atomic<bool>* cancel = nullptr;
};

struct SupervisorOutcome {
  std::string output;
  std::string stderr_text;
  bool timed_out = false;
  bool output_capped = false;
  bool listener_done = false;  // the listener ended the dialogue (the child was then killed)
  bool cancelled = false;      // `cancel` became true first (the child was then killed)
  int wait_status = 0;         // as from waitpid
  struct rusage usage {};
};

SupervisorOutcome SuperviseChild(SupervisorInput in);

}  // namespace llmbox
