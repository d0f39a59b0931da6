// See mcp_protocol.h for what this guards against.
#include "llm/mcp_protocol.h"

#include <regex>

#include "llm/json_fields.h"
#include "llm/provider_error.h"
#include "llm/untrusted_json.h"

namespace llmbox {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxDescriptionBytes = 8 << 10;
constexpr std::size_t kMaxSchemaBytes = 64 << 10;
constexpr std::size_t kMaxTools = 256;

std::string Line(const json& message) {
  // dump() never emits a raw newline, so one message is one line.
  return message.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

Error Bad(const std::string& problem) {
  return MakeError(ErrorKind::kConfig, "the MCP server sent " + problem);
}

const json* Member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

Result<ToolDef> ParseTool(const json& entry, std::size_t index) {
  const std::string where = "tool #" + std::to_string(index + 1) + " in tools/list";
  static const std::regex kName("[A-Za-z0-9_-]{1,64}");
  const std::string name = StringAt(entry, "name");
  if (!std::regex_match(name, kName)) {
    return Bad(where + " without a valid name (1-64 letters, digits, '_' or '-'): '" +
               OnePrintableLine(name, 80) + "'");
  }
  ToolDef def;
  def.name = name;
  def.description = StringAt(entry, "description");
  if (def.description.size() > kMaxDescriptionBytes) {
    return Bad("a description over 8 KiB for tool \"" + name + "\"");
  }
  const json* schema = Member(entry, "inputSchema");
  if (schema == nullptr || !schema->is_object() ||
      (schema->contains("type") && (*schema)["type"] != "object")) {
    return Bad("no inputSchema of type object for tool \"" + name + "\"");
  }
  if (schema->dump(-1, ' ', false, json::error_handler_t::replace).size() > kMaxSchemaBytes) {
    return Bad("an inputSchema over 64 KiB for tool \"" + name + "\"");
  }
  def.input_schema = *schema;
  return def;
}

}  // namespace

std::string McpRequestLine(int64_t id, std::string_view method, const json& params) {
  return Line({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
}

std::string McpNotificationLine(std::string_view method) {
  return Line({{"jsonrpc", "2.0"}, {"method", method}});
}

json McpInitializeParams(std::string_view client_version) {
  return {{"protocolVersion", kMcpProtocolVersion},
          {"capabilities", json::object()},
          {"clientInfo", {{"name", "llmbox"}, {"version", client_version}}}};
}

Result<McpMessage> ParseMcpMessage(std::string_view line) {
  auto parsed = ParseUntrustedObject(line, "an MCP message that is not a JSON object");
  if (!parsed) return parsed.error();
  const json& m = *parsed;
  if (StringAt(m, "jsonrpc") != "2.0") {
    return MalformedServerText("an MCP message without \"jsonrpc\": \"2.0\"", line);
  }
  McpMessage out;
  out.id = IntAt(m, "id");
  if (const json* id = Member(m, "id");
      id != nullptr && (id->is_string() || id->is_number_integer())) {
    out.raw_id = *id;
  }
  out.method = StringAt(m, "method");
  if (const json* error = Member(m, "error"); error != nullptr) {
    out.is_error = true;
    std::string message = StringAt(*error, "message");
    if (message.empty()) message = "(no message)";
    out.error = OnePrintableLine(message, 300);
  } else if (const json* result = Member(m, "result"); result != nullptr) {
    out.result = *result;
  }
  return out;
}

std::string McpReplyLine(const McpMessage& request) {
  if (request.method == "ping") {
    return Line({{"jsonrpc", "2.0"}, {"id", request.raw_id}, {"result", json::object()}});
  }
  const std::string message = "method not found: " + OnePrintableLine(request.method, 100);
  return Line({{"jsonrpc", "2.0"},
               {"id", request.raw_id},
               {"error", {{"code", -32601}, {"message", message}}}});
}

Result<std::optional<McpMessage>> FindMcpResponse(const std::string& output, std::size_t& offset,
                                                  int64_t id, McpServerRequests& requests) {
  for (;;) {
    const std::size_t end = output.find('\n', offset);
    if (end == std::string::npos) return std::optional<McpMessage>();
    std::string_view line(output.data() + offset, end - offset);
    offset = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    auto message = ParseMcpMessage(line);
    if (!message) return message.error();
    if (!message->method.empty() && !message->raw_id.is_null()) {
      if (++requests.count > kMaxMcpServerRequests) {
        return MakeError(ErrorKind::kConfig, "the MCP server sent more than " +
                                                 std::to_string(kMaxMcpServerRequests) +
                                                 " requests of its own during one call (last: \"" +
                                                 OnePrintableLine(message->method, 100) + "\")");
      }
      requests.replies += McpReplyLine(*message);
      continue;
    }
    if (!message->method.empty() || message->id != id) continue;  // not our answer
    if (message->is_error) {
      return MakeError(ErrorKind::kConfig,
                       "the MCP server answered with an error: " + message->error);
    }
    return std::optional<McpMessage>(std::move(*message));
  }
}

Result<std::vector<ToolDef>> ParseMcpToolsList(const json& result) {
  const json* tools = Member(result, "tools");
  if (tools == nullptr || !tools->is_array()) return Bad("a tools/list result without \"tools\"");
  if (tools->size() > kMaxTools) return Bad("more than 256 tools in tools/list");
  std::vector<ToolDef> out;
  for (std::size_t i = 0; i < tools->size(); ++i) {
    auto def = ParseTool((*tools)[i], i);
    if (!def) return def.error();
    out.push_back(std::move(*def));
  }
  return out;
}

Result<McpCallOutput> ParseMcpCallResult(const json& result) {
  const json* content = Member(result, "content");
  if (content == nullptr || !content->is_array()) {
    return Bad("a tools/call result without \"content\"");
  }
  McpCallOutput out;
  const json* is_error = Member(result, "isError");
  out.is_error = is_error != nullptr && is_error->is_boolean() && is_error->get<bool>();
  bool first = true;
  for (const json& item : *content) {
    const std::string type = StringAt(item, "type");
    std::string piece;
    if (type == "text") {
      piece = StringAt(item, "text");
    } else {
      piece = "[" + OnePrintableLine(type.empty() ? "unknown" : type, 40) +
              " content from the tool, not shown]";
    }
    out.text += (first ? "" : "\n") + piece;
    first = false;
  }
  return out;
}

}  // namespace llmbox
