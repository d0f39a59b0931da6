#include "llm/openai_responses.h"

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
using testing::StreamReply;
using testing::TestConnection;
using testing::TestHttpServer;
using testing::TestRequest;

constexpr const char* kKey = "sk-test-key-0123456789abcdef";

ModelCall Call(const TestHttpServer& server, bool stream = true) {
  ModelCall call;
  call.endpoint.api_base = server.Url("/v1/");
  call.endpoint.api_key = kKey;
  call.model_name = "gpt-5.5";
  call.current.prompt = "Reply with exactly: pong";
  call.stream = stream;
  return call;
}

struct Outcome {
  Result<Completion> result = MakeError(ErrorKind::kInternal, "not run");
  std::string seen;
  std::string reasoning;
};

Outcome Complete(const ModelCall& call) {
  Outcome out;
  AnswerSink sink;
  sink.on_text = [&](std::string_view t) { out.seen += t; };
  sink.on_reasoning = [&](std::string_view t) { out.reasoning += t; };
  out.result = CompleteOpenAiResponses(call, sink);
  return out;
}

std::string Event(const json& data) {
  return "event: " + data.value("type", "") + "\ndata: " + data.dump() + "\n\n";
}

TEST(OpenAiResponses, StreamsRecordedAnswerToResponsesPath) {
  TestHttpServer server(StreamReply(ReadTestData("openai/responses_stream_text.sse")));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  EXPECT_EQ(out.seen, "pong");
  EXPECT_EQ(out.result->text, "pong");
  EXPECT_FALSE(out.result->interrupted);
  EXPECT_EQ(out.result->resolved_model, "gpt-5.5-2026-04-23");
  const TestRequest request = server.requests().at(0);
  EXPECT_EQ(request.target, "/v1/responses");
  EXPECT_EQ(request.Header("authorization"), std::string("Bearer ") + kKey);
  const json body = json::parse(request.body);
  EXPECT_EQ(body["stream"], true);
  EXPECT_EQ(body["store"], false);
  EXPECT_EQ(body["input"][0]["content"], "Reply with exactly: pong");
}

TEST(OpenAiResponses, ReadsNonStreamedReply) {
  const std::string reply = ReadTestData("openai/responses_whole_text.json");
  TestHttpServer server([&](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(200, "application/json", reply));
  });
  Outcome out = Complete(Call(server, false));
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  EXPECT_EQ(out.seen, "pong");
  EXPECT_EQ(out.result->usage.output_tokens, 5);
  EXPECT_EQ(json::parse(server.requests().at(0).body)["stream"], false);
}

TEST(OpenAiResponses, ReadsJsonWhenServerIgnoresStream) {
  const std::string reply = ReadTestData("openai/responses_whole_text.json");
  TestHttpServer server([&](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(200, "application/json", reply));
  });
  Outcome out = Complete(Call(server, true));
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  EXPECT_EQ(out.result->text, "pong");
}

TEST(OpenAiResponses, CutStreamKeepsPartialTextAsInterrupted) {
  const std::string stream =
      Event({{"type", "response.created"}, {"response", {{"model", "m"}}}}) +
      Event({{"type", "response.output_text.delta"}, {"delta", "half an "}}) +
      Event({{"type", "response.output_text.delta"}, {"delta", "answer"}});
  TestHttpServer server(StreamReply(stream, 50, /*terminate=*/false));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  EXPECT_EQ(out.result->text, "half an answer");
  EXPECT_EQ(out.seen, "half an answer");
  ASSERT_TRUE(out.result->interrupted);
  EXPECT_EQ(out.result->interrupted->kind, ErrorKind::kNetwork);
}

TEST(OpenAiResponses, StreamWithoutCompletedEventIsInterrupted) {
  const std::string stream = Event({{"type", "response.output_text.delta"}, {"delta", "partial"}});
  TestHttpServer server(StreamReply(stream));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok());
  EXPECT_TRUE(out.result->interrupted);
  EXPECT_EQ(out.result->response_json["llmbox_text"], "partial");
}

