#include "llm/anthropic_provider.h"

#include <gtest/gtest.h>

#include "llm/test_data_support.h"
#include "llm/test_http_server.h"

namespace llmbox {
namespace {

using nlohmann::json;
using testing::Chunk;
using testing::ChunkedHead;
using testing::FixedReply;
using testing::ReadTestData;
using testing::TestConnection;
using testing::TestHttpServer;
using testing::TestRequest;

constexpr char kKey[] = "sk-ant-test-0123456789abcdef";

std::string TextEvents(const std::vector<std::string>& texts) {
  std::string out =
      "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\","
      "\"model\":\"claude-test\",\"content\":[],\"usage\":{\"input_tokens\":3,"
      "\"output_tokens\":1}}}\n\n"
      "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
      "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
  for (const std::string& t : texts) {
    out += "event: content_block_delta\ndata: " +
           json({{"type", "content_block_delta"},
                 {"index", 0},
                 {"delta", {{"type", "text_delta"}, {"text", t}}}})
               .dump() +
           "\n\n";
  }
  return out;
}

constexpr char kEnd[] =
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
    "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
    "\"end_turn\"},\"usage\":{\"output_tokens\":2}}\n\n"
    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

// The answer cut into 61-byte pieces unless a test says otherwise.
testing::TestResponder StreamReply(std::string stream, size_t piece = 61, bool terminate = true) {
  return testing::StreamReply(std::move(stream), piece, terminate);
}

ModelCall Call(const TestHttpServer& server) {
  ModelCall call;
  call.endpoint.api_base = server.Url("/v1");
  call.endpoint.api_key = kKey;
  call.model_name = "claude-sonnet-4-5";
  call.current.prompt = "Two names for a pet pelican, be brief";
  return call;
}

struct Outcome {
  Result<Completion> result = MakeError(ErrorKind::kInternal, "not run");
  std::string text;
  std::string reasoning;
};

Outcome Complete(const ModelCall& call) {
  Outcome out;
  AnswerSink sink;
  sink.on_text = [&](std::string_view t) { out.text += t; };
  sink.on_reasoning = [&](std::string_view t) { out.reasoning += t; };
  out.result = CompleteAnthropic(call, sink);
  return out;
}

TEST(AnthropicProvider, StreamsRecordedAnswerWithLlmAnthropicRequest) {
  TestHttpServer server(StreamReply(ReadTestData("anthropic/stream_text.sse")));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result) << out.result.error().message;
  EXPECT_EQ(out.text, "- Captain\n- Scoop");
  EXPECT_EQ(out.result->text, "- Captain\n- Scoop");
  EXPECT_FALSE(out.result->interrupted);
  EXPECT_EQ(out.result->resolved_model, "claude-sonnet-4-5-20250929");
  EXPECT_EQ(out.result->usage.input_tokens, 17);
  EXPECT_EQ(out.result->usage.output_tokens, 10);
  const TestRequest request = server.requests().at(0);
  EXPECT_EQ(request.target, "/v1/messages");
  EXPECT_EQ(request.Header("x-api-key"), kKey);
  EXPECT_EQ(request.Header("anthropic-version"), "2023-06-01");
  EXPECT_EQ(request.Header("content-type"), "application/json");
  EXPECT_TRUE(request.Header("authorization").empty());
  const json body = json::parse(request.body);
  EXPECT_EQ(body["model"], "claude-sonnet-4-5");
  EXPECT_EQ(body["stream"], true);
}

TEST(AnthropicProvider, AlwaysStreamsOnTheWireLikeLlmAnthropic) {
  TestHttpServer server(StreamReply(TextEvents({"hi"}) + kEnd));
  ModelCall call = Call(server);
  call.stream = false;  // --no-stream changes the display only
  ASSERT_TRUE(Complete(call).result);
  EXPECT_EQ(json::parse(server.requests().at(0).body)["stream"], true);
}

TEST(AnthropicProvider, SendsThinkingToReasoningSink) {
  TestHttpServer server(StreamReply(ReadTestData("anthropic/stream_thinking.sse"), 5));
  ModelCall call = Call(server);
  call.options = {{"thinking", true}};
  Outcome out = Complete(call);
  ASSERT_TRUE(out.result) << out.result.error().message;
  EXPECT_EQ(out.text, "- Captain\n- Scoop");
  EXPECT_NE(out.reasoning.find("two names for a pet pelican"), std::string::npos);
  EXPECT_EQ(json::parse(server.requests().at(0).body)["thinking"]["budget_tokens"], 1024);
}

TEST(AnthropicProvider, ToolCallsEndWithLlmAnthropicsSeparator) {
  TestHttpServer server(StreamReply(ReadTestData("anthropic/stream_tools.sse")));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result) << out.result.error().message;
  ASSERT_EQ(out.result->tool_calls.size(), 2u);
  EXPECT_EQ(out.result->text, " ");
  EXPECT_EQ(out.text, " ");
}

