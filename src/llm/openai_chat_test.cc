#include "llm/openai_chat.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "llm/test_data_support.h"
#include "llm/test_http_server.h"

namespace llmbox {
namespace {

using nlohmann::json;
using testing::Chunk;
using testing::ChunkedHead;
using testing::FixedReply;
using testing::Gzip;
using testing::ReadTestData;
using testing::StreamReply;
using testing::TestConnection;
using testing::TestHttpServer;
using testing::TestRequest;

std::string ContentChunk(std::string_view text, const char* finish = nullptr) {
  json chunk = {{"id", "chatcmpl-1"},
                {"object", "chat.completion.chunk"},
                {"created", 1},
                {"model", "gpt-test-2025"},
                {"choices",
                 {{{"index", 0},
                   {"delta", {{"content", text}}},
                   {"finish_reason", finish ? json(finish) : json()}}}}};
  return "data: " + DumpJson(chunk) + "\n\n";
}

ChatCall Call(const TestHttpServer& server, bool stream = true) {
  ChatCall call;
  call.api_base = server.Url("/v1/");
  call.api_key = "sk-test-key-0123456789abcdef";
  call.model_name = "gpt-4o-mini";
  call.messages = {{"user", "Say hi"}};
  call.options = json::object();
  call.stream = stream;
  return call;
}

struct Outcome {
  Result<Completion> result = MakeError(ErrorKind::kInternal, "not run");
  std::string seen;
};

Outcome Complete(const ChatCall& call) {
  Outcome out;
  out.result = CompleteChat(call, [&](std::string_view text) { out.seen += text; });
  return out;
}

TEST(OpenAiChat, BuildsStreamingBodyLikeRecordedRequest) {
  json recorded = json::parse(ReadTestData("openai/request_stream.json"));
  recorded.erase("tools");  // tool support is not part of this body builder
  EXPECT_EQ(BuildChatBody("gpt-4.1-mini", {{"user", "What is the current llm version?"}},
                          json::object(), true),
            recorded);
}

TEST(OpenAiChat, BuildsNonStreamingBodyLikeRecordedRequest) {
  json recorded = json::parse(ReadTestData("openai/request_no_stream.json"));
  recorded.erase("tools");
  EXPECT_EQ(BuildChatBody("gpt-4o-mini",
                          {{"user",
                            "Can the country of Crumpet have dragons? Answer with only "
                            "YES or NO"}},
                          json::object(), false),
            recorded);
}

TEST(OpenAiChat, TurnsJsonObjectOptionIntoResponseFormat) {
  json body = BuildChatBody("m", {}, {{"json_object", true}, {"temperature", 0.5}}, false);
  EXPECT_EQ(body["response_format"], json({{"type", "json_object"}}));
  EXPECT_FALSE(body.contains("json_object"));
  EXPECT_EQ(body["temperature"], 0.5);
  EXPECT_FALSE(BuildChatBody("m", {}, {{"json_object", false}}, false).contains("response_format"));
}

TEST(OpenAiChat, KeepsOptionsFromReplacingCoreFields) {
  json body = BuildChatBody("m", {}, {{"model", "other"}, {"stream", false}}, true);
  EXPECT_EQ(body["model"], "m");
  EXPECT_EQ(body["stream"], true);
}

TEST(OpenAiChat, DumpsInvalidUtf8WithoutThrowing) {
  std::string dumped;
  EXPECT_NO_THROW(dumped = DumpJson(json("bad \xFF byte")));
  EXPECT_EQ(dumped, "\"bad \xEF\xBF\xBD byte\"");
}

TEST(OpenAiChat, StreamsRecordedAnswerAndSendsLlmRequest) {
  TestHttpServer server(StreamReply(ReadTestData("openai/stream_openai_text.sse")));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  const std::string expected = R"(The result of \( 1231 \times 2331 \) is \( 2,869,461 \).)";
  EXPECT_EQ(out.seen, expected);
  EXPECT_EQ(out.result->text, expected);
  EXPECT_FALSE(out.result->interrupted.has_value());
  EXPECT_EQ(out.result->resolved_model, "gpt-4o-mini-2024-07-18");
  EXPECT_EQ(out.result->usage.output_tokens, 26);
  EXPECT_EQ(out.result->response_json["finish_reason"], "stop");

  const TestRequest request = server.requests().at(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/v1/chat/completions");
  EXPECT_EQ(request.Header("authorization"), "Bearer sk-test-key-0123456789abcdef");
  EXPECT_EQ(request.Header("content-type"), "application/json");
  EXPECT_EQ(json::parse(request.body),
            BuildChatBody("gpt-4o-mini", {{"user", "Say hi"}}, json::object(), true));
}

TEST(OpenAiChat, SendsNoAuthorizationWithoutKey) {
  TestHttpServer server(StreamReply(ContentChunk("hi", "stop") + "data: [DONE]\n\n"));
  ChatCall call = Call(server);
  call.api_key.clear();
  call.headers = {{"X-Extra", "1"}};
  ASSERT_TRUE(Complete(call).result.ok());
  const TestRequest request = server.requests().at(0);
  EXPECT_FALSE(request.Header("x-extra").empty());
  for (const auto& [name, value] : request.headers) {
    EXPECT_NE(name, "authorization");
  }
}

TEST(OpenAiChat, ReadsNonStreamingAnswer) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(200, "application/json", ReadTestData("openai/response_openai_text.json")));
  });
  Outcome out = Complete(Call(server, /*stream=*/false));
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  EXPECT_EQ(out.seen, "YES");
  EXPECT_EQ(out.result->usage.input_tokens, 146);
  EXPECT_EQ(json::parse(server.requests().at(0).body)["stream"], false);
}

