// Tool calls in the OpenAI Chat provider: reading them from streamed deltas
// and whole replies, and sending tools, calls and results back.
#include <gtest/gtest.h>

#include "llm/conversation.h"
#include "llm/openai_chat.h"
#include "llm/openai_chat_stream.h"

namespace llmbox {
namespace {

using nlohmann::json;

SseEvent Data(std::string data) { return SseEvent{"", std::move(data), ""}; }

Result<void> Feed(ChatStreamAccumulator& acc, const std::vector<std::string>& chunks) {
  for (const std::string& c : chunks) {
    auto r = acc.OnEvent(Data(c), [](std::string_view) {});
    if (!r.ok()) return r;
  }
  return Ok();
}

std::string Delta(const std::string& tool_calls) {
  return R"({"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":)" + tool_calls +
         R"(},"finish_reason":null}]})";
}

TEST(ChatStreamTools, JoinsArgumentsSplitAcrossChunks) {
  ChatStreamAccumulator acc;
  ASSERT_TRUE(
      Feed(
          acc,
          {
              Delta(
                  R"([{"index":0,"id":"call_1","type":"function","function":{"name":"multiply","arguments":""}}])"),
              Delta(R"([{"index":0,"function":{"arguments":"{\"a"}}])"),
              Delta(R"([{"index":0,"function":{"arguments":"\": 12"}}])"),
              Delta(R"([{"index":0,"function":{"arguments":"31, \"b\": 2331}"}}])"),
          })
          .ok());
  auto calls = acc.ToolCalls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].id, "call_1");
  EXPECT_EQ(calls[0].name, "multiply");
  EXPECT_EQ(calls[0].arguments, json::parse(R"({"a": 1231, "b": 2331})"));
}

TEST(ChatStreamTools, KeepsCallsApartByIndexEvenInterleaved) {
  ChatStreamAccumulator acc;
  ASSERT_TRUE(
      Feed(acc,
           {
               Delta(R"([{"index":0,"id":"a","function":{"name":"one","arguments":"{\"x\""}}])"),
               Delta(R"([{"index":1,"id":"b","function":{"name":"two","arguments":"{}"}}])"),
               Delta(R"([{"index":0,"function":{"arguments":": 1}"}}])"),
           })
          .ok());
  auto calls = acc.ToolCalls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].name, "one");
  EXPECT_EQ(calls[0].arguments, json::parse(R"({"x": 1})"));
  EXPECT_EQ(calls[1].id, "b");
  EXPECT_EQ(calls[1].arguments, json::object());
}

TEST(ChatStreamTools, RepeatedIdAndNameAreNotDoubled) {
  // test_tools_streaming_variant_a: a server that repeats id and name in every delta.
  ChatStreamAccumulator acc;
  ASSERT_TRUE(
      Feed(
          acc,
          {
              Delta(
                  R"([{"index":0,"id":"0","type":"function","function":{"name":"llm_version","arguments":""}}])"),
              Delta(
                  R"([{"index":0,"id":"0","type":"function","function":{"name":"llm_version","arguments":"{}"}}])"),
          })
          .ok());
  auto calls = acc.ToolCalls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].name, "llm_version");
  EXPECT_EQ(calls[0].arguments, json::object());
}

TEST(ChatStreamTools, TextAndToolCallsInOneAnswer) {
  ChatStreamAccumulator acc;
  std::string seen;
  ASSERT_TRUE(acc.OnEvent(Data(R"({"choices":[{"delta":{"content":"Let me check."}}]})"),
                          [&](std::string_view t) { seen += t; })
                  .ok());
  ASSERT_TRUE(
      Feed(acc, {Delta(R"([{"index":0,"id":"x","function":{"name":"t","arguments":"{}"}}])")})
          .ok());
  EXPECT_EQ(seen, "Let me check.");
  EXPECT_EQ(acc.ToolCalls().size(), 1u);
  EXPECT_FALSE(acc.ResponseJson().contains("tool_calls"));  // as llm's combine_chunks
}

