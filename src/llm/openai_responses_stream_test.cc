#include "llm/openai_responses_stream.h"

#include <gtest/gtest.h>

#include "llm/test_data_support.h"

namespace llmbox {
namespace {

using nlohmann::json;
using testing::ReadTestData;

struct StreamRun {
  ResponsesStreamAccumulator answer;
  std::string text_seen;
  std::string reasoning_seen;
  std::optional<Error> error;
};

// Feeds `stream` to a parser in pieces of `piece` bytes, as a network would.
void Feed(StreamRun& run, std::string_view stream, size_t piece) {
  SseParser parser;
  AnswerSink sink;
  sink.on_text = [&](std::string_view t) { run.text_seen += t; };
  sink.on_reasoning = [&](std::string_view t) { run.reasoning_seen += t; };
  const SseHandler on_event = [&](const SseEvent& event) {
    if (run.error) return;
    if (auto r = run.answer.OnEvent(event, sink); !r.ok()) run.error = r.error();
  };
  for (size_t i = 0; i < stream.size(); i += piece) {
    ASSERT_TRUE(parser.Feed(stream.substr(i, piece), on_event).ok());
  }
  parser.Finish(on_event);
}

std::string Event(const json& data) {
  return "event: " + data.value("type", "") + "\ndata: " + data.dump() + "\n\n";
}

TEST(ResponsesStream, ReadsRecordedTextStreamSplitAcrossReads) {
  for (size_t piece : {1, 7, 64, 100000}) {
    StreamRun run;
    Feed(run, ReadTestData("openai/responses_stream_text.sse"), piece);
    ASSERT_FALSE(run.error) << run.error->message;
    EXPECT_TRUE(run.answer.finished());
    EXPECT_EQ(run.text_seen, "pong");
    EXPECT_EQ(run.answer.text(), "pong");
    EXPECT_EQ(run.answer.ResolvedModel(), "gpt-5.5-2026-04-23");
    EXPECT_EQ(run.answer.usage().input_tokens, 11);
    EXPECT_EQ(run.answer.usage().output_tokens, 5);
    EXPECT_EQ(run.answer.usage().details,
              json::parse(R"({"input_tokens_details":{"cached_tokens":0},
                  "output_tokens_details":{"reasoning_tokens":0}})"));
    const json response = run.answer.ResponseJson();
    EXPECT_EQ(response["status"], "completed");
    EXPECT_FALSE(response.contains("error"));  // nulls are dropped, as llm does
    EXPECT_EQ(response["output"][0]["content"][0]["text"], "pong");
  }
}

TEST(ResponsesStream, CollectsRecordedFunctionCall) {
  StreamRun run;
  Feed(run, ReadTestData("openai/responses_stream_tool_call.sse"), 33);
  ASSERT_FALSE(run.error);
  EXPECT_TRUE(run.answer.finished());
  EXPECT_EQ(run.answer.text(), "");
  const auto calls = run.answer.tool_calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].id, "call_sVidsfFJ6zlzRpelrPkTPlpd");
  EXPECT_EQ(calls[0].name, "multiply");
  EXPECT_EQ(calls[0].arguments, json({{"a", 1231}, {"b", 2331}}));
}

TEST(ResponsesStream, JoinsArgumentDeltasWithoutADoneEvent) {
  StreamRun run;
  Feed(run,
       Event({{"type", "response.output_item.added"},
              {"item",
               {{"type", "function_call"},
                {"id", "fc_1"},
                {"call_id", "c1"},
                {"name", "f"},
                {"arguments", ""}}}}) +
           Event({{"type", "response.function_call_arguments.delta"},
                  {"item_id", "fc_1"},
                  {"delta", "{\"x\":"}}) +
           Event({{"type", "response.function_call_arguments.delta"},
                  {"item_id", "fc_1"},
                  {"delta", "1}"}}),
       5);
  ASSERT_EQ(run.answer.tool_calls().size(), 1u);
  EXPECT_EQ(run.answer.tool_calls()[0].arguments, json({{"x", 1}}));
}

TEST(ResponsesStream, KeepsUnparseableArgumentsRaw) {
  StreamRun run;
  Feed(run,
       Event({{"type", "response.output_item.done"},
              {"item",
               {{"type", "function_call"},
                {"id", "fc_1"},
                {"call_id", "c1"},
                {"name", "f"},
                {"arguments", "{not json"}}}}),
       1000);
  EXPECT_EQ(run.answer.tool_calls().at(0).arguments, json({{"_raw", "{not json"}}));
}

TEST(ResponsesStream, SendsReasoningSummaryToReasoningSink) {
  StreamRun run;
  Feed(run,
       Event({{"type", "response.reasoning_summary_text.delta"},
              {"item_id", "rs_1"},
              {"delta", "Thinking "}}) +
           Event({{"type", "response.reasoning_summary_text.delta"},
                  {"item_id", "rs_1"},
                  {"delta", "hard."}}) +
           Event({{"type", "response.reasoning_summary_text.done"},
                  {"item_id", "rs_1"},
                  {"text", "Thinking hard."}}) +
           Event({{"type", "response.output_item.done"},
                  {"item",
                   {{"type", "reasoning"},
                    {"id", "rs_1"},
                    {"summary", {{{"type", "summary_text"}, {"text", "Thinking hard."}}}}}}}) +
           Event({{"type", "response.output_text.delta"}, {"delta", "42"}}),
       11);
  EXPECT_EQ(run.reasoning_seen, "Thinking hard.");  // once, not three times
  EXPECT_EQ(run.answer.reasoning(), "Thinking hard.");
  EXPECT_EQ(run.text_seen, "42");
}