TEST(OpenAiChat, ReportsServerErrorStatusAsProviderError) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(
        FixedReply(500, "application/json", R"({"error":{"message":"The server had an error"}})"));
  });
  Outcome out = Complete(Call(server));
  ASSERT_FALSE(out.result.ok());
  EXPECT_EQ(out.result.error().kind, ErrorKind::kProvider);
  EXPECT_EQ(out.result.error().message, "OpenAI API error 500: The server had an error");
}

TEST(OpenAiChat, ReadsGzippedErrorBody) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(
        401, "application/json",
        Gzip(R"({"error":{"message":"Incorrect API key provided: sk-test-key-0123456789abcdef"}})"),
        "Content-Encoding: gzip\r\n"));
  });
  Outcome out = Complete(Call(server, /*stream=*/false));
  ASSERT_FALSE(out.result.ok());
  EXPECT_EQ(out.result.error().message,
            "OpenAI API error 401: Incorrect API key provided: [REDACTED] "
            "(check the key: llm keys set openai)");
}

TEST(OpenAiChat, ReportsPlainTextErrorBody) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(429, "text/plain", "Too many requests\n"));
  });
  Outcome out = Complete(Call(server));
  ASSERT_FALSE(out.result.ok());
  EXPECT_EQ(out.result.error().message,
            "OpenAI API error 429: Too many requests (rate limited or out of quota)");
}

TEST(OpenAiChat, MarksAnswerCutMidStreamAsInterrupted) {
  TestHttpServer server(
      StreamReply(ContentChunk("Hello") + ContentChunk(" wor"), 1000, /*terminate=*/false));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  EXPECT_EQ(out.result->text, "Hello wor");
  ASSERT_TRUE(out.result->interrupted.has_value());
  EXPECT_EQ(out.result->interrupted->kind, ErrorKind::kNetwork);
}

TEST(OpenAiChat, MarksAnswerStoppedByCancelFlagAsInterruptedWithItsText) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(ChunkedHead(200, "text/event-stream"));
    c.Send(Chunk(ContentChunk("Hello")));
    c.WaitForClientClose(20000);  // the rest never comes: only the flag ends this
  });
  std::atomic<bool> cancel{false};
  ModelCall call;
  call.endpoint.api_base = server.Url("/v1");
  call.model_name = "gpt-4o-mini";
  call.current.prompt = "Say hi";
  call.endpoint.cancel = &cancel;
  AnswerSink sink;
  std::string seen;
  sink.on_text = [&](std::string_view text) {
    seen += text;
    cancel = true;  // Ctrl-C once the first text is on screen
  };
  auto r = CompleteOpenAiChat(call, sink);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->text, "Hello");
  EXPECT_EQ(seen, "Hello");
  ASSERT_TRUE(r->interrupted.has_value());
  EXPECT_EQ(r->interrupted->kind, ErrorKind::kCancelled);
}

