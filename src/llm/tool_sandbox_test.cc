// Black-box tests of the tool sandbox: real child processes running small
// /bin/sh scripts, each in its own temporary directory tree:
//   <root>/ws       the workspace       <root>/tmp   the tool's /tmp and $HOME
//   <root>/outside  neither (must stay unreadable and unwritable)
//   <root>/bin      the tool scripts
#include "llm/tool_sandbox.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "llm/config_test_support.h"
#include "llm/custom_tools.h"
#include "llm/landlock.h"

namespace llmbox {
namespace {

using testing::ReadText;
using testing::TempDir;
using testing::WriteText;

class ToolSandbox : public ::testing::Test {
 protected:
  void SetUp() override {
    // When the tests run as root the tool runs as nobody: open the tree up so
    // that only the sandbox, never file modes, decides what the tool may do.
    ::chmod(dir_.path().c_str(), 0755);
    for (const char* sub : {"ws", "tmp", "outside", "bin"}) {
      std::filesystem::create_directory(dir_.Sub(sub));
      ::chmod(dir_.Sub(sub).c_str(), 0777);
    }
    limits_.workspace = dir_.Sub("ws");
    limits_.tmp_dir = dir_.Sub("tmp");
    limits_.timeout = std::chrono::seconds(20);
  }

  // A tool whose command is a /bin/sh script with `body`.
  CustomTool Tool(const std::string& body) {
    std::string path = dir_.Sub("bin/tool" + std::to_string(++tools_) + ".sh");
    WriteText(path, "#!/bin/sh\n" + body + "\n", 0755);
    return CustomTool{"t", "test tool", nlohmann::json::object(), {path}, path};
  }

  ToolRunResult Run(const std::string& body, const std::string& stdin_data = "{}") {
    return RunCustomTool(Tool(body), stdin_data, limits_);
  }

  static bool HaveLandlock() { return LandlockAbi(nullptr) > 0; }

  TempDir dir_;
  SandboxLimits limits_;
  int tools_ = 0;
};

// Processes still alive (not zombies) in process group `pgid`.
int LiveMembers(pid_t pgid) {
  int live = 0;
  DIR* proc = ::opendir("/proc");
  while (dirent* e = proc != nullptr ? ::readdir(proc) : nullptr) {
    std::string stat = ReadText(std::string("/proc/") + e->d_name + "/stat");
    auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    int ppid = 0, pgrp = 0;
    if (std::sscanf(stat.c_str() + close + 1, " %c %d %d", &state, &ppid, &pgrp) == 3 &&
        pgrp == pgid && state != 'Z' && state != 'X') {
      ++live;
    }
  }
  if (proc != nullptr) ::closedir(proc);
  return live;
}

// SIGKILL takes effect asynchronously: give the killed members a moment to
// die (bounded), then report who is still alive.
int SurvivorsOf(pid_t pgid) {
  for (int i = 0; i < 100 && LiveMembers(pgid) > 0; ++i) ::usleep(50 * 1000);
  return LiveMembers(pgid);
}

TEST_F(ToolSandbox, ToolGetsJsonOnStdinAndItsStdoutIsReturned) {
  ToolRunResult r = Run("printf 'got:'; cat", R"({"path": "a.txt"})");
  EXPECT_TRUE(r.ok) << r.failure << r.stderr_text;
  EXPECT_EQ(r.output, R"(got:{"path": "a.txt"})");
  EXPECT_EQ(r.exit_status, 0);
}

TEST_F(ToolSandbox, RunsInTheWorkspace) {
  WriteText(dir_.Sub("ws/data.txt"), "workspace data", 0644);
  ToolRunResult r = Run("cat data.txt && echo made > out.txt && echo tmp > \"$HOME/t\"");
  EXPECT_TRUE(r.ok) << r.failure << r.stderr_text;
  EXPECT_EQ(r.output, "workspace data");
  EXPECT_EQ(ReadText(dir_.Sub("ws/out.txt")), "made\n");
  EXPECT_EQ(ReadText(dir_.Sub("tmp/t")), "tmp\n");
}

TEST_F(ToolSandbox, EnvironmentIsClean) {
  ::setenv("OPENAI_API_KEY", "sk-parent-secret", 1);
  ToolRunResult r = Run("env");
  ::unsetenv("OPENAI_API_KEY");
  ASSERT_TRUE(r.ok) << r.failure << r.stderr_text;
  EXPECT_EQ(r.output.find("sk-parent-secret"), std::string::npos);
  EXPECT_EQ(r.output.find("OPENAI_API_KEY"), std::string::npos);
  EXPECT_NE(r.output.find("PATH=/usr/bin:/bin\n"), std::string::npos);
  EXPECT_NE(r.output.find("HOME=" + dir_.Sub("tmp") + "\n"), std::string::npos);
  EXPECT_NE(r.output.find("LANG=C.UTF-8\n"), std::string::npos);
}

TEST_F(ToolSandbox, ReadingOutsideTheWorkspaceIsDenied) {
  if (!HaveLandlock()) GTEST_SKIP() << "kernel without Landlock";
  WriteText(dir_.Sub("outside/secret.txt"), "top secret", 0644);
  ToolRunResult r = Run("cat " + dir_.Sub("outside/secret.txt"));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.output.find("top secret"), std::string::npos);
  EXPECT_NE(r.stderr_text.find("Permission denied"), std::string::npos) << r.stderr_text;
}

TEST_F(ToolSandbox, WritingOutsideTheWorkspaceIsDeniedAndLeavesNoFile) {
  if (!HaveLandlock()) GTEST_SKIP() << "kernel without Landlock";
  ToolRunResult r = Run("echo pwned > " + dir_.Sub("outside/pwned"));
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("outside/pwned")));
  EXPECT_NE(r.stderr_text.find("Permission denied"), std::string::npos) << r.stderr_text;
}

