// MCP sessions against small /bin/sh "servers" in the real sandbox: the
// handshake order, the answer picked by id, and a server that hangs, floods,
// dies or lingers after answering.
#include "llm/mcp_client.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <sstream>
#include <vector>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::ReadText;
using testing::TempDir;
using testing::WriteText;

constexpr const char* kInitAnswer =
    R"(echo '{"jsonrpc": "2.0", "id": 1, "result": {"protocolVersion": "2025-06-18"}}')";

class McpClient : public ::testing::Test {
 protected:
  void SetUp() override {
    // As root the server runs as nobody: only the sandbox decides.
    ::chmod(dir_.path().c_str(), 0755);
    for (const char* sub : {"ws", "tmp", "bin"}) {
      std::filesystem::create_directory(dir_.Sub(sub));
      ::chmod(dir_.Sub(sub).c_str(), 0777);
    }
    limits_.workspace = dir_.Sub("ws");
    limits_.tmp_dir = dir_.Sub("tmp");
    limits_.timeout = std::chrono::seconds(20);
  }

  // A server whose program is a /bin/sh script with `body`.
  McpServerDecl Server(const std::string& body) {
    const std::string path = dir_.Sub("bin/server.sh");
    WriteText(path, "#!/bin/sh\n" + body + "\n", 0755);
    return McpServerDecl{"sh", {path}, "sh.yaml"};
  }

  McpSession Run(const std::string& body) {
    return RunMcpSession(Server(body), "tools/list", nlohmann::json::object(), limits_, "9.9");
  }

  TempDir dir_;
  SandboxLimits limits_;
};

TEST_F(McpClient, HandshakeThenRequestThenTheAnswerToOurId) {
  McpSession s = Run(std::string("read init; echo \"$init\" > seen.txt; ") + kInitAnswer +
                     "; read note; read req; echo \"$note\" >> seen.txt; "
                     "echo \"$req\" >> seen.txt; "
                     R"(echo '{"jsonrpc": "2.0", "id": 7, "result": {"tools": "wrong id"}}'; )"
                     R"(echo '{"jsonrpc": "2.0", "id": 2, "result": {"tools": []}}')");
  ASSERT_TRUE(s.ok) << s.failure;
  EXPECT_EQ(s.result, nlohmann::json::parse(R"({"tools": []})"));
  std::vector<nlohmann::json> seen;
  std::istringstream lines(ReadText(dir_.Sub("ws/seen.txt")));
  for (std::string line; std::getline(lines, line);) seen.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0]["method"], "initialize");
  EXPECT_EQ(seen[0]["id"], 1);
  EXPECT_EQ(seen[0]["params"]["clientInfo"]["version"], "9.9");
  EXPECT_EQ(seen[1],
            nlohmann::json::parse(R"({"jsonrpc": "2.0", "method": "notifications/initialized"})"));
  EXPECT_EQ(seen[2]["method"], "tools/list");
  EXPECT_EQ(seen[2]["id"], 2);
}

TEST_F(McpClient, ServerRequestsAreAnsweredBeforeTheServerAnswersOurs) {
  McpSession s =
      Run(std::string("read init; ") + kInitAnswer +
          R"(; read note; read req; echo '{"jsonrpc": "2.0", "id": "p", "method": "ping"}'; )"
          R"(read pong; echo "$pong" > seen.txt; )"
          R"(echo '{"jsonrpc": "2.0", "id": 5, "method": "elicitation/create"}'; )"
          R"(read refusal; echo "$refusal" >> seen.txt; )"
          R"(echo '{"jsonrpc": "2.0", "id": 2, "result": {"tools": []}}')");
  ASSERT_TRUE(s.ok) << s.failure;
  std::istringstream lines(ReadText(dir_.Sub("ws/seen.txt")));
  std::string pong;
  std::string refusal;
  std::getline(lines, pong);
  std::getline(lines, refusal);
  EXPECT_EQ(nlohmann::json::parse(pong),
            nlohmann::json::parse(R"({"jsonrpc": "2.0", "id": "p", "result": {}})"));
  const auto error = nlohmann::json::parse(refusal);
  EXPECT_EQ(error["id"], 5);
  EXPECT_EQ(error["error"]["code"], -32601);
}

TEST_F(McpClient, AServerThatLingersAfterAnsweringIsStoppedAndTheCallSucceeds) {
  McpSession s = Run(std::string("read init; ") + kInitAnswer +
                     R"(; read note; read req; echo '{"jsonrpc": "2.0", "id": 2, "result": {}}'; )"
                     "exec sleep 100");
  EXPECT_TRUE(s.ok) << s.failure;
}

TEST_F(McpClient, AServerThatNeverAnswersTimesOut) {
  limits_.timeout = std::chrono::milliseconds(500);
  McpSession s = Run("exec sleep 100");
  EXPECT_FALSE(s.ok);
  EXPECT_NE(s.failure.find("MCP server \"sh\": timed out"), std::string::npos) << s.failure;
  EXPECT_NE(s.failure.find("(during initialize)"), std::string::npos) << s.failure;
}

TEST_F(McpClient, AFloodingServerIsCapped) {
  limits_.output_cap = 4096;
  McpSession s = Run("while :; do printf 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'; done");
  EXPECT_FALSE(s.ok);
  EXPECT_NE(s.failure.find("output capped"), std::string::npos) << s.failure;
}

TEST_F(McpClient, AServerThatDiesReportsItsStatusAndStderr) {
  McpSession s =
      Run(std::string("read init; ") + kInitAnswer + "; echo 'broken pipe dream' >&2; exit 4");
  EXPECT_FALSE(s.ok);
  EXPECT_NE(s.failure.find("exit status 4 (after initialize): broken pipe dream"),
            std::string::npos)
      << s.failure;
}

TEST_F(McpClient, AnErrorAnswerIsTheFailure) {
  McpSession s =
      Run(std::string("read init; ") + kInitAnswer +
          R"(; read note; read req; )"
          R"(echo '{"jsonrpc": "2.0", "id": 2, "error": {"code": -32601, "message": "nope"}}')");
  EXPECT_FALSE(s.ok);
  EXPECT_NE(s.failure.find("answered with an error: nope"), std::string::npos) << s.failure;
}

TEST_F(McpClient, ListToolsNamesTheFileOnBadTools) {
  std::string warning;
  auto tools = ListMcpTools(
      Server(
          std::string("read init; ") + kInitAnswer +
          R"(; read note; read req; echo '{"jsonrpc": "2.0", "id": 2, "result": {"tools": [{"name": "a b", "inputSchema": {}}]}}')"),
      limits_, "9.9", warning);
  ASSERT_FALSE(tools.ok());
  EXPECT_EQ(tools.error().message.rfind("sh.yaml: MCP server \"sh\": ", 0), 0u)
      << tools.error().message;
}

}  // namespace
}  // namespace llmbox