TEST(OpenAiChat, ReportsCancelBeforeAnyTextAsCancelledError) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(ChunkedHead(200, "text/event-stream"));
    c.WaitForClientClose(20000);
  });
  std::atomic<bool> cancel{true};
  ChatCall call = Call(server);
  call.cancel = &cancel;
  Outcome out = Complete(call);
  ASSERT_FALSE(out.result.ok());
  EXPECT_EQ(out.result.error().kind, ErrorKind::kCancelled);
}

TEST(OpenAiChat, ReportsCutBeforeAnyTextAsError) {
  TestHttpServer server(
      [](const TestRequest&, TestConnection& c) { c.Send(ChunkedHead(200, "text/event-stream")); });
  Outcome out = Complete(Call(server));
  ASSERT_FALSE(out.result.ok());
  EXPECT_EQ(out.result.error().kind, ErrorKind::kNetwork);
}

TEST(OpenAiChat, AcceptsMissingDoneAfterFinishReason) {
  TestHttpServer server(StreamReply(ContentChunk("Hi") + ContentChunk("", "stop")));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok());
  EXPECT_EQ(out.result->text, "Hi");
  EXPECT_FALSE(out.result->interrupted.has_value());
}

TEST(OpenAiChat, AcceptsConnectionCutAfterDone) {
  TestHttpServer server(StreamReply(ContentChunk("Hi") + "data: [DONE]\n\n", 1000,
                                    /*terminate=*/false));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  EXPECT_FALSE(out.result->interrupted.has_value());
}

TEST(OpenAiChat, AcceptsConnectionCutAfterFinishReason) {
  TestHttpServer server(StreamReply(ContentChunk("Hi", "stop"), 1000, /*terminate=*/false));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  EXPECT_EQ(out.result->text, "Hi");
  EXPECT_FALSE(out.result->interrupted.has_value());
}

TEST(OpenAiChat, MarksCleanEndWithoutFinishOrDoneAsInterrupted) {
  TestHttpServer server(StreamReply(ContentChunk("Hi") + ContentChunk(" there")));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok());
  EXPECT_EQ(out.result->text, "Hi there");
  ASSERT_TRUE(out.result->interrupted.has_value());
  EXPECT_NE(out.result->interrupted->message.find("before the answer was complete"),
            std::string::npos);
}

TEST(OpenAiChat, MarksMalformedLaterChunkAsInterrupted) {
  TestHttpServer server(
      StreamReply(ContentChunk("Hi") + "data: {not json\n\n" + ContentChunk(" ignored", "stop")));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok());
  EXPECT_EQ(out.result->text, "Hi");
  EXPECT_EQ(out.seen, "Hi");
  ASSERT_TRUE(out.result->interrupted.has_value());
  EXPECT_EQ(out.result->interrupted->kind, ErrorKind::kParse);
}

TEST(OpenAiChat, MarksErrorObjectAfterTextAsInterrupted) {
  TestHttpServer server(
      StreamReply(ContentChunk("Hi") + "data: {\"error\":{\"message\":\"overloaded\"}}\n\n"));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok());
  ASSERT_TRUE(out.result->interrupted.has_value());
  EXPECT_EQ(out.result->interrupted->kind, ErrorKind::kProvider);
}

TEST(OpenAiChat, ReportsErrorObjectBeforeTextAsProviderError) {
  TestHttpServer server(StreamReply("data: {\"error\":{\"message\":\"overloaded\"}}\n\n"));
  Outcome out = Complete(Call(server));
  ASSERT_FALSE(out.result.ok());
  EXPECT_EQ(out.result.error().message, "OpenAI API error: overloaded");
}

TEST(OpenAiChat, ReadsJsonReplyToStreamingRequest) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(200, "application/json", ReadTestData("openai/response_openai_text.json")));
  });
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  EXPECT_EQ(out.seen, "YES");
}