TEST(ChatStreamTools, ArgumentsThatAreNotAnObjectStayRawText) {
  ChatStreamAccumulator acc;
  ASSERT_TRUE(
      Feed(acc, {Delta(R"([{"index":0,"id":"x","function":{"name":"t","arguments":"{broken"}}])")})
          .ok());
  EXPECT_EQ(acc.ToolCalls()[0].arguments, json("{broken"));
  EXPECT_EQ(MakeToolCall("i", "n", "[1,2]").arguments, json("[1,2]"));
  EXPECT_EQ(MakeToolCall("i", "n", "  ").arguments, json::object());
  EXPECT_EQ(MakeToolCall("i", "n", std::string(200, '[')).arguments, json(std::string(200, '[')));
}

TEST(ChatStreamTools, RefusesMoreThan128Calls) {
  ChatStreamAccumulator acc;
  std::vector<std::string> chunks;
  for (int i = 0; i <= 128; ++i) {
    chunks.push_back(Delta(R"([{"index":)" + std::to_string(i) + R"(,"function":{"name":"t"}}])"));
  }
  auto r = Feed(acc, chunks);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
}

TEST(ChatStreamTools, IgnoresMalformedToolCallEntries) {
  ChatStreamAccumulator acc;
  ASSERT_TRUE(Feed(acc, {Delta(R"([5, "x", {"index":0,"function":7}])")}).ok());
  ASSERT_EQ(acc.ToolCalls().size(), 1u);
  EXPECT_EQ(acc.ToolCalls()[0].name, "");
}

TEST(ParseChatResponseTools, ReadsToolCallsOfAWholeReply) {
  auto parsed =
      ParseChatResponse(R"({"model":"m","choices":[{"index":0,"message":{"role":"assistant",
      "content":null,"tool_calls":[{"id":"call_T","type":"function","function":{"name":"lookup_population",
      "arguments":"{\"country\":\"Crumpet\"}"}}]},"finish_reason":"tool_calls"}]})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->text, "");
  ASSERT_EQ(parsed->tool_calls.size(), 1u);
  EXPECT_EQ(parsed->tool_calls[0].id, "call_T");
  EXPECT_EQ(parsed->tool_calls[0].arguments, json::parse(R"({"country": "Crumpet"})"));
}

TEST(ChatBodyTools, OffersToolsAsFunctions) {
  json body = BuildChatBody("m", {{"user", "hi"}}, json::object(), false,
                            {{"llm_version", "Return the installed version of llm",
                              json::parse(R"({"properties": {}, "type": "object"})")},
                             {"bare", "", json::object()}});
  EXPECT_EQ(body["tools"], json::parse(R"([
    {"type": "function", "function": {"name": "llm_version", "description": "Return the installed version of llm",
                                      "parameters": {"properties": {}, "type": "object"}}},
    {"type": "function", "function": {"name": "bare", "parameters": {}}}])"));
  EXPECT_FALSE(BuildChatBody("m", {}, json::object(), false).contains("tools"));
}

TEST(ChatMessageJson, ToolCallsAndResultsAsLlmSendsThem) {
  ToolCall call;
  call.id = "call_1";
  call.name = "multiply";
  call.arguments = json::parse(R"({"a": 1231, "b": 2331})");
  EXPECT_EQ(ChatMessageJson({"assistant", "", {call}}), json::parse(R"(
    {"role": "assistant", "tool_calls": [{"type": "function", "id": "call_1",
      "function": {"name": "multiply", "arguments": "{\"a\": 1231, \"b\": 2331}"}}]})"));
  EXPECT_EQ(ChatMessageJson({"tool", "2869461", {}, "call_1"}),
            json::parse(R"({"role": "tool", "tool_call_id": "call_1", "content": "2869461"})"));
  EXPECT_EQ(ChatMessageJson({"user", "hi"}), json::parse(R"({"role": "user", "content": "hi"})"));
}

TEST(BuildMessagesTools, ChainOfTwoCallsLikeLlm) {
  ToolCall first;
  first.id = "c1";
  first.name = "lookup_population";
  Turn asked;
  asked.prompt = "Can Crumpet have dragons?";
  asked.tool_calls = {first};
  Turn followed;
  followed.tool_results = {{"c1", "lookup_population", "123124"}};
  ToolCall second = first;
  second.id = "c2";
  second.name = "can_have_dragons";
  followed.tool_calls = {second};
  Turn current;
  current.tool_results = {{"c2", "can_have_dragons", "true"}};
  auto m = BuildMessages({asked, followed}, current);
  std::vector<std::string> roles;
  for (const auto& msg : m) roles.push_back(msg.role);
  EXPECT_EQ(roles, (std::vector<std::string>{"user", "assistant", "tool", "assistant", "tool"}));
  EXPECT_EQ(m[1].tool_calls[0].id, "c1");
  EXPECT_EQ(m[2].tool_call_id, "c1");
  EXPECT_EQ(m[2].content, "123124");
  EXPECT_EQ(m[4].tool_call_id, "c2");
}

TEST(BuildMessagesTools, AnswerTextComesBeforeItsToolCalls) {
  Turn asked;
  asked.prompt = "q";
  asked.response = "Let me check.";
  asked.tool_calls = {ToolCall{"c1", "t", json::object()}};
  Turn current;
  current.system = "sys";
  current.tool_results = {{"c1", "t", "out"}};
  asked.system = "sys";
  auto m = BuildMessages({asked}, current);
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[0].role, "system");
  EXPECT_EQ(m[2].content, "Let me check.");
  EXPECT_EQ(m[3].tool_calls.size(), 1u);
  EXPECT_EQ(m[4].role, "tool");
}

}  // namespace
}  // namespace llmbox