TEST_F(ToolSandbox, InetSocketToLoopbackFails) {
  if (::access("/usr/bin/python3", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/python3";
  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  std::string port = std::to_string(ntohs(addr.sin_port));
  ToolRunResult r =
      Run("exec /usr/bin/python3 -c '\nimport socket\ntry:\n"
          "  socket.create_connection((\"127.0.0.1\", " +
          port +
          "), 2)\n"
          "  print(\"connected\")\nexcept OSError as e:\n  print(\"denied\", e.errno)\n'");
  EXPECT_EQ(r.output, "denied 1\n") << r.failure << r.stderr_text;  // EPERM from the filter
  EXPECT_LT(::accept(listener, nullptr, nullptr), 0);               // nobody knocked
  ::close(listener);
}

TEST_F(ToolSandbox, ForkBombIsStoppedByTheProcessLimit) {
  limits_.processes = 8;
  limits_.timeout = std::chrono::seconds(10);
  // One dot per process started; the shell gives up at the first failed fork.
  ToolRunResult r = Run("i=0\nwhile [ $i -lt 40 ]; do printf .; sleep 977 & i=$((i+1)); done");
  EXPECT_NE(r.stderr_text.find("fork"), std::string::npos) << r.stderr_text;  // "Cannot fork"
  EXPECT_LE(r.output.size(), 9u);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(SurvivorsOf(r.pid), 0);  // the sleepers were killed with the group
}

TEST_F(ToolSandbox, InfiniteLoopIsKilledAtTheTimeout) {
  limits_.timeout = std::chrono::seconds(1);
  ToolRunResult r = Run("while :; do :; done");
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.term_signal, SIGKILL);
  EXPECT_EQ(r.failure, "timed out after 1 s: tool stopped");
  EXPECT_EQ(SurvivorsOf(r.pid), 0);
}

TEST_F(ToolSandbox, CancellingStopsTheToolAndItsGroup) {
  std::atomic<bool> cancel{false};
  limits_.cancel = &cancel;
  const std::string started = dir_.Sub("ws/started");
  std::thread canceller([&] {
    while (::access(started.c_str(), F_OK) != 0) std::this_thread::yield();
    cancel = true;
  });
  ToolRunResult r = Run("sleep 976 &\necho > started\nwhile :; do sleep 1; done");
  canceller.join();
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.failure, "stopped: no longer needed");
  EXPECT_EQ(SurvivorsOf(r.pid), 0);
}