TEST(OpenAiChat, RejectsReplyThatIsNeitherStreamNorJson) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(200, "text/html", "<html>login page</html>"));
  });
  Outcome out = Complete(Call(server));
  ASSERT_FALSE(out.result.ok());
  EXPECT_EQ(out.result.error().kind, ErrorKind::kParse);
  EXPECT_NE(out.result.error().message.find("text/html"), std::string::npos);
}

TEST(OpenAiChat, PassesInvalidUtf8ThroughAsReplacementCharacters) {
  TestHttpServer server(
      StreamReply("data: {\"choices\":[{\"delta\":{\"content\":\"a\xFF\xFE z\"},"
                  "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));
  Outcome out = Complete(Call(server));
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  EXPECT_EQ(out.seen, "a\xEF\xBF\xBD\xEF\xBF\xBD z");
  EXPECT_NO_THROW(out.result->response_json.dump());
}

TEST(OpenAiChat, SendsPromptWithInvalidUtf8) {
  TestHttpServer server(StreamReply(ContentChunk("ok", "stop")));
  ChatCall call = Call(server);
  call.messages = {{"user", "bytes \xC3 here"}};
  Outcome out = Complete(call);
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  EXPECT_EQ(json::parse(server.requests().at(0).body)["messages"][0]["content"],
            "bytes \xEF\xBF\xBD here");
}

TEST(OpenAiChat, StreamsTenMegabyteAnswer) {
  std::string stream;
  const std::string piece(1000, 'x');
  for (int i = 0; i < 10000; ++i) stream += ContentChunk(piece);
  stream += ContentChunk("", "stop") + "data: [DONE]\n\n";
  TestHttpServer server(StreamReply(stream, 16384));
  size_t seen = 0;
  auto r = CompleteChat(Call(server), [&](std::string_view text) { seen += text.size(); });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(seen, 10'000'000u);
  EXPECT_EQ(r->text.size(), 10'000'000u);
}

TEST(OpenAiChat, ReadsTenMegabyteNonStreamingAnswer) {
  json reply = json::parse(ReadTestData("openai/response_openai_text.json"));
  reply["choices"][0]["message"]["content"] = std::string(10'000'000, 'y');
  const std::string body = reply.dump();
  TestHttpServer server([&](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(200, "application/json", body));
  });
  Outcome out = Complete(Call(server, /*stream=*/false));
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  EXPECT_EQ(out.result->text.size(), 10'000'000u);
}

TEST(OpenAiChat, RefusesNonStreamingAnswerOver64MiB) {
  const std::string body = R"({"choices":[{"message":{"content":")" +
                           std::string(size_t{65} << 20, 'y') + R"("}}]})";
  TestHttpServer server([&](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(200, "application/json", body));
  });
  Outcome out = Complete(Call(server, /*stream=*/false));
  ASSERT_FALSE(out.result.ok());
  EXPECT_EQ(out.result.error().kind, ErrorKind::kParse);
  EXPECT_EQ(out.result.error().message, "the answer is larger than 64 MiB");
}

TEST(OpenAiChat, TalksToGatewayOverUnixSocket) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("llmbox-chat-" + std::to_string(::getpid())))
          .string();
  TestHttpServer server(path, StreamReply(ContentChunk("via gate", "stop")));
  ChatCall call;
  call.api_base = "http://gate/v1";
  call.unix_socket = path;
  call.model_name = "gpt-4o-mini";
  call.messages = {{"user", "hi"}};
  Outcome out = Complete(call);
  ASSERT_TRUE(out.result.ok()) << out.result.error().message;
  EXPECT_EQ(out.seen, "via gate");
  EXPECT_EQ(server.requests().at(0).target, "/v1/chat/completions");
}

TEST(OpenAiChat, KeepsKeyOutOfConnectionErrors) {
  ChatCall call;
  call.api_base = "http://127.0.0.1:9/v1";
  call.api_key = "sk-secret-should-not-appear-123";
  call.model_name = "m";
  Outcome out = Complete(call);
  ASSERT_FALSE(out.result.ok());
  EXPECT_EQ(out.result.error().message.find("sk-secret"), std::string::npos);
  EXPECT_NE(out.result.error().message.find("http://127.0.0.1:9/v1/chat/completions"),
            std::string::npos);
}

}  // namespace
}  // namespace llmbox
