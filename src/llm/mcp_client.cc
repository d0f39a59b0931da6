// See mcp_client.h for what this guards against.
#include "llm/mcp_client.h"

#include <optional>

#include "llm/provider_error.h"

namespace llmbox {
namespace {

constexpr int64_t kInitializeId = 1;
constexpr int64_t kRequestId = 2;

// The client's half of one session, driven by what the server writes.
class Dialogue {
 public:
  Dialogue(std::string method, nlohmann::json params)
      : method_(std::move(method)), params_(std::move(params)) {}

  // What to write to the server next: answers to its requests, and after
  // the initialize answer the `initialized` notification and our request.
  std::string OnOutput(const std::string& output, bool& done) {
    std::string to_send;
    while (!done) {
      const int64_t waiting_for = initialized_ ? kRequestId : kInitializeId;
      auto answer = FindMcpResponse(output, offset_, waiting_for, requests_);
      to_send += requests_.replies;
      requests_.replies.clear();
      if (!answer) {
        error_ = answer.error().message;
        done = true;
      } else if (!answer->has_value()) {
        break;
      } else if (!initialized_) {
        initialized_ = true;
        to_send += McpNotificationLine("notifications/initialized") +
                   McpRequestLine(kRequestId, method_, params_);
      } else {
        result_ = std::move((*answer)->result);
        done = true;
      }
    }
    return to_send;
  }

  bool initialized() const { return initialized_; }
  const std::optional<nlohmann::json>& result() const { return result_; }
  const std::string& error() const { return error_; }

 private:
  std::string method_;
  nlohmann::json params_;
  std::size_t offset_ = 0;
  McpServerRequests requests_;
  bool initialized_ = false;
  std::optional<nlohmann::json> result_;
  std::string error_;
};

std::string Failure(const McpServerDecl& server, const std::string& problem) {
  return "MCP server \"" + server.name + "\": " + problem;
}

}  // namespace

McpSession RunMcpSession(const McpServerDecl& server, std::string_view method,
                         const nlohmann::json& params, const SandboxLimits& limits,
                         std::string_view client_version) {
  McpSession session;
  Dialogue dialogue{std::string(method), params};
  const std::string first =
      McpRequestLine(kInitializeId, "initialize", McpInitializeParams(client_version));
  ToolRunResult run = RunSandboxed(server.command, first, LimitsForCommand(server.command, limits),
                                   [&dialogue](const std::string& output, bool& done) {
                                     return dialogue.OnOutput(output, done);
                                   });
  session.warning = run.warning;
  if (!dialogue.error().empty()) {
    session.failure = Failure(server, dialogue.error());
  } else if (dialogue.result().has_value()) {
    session.ok = true;
    session.result = *dialogue.result();
  } else {
    std::string why = run.ok ? "exited before answering" : run.failure;
    why += dialogue.initialized() ? " (after initialize)" : " (during initialize)";
    const std::string err = OnePrintableLine(run.stderr_text, 300);
    if (!err.empty() && err != " ") why += ": " + err;
    session.failure = Failure(server, why);
  }
  return session;
}

Result<std::vector<ToolDef>> ListMcpTools(const McpServerDecl& server, const SandboxLimits& limits,
                                          std::string_view client_version, std::string& warning) {
  McpSession session =
      RunMcpSession(server, "tools/list", nlohmann::json::object(), limits, client_version);
  warning = session.warning;
  if (!session.ok) {
    return MakeError(ErrorKind::kConfig, server.source_file + ": " + session.failure +
                                             "; fix or remove the server's file");
  }
  auto tools = ParseMcpToolsList(session.result);
  if (!tools) {
    return MakeError(ErrorKind::kConfig, server.source_file + ": MCP server \"" + server.name +
                                             "\": " + tools.error().message);
  }
  return tools;
}

}  // namespace llmbox