TEST(ResponsesStream, TakesReasoningFromDoneItemWhenNotStreamed) {
  StreamRun run;
  Feed(run,
       Event({{"type", "response.output_item.done"},
              {"item",
               {{"type", "reasoning"},
                {"id", "rs_2"},
                {"summary", {{{"type", "summary_text"}, {"text", "Short."}}}}}}}),
       1000);
  EXPECT_EQ(run.reasoning_seen, "Short.");
}

TEST(ResponsesStream, ErrorEventIsProviderError) {
  StreamRun run;
  Feed(run, Event({{"type", "error"}, {"code", "server_error"}, {"message", "The server broke"}}),
       1000);
  ASSERT_TRUE(run.error);
  EXPECT_EQ(run.error->kind, ErrorKind::kProvider);
  EXPECT_NE(run.error->message.find("The server broke"), std::string::npos);
}

TEST(ResponsesStream, FailedResponseIsProviderError) {
  StreamRun run;
  Feed(run,
       Event({{"type", "response.output_text.delta"}, {"delta", "par"}}) +
           Event({{"type", "response.failed"},
                  {"response",
                   {{"status", "failed"},
                    {"error", {{"code", "rate_limit_exceeded"}, {"message", "Slow down"}}}}}}),
       1000);
  ASSERT_TRUE(run.error);
  EXPECT_EQ(run.error->kind, ErrorKind::kProvider);
  EXPECT_NE(run.error->message.find("Slow down"), std::string::npos);
  EXPECT_EQ(run.answer.text(), "par");
  EXPECT_FALSE(run.answer.finished());
}

TEST(ResponsesStream, MalformedJsonIsParseError) {
  StreamRun run;
  Feed(run, "data: {not json\n\n", 1000);
  ASSERT_TRUE(run.error);
  EXPECT_EQ(run.error->kind, ErrorKind::kParse);
}

TEST(ResponsesStream, RepairsInvalidUtf8InDeltas) {
  StreamRun run;
  Feed(run,
       "data: {\"type\":\"response.output_text.delta\",\"delta\":\"a\xff"
       "b\"}\n\n",
       1000);
  ASSERT_FALSE(run.error);
  EXPECT_EQ(run.answer.text(),
            "a\xEF\xBF\xBD"
            "b");
}

TEST(ResponsesStream, IgnoresWrongTypesWithoutThrowing) {
  StreamRun run;
  Feed(run,
       Event({{"type", "response.output_text.delta"}, {"delta", 12}}) +
           Event({{"type", "response.output_item.added"}, {"item", "not an object"}}) +
           Event({{"type", "response.completed"}, {"response", {{"usage", "x"}, {"model", 5}}}}) +
           "data: [1,2]\n\n",
       1000);
  ASSERT_TRUE(run.error);  // the array is not an event
  EXPECT_EQ(run.answer.text(), "");
  EXPECT_TRUE(run.answer.finished());
  EXPECT_FALSE(run.answer.usage().input_tokens.has_value());
}

TEST(ResponsesStream, RefusesDeeplyNestedJson) {
  StreamRun run;
  Feed(run, "data: " + std::string(200, '[') + std::string(200, ']') + "\n\n", 1000);
  ASSERT_TRUE(run.error);
  EXPECT_EQ(run.error->kind, ErrorKind::kParse);
}

TEST(ResponsesStream, IncompleteResponseEndsTheAnswer) {
  StreamRun run;
  Feed(run,
       Event({{"type", "response.output_text.delta"}, {"delta", "cut by max tokens"}}) +
           Event({{"type", "response.incomplete"},
                  {"response",
                   {{"status", "incomplete"},
                    {"incomplete_details", {{"reason", "max_output_tokens"}}}}}}),
       1000);
  EXPECT_TRUE(run.answer.finished());
  EXPECT_EQ(run.answer.ResponseJson()["incomplete_details"]["reason"], "max_output_tokens");
}

TEST(ResponsesReply, ReadsRecordedNonStreamedReply) {
  auto parsed = ParseResponsesReply(ReadTestData("openai/responses_whole_text.json"));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->text, "pong");
  EXPECT_EQ(parsed->resolved_model, "gpt-5.5-2026-04-23");
  EXPECT_EQ(parsed->usage.input_tokens, 11);
  EXPECT_EQ(parsed->usage.output_tokens, 5);
  EXPECT_FALSE(parsed->response_json.contains("instructions"));
  EXPECT_EQ(parsed->response_json["billing"]["payer"], "developer");
}

TEST(ResponsesReply, ReadsFunctionCallsAndReasoning) {
  auto parsed = ParseResponsesReply(R"({"model":"m","output":[
      {"type":"reasoning","id":"rs","summary":[{"type":"summary_text","text":"Hmm."}]},
      {"type":"function_call","call_id":"c1","name":"f","arguments":"{\"a\":1}"},
      {"type":"message","content":[{"type":"output_text","text":"Hi"},{"type":"refusal"}]}]})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->reasoning, "Hmm.");
  EXPECT_EQ(parsed->text, "Hi");
  ASSERT_EQ(parsed->tool_calls.size(), 1u);
  EXPECT_EQ(parsed->tool_calls[0].arguments, json({{"a", 1}}));
}

TEST(ResponsesReply, ErrorObjectIsProviderError) {
  auto parsed = ParseResponsesReply(R"({"error":{"message":"Bad model","code":"x"}})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().kind, ErrorKind::kProvider);
  EXPECT_NE(parsed.error().message.find("Bad model"), std::string::npos);
}

TEST(ResponsesReply, NonResponseIsParseError) {
  for (const char* body : {"[]", "{\"output\": 3}", "not json", ""}) {
    auto parsed = ParseResponsesReply(body);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kParse);
  }
}

}  // namespace
}  // namespace llmbox