TEST(OpenAiResponses, ErrorEventBeforeTextIsProviderError) {
  TestHttpServer server(StreamReply(
      Event({{"type", "error"}, {"code", "invalid_prompt"}, {"message", "Prompt refused"}})));
  Outcome out = Complete(Call(server));
  ASSERT_FALSE(out.result.ok());
  EXPECT_EQ(out.result.error().kind, ErrorKind::kProvider);
  EXPECT_NE(out.result.error().message.find("Prompt refused"), std::string::npos);
}

TEST(OpenAiResponses, ErrorEventAfterTextInterruptsTheAnswer) {
  TestHttpServer server(
      StreamReply(Event({{"type", "response.output_text.delta"}, {"delta", "so far"}}) +
                  Event({{"type", "error"}, {"message", "overloaded"}})));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok());
  EXPECT_EQ(out.result->text, "so far");
  ASSERT_TRUE(out.result->interrupted);
  EXPECT_EQ(out.result->interrupted->kind, ErrorKind::kProvider);
}

TEST(OpenAiResponses, ErrorStatusIsRedactedProviderError) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(
        401, "application/json",
        std::string(R"({"error":{"message":"Incorrect API key provided: )") + kKey + R"("}})"));
  });
  Outcome out = Complete(Call(server));
  ASSERT_FALSE(out.result.ok());
  EXPECT_EQ(out.result.error().kind, ErrorKind::kProvider);
  EXPECT_EQ(out.result.error().message.find(kKey), std::string::npos);
  EXPECT_NE(out.result.error().message.find("401"), std::string::npos);
}

TEST(OpenAiResponses, ReasoningGoesToReasoningSinkNotText) {
  TestHttpServer server(StreamReply(
      Event({{"type", "response.reasoning_summary_text.delta"},
             {"item_id", "rs"},
             {"delta", "Let me think."}}) +
      Event({{"type", "response.output_text.delta"}, {"delta", "42"}}) +
      Event({{"type", "response.completed"}, {"response", {{"status", "completed"}}}})));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok());
  EXPECT_EQ(out.reasoning, "Let me think.");
  EXPECT_EQ(out.seen, "42");
  EXPECT_FALSE(out.result->interrupted);
}

TEST(OpenAiResponses, ReturnsToolCallsFromRecordedStream) {
  TestHttpServer server(StreamReply(ReadTestData("openai/responses_stream_tool_call.sse"), 41));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok());
  ASSERT_EQ(out.result->tool_calls.size(), 1u);
  EXPECT_EQ(out.result->tool_calls[0].name, "multiply");
}

TEST(OpenAiResponses, ChatCompletionsOptionSendsThroughChatCompletions) {
  TestHttpServer server(StreamReply(ReadTestData("openai/stream_openai_text.sse")));
  ModelCall call = Call(server);
  call.options = {{"chat_completions", true}, {"reasoning_effort", "low"}, {"store", false}};
  Outcome out = Complete(call);
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  const TestRequest request = server.requests().at(0);
  EXPECT_EQ(request.target, "/v1/chat/completions");
  const json body = json::parse(request.body);
  EXPECT_EQ(body["reasoning_effort"], "low");
  EXPECT_FALSE(body.contains("chat_completions"));
  EXPECT_FALSE(body.contains("store"));
  EXPECT_TRUE(OpenAiResponsesPromptJson(call).contains("messages"));
}

TEST(OpenAiResponses, PromptJsonHasInputAndInstructions) {
  ModelCall call;
  call.current.prompt = "hi";
  call.current.system = "sys";
  call.current.attachments = {{"image/png", "a.png", "", "xyz"}};
  const json logged = OpenAiResponsesPromptJson(call);
  EXPECT_EQ(logged["instructions"], "sys");
  EXPECT_EQ(logged["input"][0]["content"][1]["image_url"], "data:...");
}

}  // namespace
}  // namespace llmbox
