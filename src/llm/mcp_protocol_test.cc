#include "llm/mcp_protocol.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

using nlohmann::json;

TEST(McpProtocol, RequestIsOneJsonRpcLine) {
  const std::string line = McpRequestLine(7, "tools/call", {{"name", "x\ny"}});
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);  // the newline in the name is escaped
  EXPECT_EQ(json::parse(line), json::parse(R"({"jsonrpc": "2.0", "id": 7, "method": "tools/call",
                                                "params": {"name": "x\ny"}})"));
}

TEST(McpProtocol, NotificationHasNoId) {
  EXPECT_EQ(json::parse(McpNotificationLine("notifications/initialized")),
            json::parse(R"({"jsonrpc": "2.0", "method": "notifications/initialized"})"));
}

TEST(McpProtocol, InitializeAsksForTheProtocolVersionAndNamesTheClient) {
  const json params = McpInitializeParams("1.2.3");
  EXPECT_EQ(params["protocolVersion"], std::string(kMcpProtocolVersion));
  EXPECT_EQ(params["clientInfo"], json::parse(R"({"name": "llmbox", "version": "1.2.3"})"));
  EXPECT_TRUE(params["capabilities"].is_object());
}

TEST(McpProtocol, ParsesResultAndErrorResponses) {
  auto ok = ParseMcpMessage(R"({"jsonrpc": "2.0", "id": 2, "result": {"tools": []}})");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->id, 2);
  EXPECT_FALSE(ok->is_error);
  EXPECT_EQ(ok->result, json::parse(R"({"tools": []})"));
  auto bad =
      ParseMcpMessage(R"({"jsonrpc": "2.0", "id": 2, "error": {"code": -1, "message": "a\nb"}})");
  ASSERT_TRUE(bad.ok());
  EXPECT_TRUE(bad->is_error);
  EXPECT_EQ(bad->error.find('\n'), std::string::npos);
}

TEST(McpProtocol, RefusesNonJsonRpcLines) {
  for (const char* line : {"not json", "[1, 2]", R"({"id": 1, "result": {}})",
                           R"({"jsonrpc": "1.0", "id": 1, "result": {}})"}) {
    EXPECT_FALSE(ParseMcpMessage(line).ok()) << line;
  }
}

TEST(McpProtocol, FindResponseSkipsNotificationsOtherIdsAndBlankLines) {
  const std::string output =
      "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/message\"}\n"
      "\r\n"
      "{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": {\"not\": \"ours\"}}\n"
      "{\"jsonrpc\": \"2.0\", \"id\": 2, \"result\": {\"ours\": true}}\r\n";
  std::size_t offset = 0;
  McpServerRequests requests;
  auto found = FindMcpResponse(output, offset, 2, requests);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((**found).result, json::parse(R"({"ours": true})"));
  EXPECT_EQ(offset, output.size());
}

TEST(McpProtocol, FindResponseWaitsForACompleteLine) {
  std::string output = "{\"jsonrpc\": \"2.0\", \"id\": 2, \"res";
  std::size_t offset = 0;
  McpServerRequests requests;
  auto none = FindMcpResponse(output, offset, 2, requests);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(offset, 0u);
  output += "ult\": {}}\n";
  auto found = FindMcpResponse(output, offset, 2, requests);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->has_value());
}

TEST(McpProtocol, FindResponseReportsAnErrorAnswerAndGarbage) {
  std::size_t offset = 0;
  McpServerRequests requests;
  auto error = FindMcpResponse(
      "{\"jsonrpc\": \"2.0\", \"id\": 2, \"error\": {\"message\": \"no such tool\"}}\n", offset, 2,
      requests);
  ASSERT_FALSE(error.ok());
  EXPECT_NE(error.error().message.find("no such tool"), std::string::npos);
  offset = 0;
  EXPECT_FALSE(FindMcpResponse("garbage\n", offset, 2, requests).ok());
}

