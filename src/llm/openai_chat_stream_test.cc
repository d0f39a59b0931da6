#include "llm/openai_chat_stream.h"

#include <gtest/gtest.h>

#include "llm/test_data_support.h"

namespace llmbox {
namespace {

using nlohmann::json;
using testing::ReadTestData;

SseEvent Data(std::string data) { return SseEvent{"", std::move(data), ""}; }

// Runs an SSE stream through the accumulator, collecting what on_text saw.
struct StreamRun {
  ChatStreamAccumulator answer;
  std::string seen;
  Result<void> result;
};

StreamRun Accumulate(std::string_view stream) {
  StreamRun run;
  SseParser parser;
  const SseHandler on_event = [&](const SseEvent& event) {
    if (!run.result.ok()) return;
    run.result = run.answer.OnEvent(event, [&](std::string_view text) { run.seen += text; });
  };
  EXPECT_TRUE(parser.Feed(stream, on_event).ok());
  parser.Finish(on_event);
  return run;
}

TEST(ChatStream, AccumulatesOpenAiRecordedStream) {
  StreamRun run = Accumulate(ReadTestData("openai/stream_openai_text.sse"));
  ASSERT_TRUE(run.result.ok()) << run.result.error().message;
  const std::string expected = R"(The result of \( 1231 \times 2331 \) is \( 2,869,461 \).)";
  EXPECT_EQ(run.answer.text(), expected);
  EXPECT_EQ(run.seen, expected);
  EXPECT_TRUE(run.answer.done());
  EXPECT_TRUE(run.answer.finished());
  EXPECT_EQ(run.answer.ResolvedModel(), "gpt-4o-mini-2024-07-18");
}

TEST(ChatStream, BuildsLlmShapedResponseJson) {
  StreamRun run = Accumulate(ReadTestData("openai/stream_kimi_text.sse"));
  ASSERT_TRUE(run.result.ok());
  // As llm's combine_chunks + remove_dict_none_values produce it.
  EXPECT_EQ(run.answer.ResponseJson(), json::parse(R"({
    "content": "The current version of *llm* is **0.fixed-version**.",
    "role": "assistant",
    "finish_reason": "stop",
    "usage": {"prompt_tokens": 107, "completion_tokens": 15, "total_tokens": 122,
              "cost": 0.0001017, "is_byok": false,
              "prompt_tokens_details": {"cached_tokens": 0},
              "completion_tokens_details": {"reasoning_tokens": 0}},
    "id": "gen-1753242300-j60LWi6MpN4lMZw1zTHK",
    "object": "chat.completion.chunk",
    "model": "moonshotai/kimi-k2",
    "created": 1753242300})"));
}

TEST(ChatStream, LeavesOutRoleWhenLastDeltaHasNone) {
  StreamRun run = Accumulate(ReadTestData("openai/stream_openai_text.sse"));
  json response = run.answer.ResponseJson();
  EXPECT_FALSE(response.contains("role"));
  EXPECT_EQ(response["finish_reason"], "stop");
}

TEST(ChatStream, TakesUsageFromChunkWithEmptyChoices) {
  StreamRun run = Accumulate(ReadTestData("openai/stream_openai_text.sse"));
  Usage usage = run.answer.usage();
  EXPECT_EQ(usage.input_tokens, 87);
  EXPECT_EQ(usage.output_tokens, 26);
  EXPECT_TRUE(usage.details.is_null());  // every detail was zero
}

TEST(ChatStream, KeepsNonZeroUsageDetails) {
  StreamRun run = Accumulate(ReadTestData("openai/stream_kimi_text.sse"));
  EXPECT_EQ(run.answer.usage().details, json::parse(R"({"cost": 0.0001017})"));
}

TEST(ChatStream, ToolCallStreamHasNoTextButFinishes) {
  StreamRun run = Accumulate(ReadTestData("openai/stream_openai_tool_call.sse"));
  ASSERT_TRUE(run.result.ok());
  EXPECT_EQ(run.answer.text(), "");
  EXPECT_EQ(run.answer.ResponseJson()["finish_reason"], "tool_calls");
  EXPECT_EQ(run.answer.usage().input_tokens, 54);
}

TEST(ChatStream, IgnoresEventsAfterDone) {
  ChatStreamAccumulator answer;
  auto ignore = [](std::string_view) {};
  ASSERT_TRUE(answer.OnEvent(Data("[DONE]"), ignore).ok());
  ASSERT_TRUE(answer.OnEvent(Data("not json at all"), ignore).ok());
  EXPECT_TRUE(answer.done());
  EXPECT_EQ(answer.chunks(), 0u);
}

TEST(ChatStream, ReportsErrorObjectInStreamAsProviderError) {
  ChatStreamAccumulator answer;
  auto r = answer.OnEvent(Data(R"({"error":{"message":"The server is overloaded"}})"),
                          [](std::string_view) {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kProvider);
  EXPECT_EQ(r.error().message, "OpenAI API error: The server is overloaded");
}

TEST(ChatStream, ReportsMalformedJsonAsParseError) {
  ChatStreamAccumulator answer;
  auto r = answer.OnEvent(Data(R"({"choices": [)"), [](std::string_view) {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
}

TEST(ChatStream, ReportsNonObjectJsonAsParseError) {
  ChatStreamAccumulator answer;
  EXPECT_FALSE(answer.OnEvent(Data("[1, 2]"), [](std::string_view) {}).ok());
}

TEST(ChatStream, RefusesDeeplyNestedJson) {
  ChatStreamAccumulator answer;
  std::string deep = R"({"x":)" + std::string(500, '[') + std::string(500, ']') + "}";
  auto r = answer.OnEvent(Data(deep), [](std::string_view) {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
}

TEST(ChatStream, IgnoresWrongTypesInsteadOfThrowing) {
  ChatStreamAccumulator answer;
  auto ignore = [](std::string_view) {};
  for (const char* chunk :
       {R"({"choices": 5})", R"({"choices": [5]})", R"({"choices": [{"delta": "x"}]})",
        R"({"choices": [{"delta": {"content": 7}}], "usage": 3})"}) {
    EXPECT_TRUE(answer.OnEvent(Data(chunk), ignore).ok()) << chunk;
  }
  EXPECT_EQ(answer.text(), "");
}

TEST(ChatStream, RepairsInvalidUtf8InsteadOfFailing) {
  ChatStreamAccumulator answer;
  std::string seen;
  auto r = answer.OnEvent(Data("{\"choices\":[{\"delta\":{\"content\":\"caf\xC3\xA9 \xFF!\"}}]}"),
                          [&](std::string_view text) { seen += text; });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(seen, "caf\xC3\xA9 \xEF\xBF\xBD!");
  EXPECT_NO_THROW(answer.ResponseJson().dump());
}

TEST(ChatStream, SkipsEmptyEvents) {
  ChatStreamAccumulator answer;
  EXPECT_TRUE(answer.OnEvent(Data(""), [](std::string_view) {}).ok());
  EXPECT_EQ(answer.chunks(), 0u);
}

TEST(ChatUsage, SplitsTokensFromDetails) {
  Usage usage = UsageFromOpenAi(json::parse(R"({"prompt_tokens": 10, "completion_tokens": 2,
      "total_tokens": 12, "prompt_tokens_details": {"cached_tokens": 8, "audio_tokens": 0},
      "completion_tokens_details": {"reasoning_tokens": 0}})"));
  EXPECT_EQ(usage.input_tokens, 10);
  EXPECT_EQ(usage.output_tokens, 2);
  EXPECT_EQ(usage.details, json::parse(R"({"prompt_tokens_details": {"cached_tokens": 8}})"));
}

TEST(ChatUsage, IsEmptyForMissingUsage) {
  Usage usage = UsageFromOpenAi(json());
  EXPECT_FALSE(usage.input_tokens.has_value());
  EXPECT_TRUE(usage.details.is_null());
}

TEST(ChatResponse, ParsesRecordedNonStreamingReply) {
  auto r = ParseChatResponse(ReadTestData("openai/response_openai_text.json"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->text, "YES");
  EXPECT_EQ(r->resolved_model, "gpt-4o-mini-2024-07-18");
  EXPECT_EQ(r->usage.input_tokens, 146);
  EXPECT_EQ(r->usage.output_tokens, 3);
  EXPECT_TRUE(r->usage.details.is_null());
  EXPECT_EQ(r->response_json["id"], "chatcmpl-BWpGTZY785VsZipCO0bAvF7Z7tjdA");
  // llm stores the reply with null members removed.
  EXPECT_FALSE(r->response_json["choices"][0].contains("logprobs"));
  EXPECT_FALSE(r->response_json["choices"][0]["message"].contains("refusal"));
}

TEST(ChatResponse, ReportsErrorObjectAsProviderError) {
  auto r = ParseChatResponse(R"({"error": {"message": "model not found"}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kProvider);
  EXPECT_NE(r.error().message.find("model not found"), std::string::npos);
}

TEST(ChatResponse, RejectsReplyWithoutChoices) {
  auto r = ParseChatResponse(R"({"object": "list"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
}

TEST(ChatResponse, AcceptsNullContent) {
  auto r = ParseChatResponse(R"({"choices": [{"message": {"content": null}}]})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, "");
}

}  // namespace
}  // namespace llmbox