TEST_F(ToolSandbox, CpuLimitKillsABusyTool) {
  limits_.cpu_seconds = 1;
  ToolRunResult r = Run("while :; do :; done");
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.failure, "killed: CPU time limit (1 s)");
}

TEST_F(ToolSandbox, MemoryLimitStopsAnAllocation) {
  if (::access("/usr/bin/python3", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/python3";
  limits_.memory_bytes = 256ULL << 20;
  ToolRunResult r =
      Run("exec /usr/bin/python3 -c 'x = bytearray(512 << 20); print(\"allocated\")'");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.output, "");
  EXPECT_EQ(r.failure, "memory limit (256 MiB) reached: exit status 1") << r.stderr_text;
}

TEST_F(ToolSandbox, HundredMegabytesOfOutputAreCappedAndTheToolKilled) {
  ToolRunResult r = Run("head -c 100000000 /dev/zero");
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.output_capped);
  EXPECT_EQ(r.output.size(), 1u << 20);
  EXPECT_EQ(r.term_signal, SIGKILL);
  EXPECT_EQ(r.failure, "output capped at 1 MiB: tool stopped");
}

TEST_F(ToolSandbox, BackgroundChildrenDoNotOutliveTheTool) {
  ToolRunResult r = Run("sleep 978 &\necho started");
  EXPECT_TRUE(r.ok) << r.failure;
  EXPECT_EQ(r.output, "started\n");
  EXPECT_EQ(SurvivorsOf(r.pid), 0);
}

TEST_F(ToolSandbox, ToolCannotLeaveItsProcessGroup) {
  ToolRunResult r = Run("exec setsid -w sleep 979");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.stderr_text.find("Operation not permitted"), std::string::npos) << r.stderr_text;
}

TEST_F(ToolSandbox, UnreadStdinDoesNotHurtTheCaller) {
  ToolRunResult r = Run("echo early", std::string(4 << 20, 'x'));
  EXPECT_TRUE(r.ok) << r.failure;
  EXPECT_EQ(r.output, "early\n");
}

TEST_F(ToolSandbox, NonZeroExitIsAFailure) {
  ToolRunResult r = Run("echo partial; exit 3");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_EQ(r.failure, "exit status 3");
  EXPECT_EQ(r.output, "partial\n");
}

TEST_F(ToolSandbox, MissingProgramIsReportedNotThrown) {
  CustomTool tool{"t", "", nlohmann::json::object(), {"no-such-program-xyz"}, ""};
  ToolRunResult r = RunCustomTool(tool, "{}", limits_);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.failure.find("no-such-program-xyz"), std::string::npos);
}

TEST_F(ToolSandbox, LandlockRequiredButMissingFailsClosed) {
  if (HaveLandlock()) GTEST_SKIP() << "this kernel has Landlock";
  limits_.require_landlock = true;
  ToolRunResult r = Run("echo ran");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.output, "");
}

TEST(SandboxLimits, WorkspaceComesFromTheEnvironment) {
  TempDir dir;
  SandboxLimits limits = DefaultSandboxLimits(
      testing::MapEnv({{"LLM_WORKSPACE", dir.path()}, {"LLMBOX_REQUIRE_LANDLOCK", "1"}}));
  EXPECT_EQ(limits.workspace, std::filesystem::canonical(dir.path()).string());
  EXPECT_TRUE(limits.require_landlock);
  EXPECT_FALSE(DefaultSandboxLimits(testing::MapEnv({})).require_landlock);
}

}  // namespace
}  // namespace llmbox
