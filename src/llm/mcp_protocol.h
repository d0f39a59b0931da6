// The client side of the Model Context Protocol (MCP) that llmbox speaks to a
// tool server over stdio: JSON-RPC 2.0 messages, one per line (no embedded
// newlines), `initialize` first, then the `notifications/initialized`
// notification, then `tools/list` or `tools/call`.
//
// Everything a server writes is untrusted: it may be hostile, buggy or not an
// MCP server at all. Guards against: exceptions or unbounded recursion from
// its JSON (untrusted_json.h), answers to another request being taken for
// ours (the id must match), tool names that could pose as another tool or
// smuggle control characters (the custom-tool name rule applies), and
// oversized descriptions and schemas (capped), and a server that floods the
// client with requests of its own (answered, up to a cap per call). Spec: the MCP specification,
// "Basic / Transports (stdio)", "Lifecycle", "Basic / Utilities / Ping" and
// "Server features / Tools".
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "llm/model_call.h"

namespace llmbox {

// The protocol revision llmbox asks for; a server may answer with another,
// which is accepted (llmbox only uses tools/list and tools/call).
inline constexpr std::string_view kMcpProtocolVersion = "2025-06-18";

// One request line, "\n"-terminated.
std::string McpRequestLine(int64_t id, std::string_view method, const nlohmann::json& params);
// One notification line (no id), "\n"-terminated.
std::string McpNotificationLine(std::string_view method);
// The params of `initialize`: protocol version, no client capabilities, clientInfo.
nlohmann::json McpInitializeParams(std::string_view client_version);

// One message from the server.
struct McpMessage {
  std::optional<int64_t> id;  // a response's (or server request's) integer id
  nlohmann::json raw_id;      // the id as sent when it is an integer or a string, else null
  std::string method;         // set for a server request or notification
  nlohmann::json result;      // a success response's result (null otherwise)
  bool is_error = false;      // an error response
  std::string error;          // its message, one printable line
};

// kParse for a line that is not a JSON-RPC 2.0 object.
Result<McpMessage> ParseMcpMessage(std::string_view line);

// The most requests a server may send the client during one session.
inline constexpr int kMaxMcpServerRequests = 32;

// The requests the server sent the client in one session, and the answers
// owed: `ping` gets an empty result, any other method error -32601.
struct McpServerRequests {
  std::string replies;  // lines for the server's stdin; the caller sends and clears them
  int count = 0;
};

// The answer to one server request (a message with a method and an id).
std::string McpReplyLine(const McpMessage& request);

// The answer to request `id` among the complete lines of `output` from
// `*offset` on (advanced past the lines consumed). Requests from the server
// are answered into `requests`; notifications, answers to other ids and
// blank lines are skipped. nullopt: not arrived yet. An error response, a
// malformed line or more than kMaxMcpServerRequests requests is an error
// (kParse / kConfig).
Result<std::optional<McpMessage>> FindMcpResponse(const std::string& output, std::size_t& offset,
                                                  int64_t id, McpServerRequests& requests);

// A tool as tools/list describes it.
// Errors (kConfig) name the offending entry: a missing or invalid name
// ([A-Za-z0-9_-]{1,64}), an inputSchema that is not a JSON object of type
// object, a description over 8 KiB, more than 256 tools.
Result<std::vector<ToolDef>> ParseMcpToolsList(const nlohmann::json& result);

// What tools/call returned: its text content joined by newlines (other
// content types are named, not inlined), and whether the tool said it failed.
struct McpCallOutput {
  std::string text;
  bool is_error = false;
};
Result<McpCallOutput> ParseMcpCallResult(const nlohmann::json& result);

}  // namespace llmbox