TEST(AnthropicProvider, ShowsPrefillUnlessHidden) {
  TestHttpServer server(StreamReply(TextEvents({"\"a\": 1}"}) + kEnd));
  ModelCall call = Call(server);
  call.options = {{"prefill", "{"}};
  Outcome out = Complete(call);
  ASSERT_TRUE(out.result);
  EXPECT_EQ(out.text, "{\"a\": 1}");
  EXPECT_EQ(out.result->text, "{\"a\": 1}");
  call.options = {{"prefill", "{"}, {"hide_prefill", true}};
  out = Complete(call);
  ASSERT_TRUE(out.result);
  EXPECT_EQ(out.result->text, "\"a\": 1}");
}

TEST(AnthropicProvider, ReportsErrorStatusAsOneRedactedLine) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(401, "application/json",
                      std::string(R"({"type":"error","error":{"type":"authentication_error",)") +
                          R"("message":"invalid x-api-key )" + kKey + R"("}})"));
  });
  Outcome out = Complete(Call(server));
  ASSERT_FALSE(out.result);
  EXPECT_EQ(out.result.error().kind, ErrorKind::kProvider);
  EXPECT_EQ(out.result.error().message,
            "Anthropic API error 401: invalid x-api-key [REDACTED] "
            "(check the key: llm keys set anthropic)");
}

TEST(AnthropicProvider, ErrorEventBeforeTextIsProviderError) {
  TestHttpServer server(StreamReply(
      "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
      "\"message\":\"Overloaded\"}}\n\n"));
  Outcome out = Complete(Call(server));
  ASSERT_FALSE(out.result);
  EXPECT_EQ(out.result.error().kind, ErrorKind::kProvider);
  EXPECT_EQ(out.result.error().message, "Anthropic API error: Overloaded");
}

TEST(AnthropicProvider, ErrorEventAfterTextKeepsThePartialAnswer) {
  TestHttpServer server(StreamReply(
      TextEvents({"Hello"}) +
      "event: error\ndata: {\"type\":\"error\",\"error\":{\"message\":\"Overloaded\"}}\n\n"));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result);
  EXPECT_EQ(out.result->text, "Hello");
  ASSERT_TRUE(out.result->interrupted);
  EXPECT_EQ(out.result->interrupted->kind, ErrorKind::kProvider);
}

TEST(AnthropicProvider, CutStreamIsInterruptedWithPartialText) {
  TestHttpServer server(StreamReply(TextEvents({"Hel", "lo"}), 1000, /*terminate=*/false));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result) << out.result.error().message;
  EXPECT_EQ(out.result->text, "Hello");
  ASSERT_TRUE(out.result->interrupted);
  EXPECT_EQ(out.result->interrupted->kind, ErrorKind::kNetwork);
  EXPECT_EQ(out.result->response_json["content"][0]["text"], "Hello");
}

TEST(AnthropicProvider, CleanEndWithoutMessageStopIsInterrupted) {
  TestHttpServer server(StreamReply(TextEvents({"Hello"})));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result);
  ASSERT_TRUE(out.result->interrupted);
  EXPECT_NE(out.result->interrupted->message.find("ended before the answer was complete"),
            std::string::npos);
}

TEST(AnthropicProvider, CutBeforeAnyTextIsAnError) {
  TestHttpServer server(StreamReply(TextEvents({}), 1000, /*terminate=*/false));
  Outcome out = Complete(Call(server));
  ASSERT_FALSE(out.result);
  EXPECT_EQ(out.result.error().kind, ErrorKind::kNetwork);
}

TEST(AnthropicProvider, ReadsJsonMessageWhenServerDoesNotStream) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(200, "application/json",
                      R"({"id":"m","type":"message","role":"assistant","model":"claude-x",)"
                      R"("content":[{"type":"text","text":"Hi there"}],"stop_reason":"end_turn",)"
                      R"("usage":{"input_tokens":4,"output_tokens":2}})"));
  });
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result) << out.result.error().message;
  EXPECT_EQ(out.text, "Hi there");
  EXPECT_EQ(out.result->usage.output_tokens, 2);
  EXPECT_EQ(out.result->resolved_model, "claude-x");
}

TEST(AnthropicProvider, RejectsReplyThatIsNeitherStreamNorJson) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(200, "text/html", "<html>proxy login</html>"));
  });
  Outcome out = Complete(Call(server));
  ASSERT_FALSE(out.result);
  EXPECT_EQ(out.result.error().kind, ErrorKind::kParse);
}

TEST(AnthropicProvider, UsageErrorsComeBeforeAnyRequest) {
  TestHttpServer server(StreamReply(TextEvents({"x"}) + kEnd));
  ModelCall call = Call(server);
  call.model_name = "claude-3-5-haiku-latest";
  call.options = {{"thinking", true}};
  Outcome out = Complete(call);
  ASSERT_FALSE(out.result);
  EXPECT_EQ(out.result.error().kind, ErrorKind::kConfig);
  EXPECT_TRUE(server.requests().empty());
}

TEST(AnthropicProvider, GatewayCallSendsNoKey) {
  TestHttpServer server(StreamReply(TextEvents({"ok"}) + kEnd));
  ModelCall call = Call(server);
  call.endpoint.api_key.clear();
  call.endpoint.headers = {{"X-Llmbox-Token", "t"}};
  ASSERT_TRUE(Complete(call).result);
  const TestRequest request = server.requests().at(0);
  EXPECT_TRUE(request.Header("x-api-key").empty());
  EXPECT_EQ(request.Header("x-llmbox-token"), "t");
}

}  // namespace
}  // namespace llmbox