TEST(McpProtocol, FindResponseAnswersPingAndRefusesOtherServerRequests) {
  const std::string output =
      "{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"ping\"}\n"
      "{\"jsonrpc\": \"2.0\", \"id\": \"s-1\", \"method\": \"sampling/createMessage\"}\n"
      "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/progress\"}\n"
      "{\"jsonrpc\": \"2.0\", \"id\": 2, \"result\": {}}\n";
  std::size_t offset = 0;
  McpServerRequests requests;
  auto found = FindMcpResponse(output, offset, 2, requests);
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(requests.count, 2);
  const std::string first = requests.replies.substr(0, requests.replies.find('\n'));
  const std::string second = requests.replies.substr(first.size() + 1);
  EXPECT_EQ(json::parse(first), json::parse(R"({"jsonrpc": "2.0", "id": 2, "result": {}})"));
  const json refusal = json::parse(second);
  EXPECT_EQ(refusal["id"], "s-1");
  EXPECT_EQ(refusal["error"]["code"], -32601);
  EXPECT_EQ(refusal["error"]["message"], "method not found: sampling/createMessage");
  EXPECT_EQ(second.back(), '\n');
}

TEST(McpProtocol, FindResponseStopsAServerThatFloodsRequests) {
  std::string output;
  for (int i = 0; i <= kMaxMcpServerRequests; ++i) {
    output +=
        "{\"jsonrpc\": \"2.0\", \"id\": " + std::to_string(100 + i) + ", \"method\": \"ping\"}\n";
  }
  std::size_t offset = 0;
  McpServerRequests requests;
  auto found = FindMcpResponse(output, offset, 2, requests);
  ASSERT_FALSE(found.ok());
  EXPECT_NE(found.error().message.find("more than 32 requests"), std::string::npos);
  EXPECT_NE(found.error().message.find("\"ping\""), std::string::npos);
}

TEST(McpProtocol, ToolsListGivesToolDefs) {
  auto tools = ParseMcpToolsList(json::parse(R"({"tools": [
      {"name": "add", "description": "Adds", "inputSchema": {"type": "object"}},
      {"name": "b-2", "inputSchema": {"properties": {}}}], "nextCursor": "x"})"));
  ASSERT_TRUE(tools.ok()) << tools.error().message;
  ASSERT_EQ(tools->size(), 2u);
  EXPECT_EQ((*tools)[0].name, "add");
  EXPECT_EQ((*tools)[0].description, "Adds");
  EXPECT_EQ((*tools)[0].input_schema, json::parse(R"({"type": "object"})"));
  EXPECT_EQ((*tools)[1].description, "");
}

TEST(McpProtocol, ToolsListRefusesBadNamesAndSchemas) {
  for (const char* result :
       {R"({})", R"({"tools": {}})", R"({"tools": [{"name": "../evil", "inputSchema": {}}]})",
        R"({"tools": [{"name": "", "inputSchema": {}}]})",
        R"({"tools": [{"name": "a\u001b[31m", "inputSchema": {}}]})",
        R"({"tools": [{"name": "ok"}]})",
        R"({"tools": [{"name": "ok", "inputSchema": {"type": "string"}}]})",
        R"({"tools": [{"name": "ok", "inputSchema": []}]})"}) {
    EXPECT_FALSE(ParseMcpToolsList(json::parse(result)).ok()) << result;
  }
  json huge = {{"tools",
                {{{"name", "ok"},
                  {"description", std::string(9000, 'x')},
                  {"inputSchema", json::object()}}}}};
  EXPECT_FALSE(ParseMcpToolsList(huge).ok());
}

TEST(McpProtocol, CallResultJoinsTextAndNamesOtherContent) {
  auto out = ParseMcpCallResult(json::parse(R"({"content": [
      {"type": "text", "text": "one"}, {"type": "image", "data": "AAAA", "mimeType": "image/png"},
      {"type": "text", "text": "two"}]})"));
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(out->is_error);
  EXPECT_EQ(out->text, "one\n[image content from the tool, not shown]\ntwo");
}

TEST(McpProtocol, CallResultCarriesIsError) {
  auto out = ParseMcpCallResult(
      json::parse(R"({"content": [{"type": "text", "text": "bad"}], "isError": true})"));
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->is_error);
  EXPECT_EQ(out->text, "bad");
  EXPECT_FALSE(ParseMcpCallResult(json::parse(R"({"isError": false})")).ok());
}

}  // namespace
}  // namespace llmbox
