#include "llm/anthropic_stream.h"

#include <gtest/gtest.h>

#include "llm/test_data_support.h"

namespace llmbox {
namespace {

using nlohmann::json;
using testing::ReadTestData;

struct Seen {
  std::string text;
  std::string reasoning;
  AnswerSink Sink() {
    AnswerSink sink;
    sink.on_text = [this](std::string_view t) { text += t; };
    sink.on_reasoning = [this](std::string_view t) { reasoning += t; };
    return sink;
  }
};

// Feeds `stream` to the answer in pieces of `piece` bytes; returns the first error.
Result<void> Feed(AnthropicAnswer& answer, std::string_view stream, Seen& seen, size_t piece = 7) {
  SseParser parser;
  Result<void> failure;
  const AnswerSink sink = seen.Sink();
  const SseHandler on_event = [&](const SseEvent& event) {
    if (!failure) return;
    failure = answer.OnEvent(event, sink);
  };
  for (size_t i = 0; i < stream.size(); i += piece) {
    if (auto r = parser.Feed(stream.substr(i, piece), on_event); !r) return r;
  }
  parser.Finish(on_event);
  return failure;
}

std::string Event(const json& data) {
  return "event: " + data["type"].get<std::string>() + "\ndata: " + data.dump() + "\n\n";
}

std::string Start(const std::string& model = "claude-test") {
  return Event({{"type", "message_start"},
                {"message",
                 {{"id", "msg_1"},
                  {"type", "message"},
                  {"role", "assistant"},
                  {"model", model},
                  {"content", json::array()},
                  {"stop_reason", nullptr},
                  {"usage", {{"input_tokens", 5}, {"output_tokens", 1}}}}}});
}

std::string BlockStart(int index, const json& block) {
  return Event({{"type", "content_block_start"}, {"index", index}, {"content_block", block}});
}

std::string Delta(int index, const json& delta) {
  return Event({{"type", "content_block_delta"}, {"index", index}, {"delta", delta}});
}

std::string BlockStop(int index) {
  return Event({{"type", "content_block_stop"}, {"index", index}});
}

std::string TextDelta(int index, const std::string& text) {
  return Delta(index, {{"type", "text_delta"}, {"text", text}});
}

std::string End(const std::string& stop_reason = "end_turn") {
  return Event({{"type", "message_delta"},
                {"delta", {{"stop_reason", stop_reason}, {"stop_sequence", nullptr}}},
                {"usage", {{"output_tokens", 9}}}}) +
         Event({{"type", "message_stop"}});
}

std::string TextAnswer(const std::string& text) {
  return Start() + BlockStart(0, {{"type", "text"}, {"text", ""}}) + TextDelta(0, text) +
         BlockStop(0) + End();
}

TEST(AnthropicStream, ReadsRecordedTextStreamSplitAcrossReads) {
  for (size_t piece : {1, 3, 64, 100000}) {
    AnthropicAnswer answer;
    Seen seen;
    ASSERT_TRUE(Feed(answer, ReadTestData("anthropic/stream_text.sse"), seen, piece)) << piece;
    EXPECT_EQ(seen.text, "- Captain\n- Scoop");
    EXPECT_EQ(answer.text(), "- Captain\n- Scoop");
    EXPECT_TRUE(answer.done());
    EXPECT_EQ(answer.ResolvedModel(), "claude-sonnet-4-5-20250929");
    EXPECT_EQ(answer.usage().input_tokens, 17);
    EXPECT_EQ(answer.usage().output_tokens, 10);
    EXPECT_TRUE(answer.usage().details.is_null());  // all cache counts are zero
  }
}

TEST(AnthropicStream, BuildsResponseJsonLikeLlmAnthropic) {
  AnthropicAnswer answer;
  Seen seen;
  ASSERT_TRUE(Feed(answer, ReadTestData("anthropic/stream_text.sse"), seen));
  const json expected = {
      {"id", "msg_017A4s3HAsrqf5d2WvBmrpLr"},
      {"container", nullptr},
      {"content", {{{"citations", nullptr}, {"text", "- Captain\n- Scoop"}, {"type", "text"}}}},
      {"model", "claude-sonnet-4-5-20250929"},
      {"role", "assistant"},
      {"stop_details", nullptr},
      {"stop_reason", "end_turn"},
      {"stop_sequence", nullptr},
      {"type", "message"}};
  EXPECT_EQ(answer.ResponseJson(), expected);
}

TEST(AnthropicStream, SendsThinkingToReasoningAndKeepsSignature) {
  AnthropicAnswer answer;
  Seen seen;
  ASSERT_TRUE(Feed(answer, ReadTestData("anthropic/stream_thinking.sse"), seen, 13));
  EXPECT_EQ(seen.text, "- Captain\n- Scoop");
  EXPECT_EQ(seen.reasoning.rfind("The user wants two names for a pet pelican", 0), 0u);
  EXPECT_NE(seen.reasoning.find("- Percy"), std::string::npos);
  const json content = answer.ResponseJson()["content"];
  ASSERT_EQ(content.size(), 2u);
  EXPECT_EQ(content[0]["type"], "thinking");
  EXPECT_EQ(content[0]["thinking"], seen.reasoning);
  EXPECT_EQ(content[0]["signature"].get<std::string>().rfind("EvoCCkYICxgCKkCY", 0), 0u);
  EXPECT_EQ(content[1]["text"], "- Captain\n- Scoop");
  EXPECT_EQ(answer.usage().output_tokens, 84);
}

TEST(AnthropicStream, TurnsToolUseBlocksIntoToolCalls) {
  AnthropicAnswer answer;
  Seen seen;
  ASSERT_TRUE(Feed(answer, ReadTestData("anthropic/stream_tools.sse"), seen));
  EXPECT_EQ(seen.text, "");
  const std::vector<ToolCall> calls = answer.ToolCalls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].id, "toolu_01LtHJmixrs9NcWQkK8hu8hj");
  EXPECT_EQ(calls[0].name, "pelican_name_generator");
  EXPECT_EQ(calls[0].arguments, json::object());
  EXPECT_EQ(calls[1].id, "toolu_01N8a4jWyf116qKTMqKKmjyt");
  EXPECT_EQ(answer.ResponseJson()["stop_reason"], "tool_use");
  EXPECT_EQ(answer.ResponseJson()["content"][0]["caller"], json({{"type", "direct"}}));
}

TEST(AnthropicStream, JoinsToolInputJsonDeltas) {
  AnthropicAnswer answer;
  Seen seen;
  const std::string stream =
      Start() +
      BlockStart(0,
                 {{"type", "tool_use"}, {"id", "t1"}, {"name", "add"}, {"input", json::object()}}) +
      Delta(0, {{"type", "input_json_delta"}, {"partial_json", "{\"a\": 1, "}}) +
      Delta(0, {{"type", "input_json_delta"}, {"partial_json", "\"b\": [2, 3]}"}}) + BlockStop(0) +
      End("tool_use");
  ASSERT_TRUE(Feed(answer, stream, seen, 5));
  ASSERT_EQ(answer.ToolCalls().size(), 1u);
  EXPECT_EQ(answer.ToolCalls()[0].arguments, json({{"a", 1}, {"b", {2, 3}}}));
  EXPECT_EQ(answer.ResponseJson()["content"][0]["input"], json({{"a", 1}, {"b", {2, 3}}}));
}

TEST(AnthropicStream, RefusesToolInputThatIsNotAnObject) {
  AnthropicAnswer answer;
  Seen seen;
  const std::string stream =
      Start() + BlockStart(0, {{"type", "tool_use"}, {"id", "t1"}, {"name", "f"}}) +
      Delta(0, {{"type", "input_json_delta"}, {"partial_json", "{\"a\": "}}) + BlockStop(0);
  auto r = Feed(answer, stream, seen);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
  EXPECT_NE(r.error().message.find("tool call's input"), std::string::npos);
  EXPECT_TRUE(answer.ToolCalls().empty());  // found by anthropic_stream_fuzz
}

TEST(AnthropicStream, SchemaToolInputIsTheAnswerText) {
  AnthropicAnswer answer("output_structured_data");
  Seen seen;
  const std::string stream =
      Start() +
      BlockStart(0, {{"type", "tool_use"},
                     {"id", "t"},
                     {"name", "output_structured_data"},
                     {"input", json::object()}}) +
      Delta(0, {{"type", "input_json_delta"}, {"partial_json", "{\"name\": "}}) +
      Delta(0, {{"type", "input_json_delta"}, {"partial_json", "\"Rex\"}"}}) + BlockStop(0) +
      End("tool_use");
  ASSERT_TRUE(Feed(answer, stream, seen));
  EXPECT_EQ(seen.text, "{\"name\": \"Rex\"}");
  EXPECT_EQ(answer.text(), "{\"name\": \"Rex\"}");
  EXPECT_TRUE(answer.ToolCalls().empty());
}

TEST(AnthropicStream, ErrorEventIsProviderError) {
  AnthropicAnswer answer;
  Seen seen;
  const std::string stream = Start() +
                             "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": "
                             "\"overloaded_error\", \"message\": \"Overloaded\"}}\n\n";
  auto r = Feed(answer, stream, seen);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kProvider);
  EXPECT_EQ(r.error().message, "Anthropic API error: Overloaded");
}

TEST(AnthropicStream, StreamWithoutMessageStopIsNotDone) {
  AnthropicAnswer answer;
  Seen seen;
  const std::string stream =
      Start() + BlockStart(0, {{"type", "text"}, {"text", ""}}) + TextDelta(0, "half");
  ASSERT_TRUE(Feed(answer, stream, seen));
  EXPECT_FALSE(answer.done());
  EXPECT_FALSE(answer.finished());
  EXPECT_EQ(answer.text(), "half");
}

TEST(AnthropicStream, StopReasonWithoutMessageStopIsFinished) {
  AnthropicAnswer answer;
  Seen seen;
  std::string stream = TextAnswer("ok");
  stream.resize(stream.rfind("event: message_stop"));
  ASSERT_TRUE(Feed(answer, stream, seen));
  EXPECT_FALSE(answer.done());
  EXPECT_TRUE(answer.finished());
}

TEST(AnthropicStream, IgnoresPingsUnknownEventsAndEventsAfterStop) {
  AnthropicAnswer answer;
  Seen seen;
  const std::string stream = Start() + "event: ping\ndata: {\"type\": \"ping\"}\n\n" +
                             Event({{"type", "future_event"}, {"x", 1}}) +
                             BlockStart(0, {{"type", "text"}, {"text", ""}}) + TextDelta(0, "a") +
                             Delta(0, {{"type", "future_delta"}, {"text", "zzz"}}) + BlockStop(0) +
                             End() + TextDelta(0, "after");
  ASSERT_TRUE(Feed(answer, stream, seen));
  EXPECT_EQ(answer.text(), "a");
}

TEST(AnthropicStream, MalformedJsonIsParseError) {
  AnthropicAnswer answer;
  Seen seen;
  auto r = Feed(answer, Start() + "event: content_block_delta\ndata: {nope\n\n", seen);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
}

TEST(AnthropicStream, WrongTypesAreIgnoredNotThrown) {
  AnthropicAnswer answer;
  Seen seen;
  const std::string stream =
      Event({{"type", "message_start"}, {"message", 7}}) +
      Event({{"type", "content_block_start"}, {"index", "0"}, {"content_block", {{"type", 1}}}}) +
      BlockStart(0, {{"type", "text"}, {"text", 5}}) +
      Delta(0, {{"type", "text_delta"}, {"text", 9}}) + Delta(0, json::array()) +
      Event({{"type", "message_delta"}, {"delta", 1}, {"usage", "x"}}) +
      Event({{"type", "content_block_stop"}, {"index", nullptr}}) +
      Event({{"type", "message_stop"}});
  EXPECT_TRUE(Feed(answer, stream, seen));
  EXPECT_EQ(answer.text(), "");
  EXPECT_NO_THROW((void)answer.ResponseJson().dump());
}

TEST(AnthropicStream, RepairsInvalidUtf8) {
  AnthropicAnswer answer;
  Seen seen;
  std::string stream = Start() + BlockStart(0, {{"type", "text"}, {"text", ""}}) +
                       "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", "
                       "\"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"a\xff"
                       "b\"}}\n\n";
  ASSERT_TRUE(Feed(answer, stream, seen));
  EXPECT_EQ(answer.text(),
            "a\xEF\xBF\xBD"
            "b");
}

TEST(AnthropicStream, RefusesDeeplyNestedJson) {
  AnthropicAnswer answer;
  Seen seen;
  auto r = Feed(answer, "data: " + std::string(500, '[') + "\n\n", seen);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
}

TEST(AnthropicStream, KeepsNonZeroCacheCountsAsDetails) {
  const Usage usage = UsageFromAnthropic({{"input_tokens", 3},
                                          {"output_tokens", 4},
                                          {"cache_read_input_tokens", 100},
                                          {"cache_creation_input_tokens", 0},
                                          {"service_tier", "standard"}});
  EXPECT_EQ(usage.input_tokens, 3);
  EXPECT_EQ(usage.output_tokens, 4);
  EXPECT_EQ(usage.details, json({{"cache_read_input_tokens", 100}}));
}

TEST(AnthropicWholeMessage, ReadsTextThinkingAndToolUse) {
  AnthropicAnswer answer;
  Seen seen;
  const json message = {
      {"id", "msg_2"},
      {"type", "message"},
      {"role", "assistant"},
      {"model", "claude-x"},
      {"content",
       {{{"type", "thinking"}, {"thinking", "hmm"}, {"signature", "sig"}},
        {{"type", "text"}, {"text", "Hi"}},
        {{"type", "tool_use"}, {"id", "t9"}, {"name", "f"}, {"input", {{"q", 1}}}}}},
      {"stop_reason", "tool_use"},
      {"usage", {{"input_tokens", 2}, {"output_tokens", 3}}}};
  ASSERT_TRUE(answer.OnWholeMessage(message.dump(), seen.Sink()));
  EXPECT_EQ(seen.text, "Hi");
  EXPECT_EQ(seen.reasoning, "hmm");
  EXPECT_TRUE(answer.done());
  ASSERT_EQ(answer.ToolCalls().size(), 1u);
  EXPECT_EQ(answer.ToolCalls()[0].arguments, json({{"q", 1}}));
  EXPECT_FALSE(answer.ResponseJson().contains("usage"));
  EXPECT_EQ(answer.usage().output_tokens, 3);
}

TEST(AnthropicWholeMessage, SchemaAnswerIsTheToolInput) {
  AnthropicAnswer answer("output_structured_data");
  Seen seen;
  const json message = {{"type", "message"},
                        {"content",
                         {{{"type", "tool_use"},
                           {"id", "t"},
                           {"name", "output_structured_data"},
                           {"input", {{"age", 4}}}}}}};
  ASSERT_TRUE(answer.OnWholeMessage(message.dump(), seen.Sink()));
  EXPECT_EQ(answer.text(), "{\"age\":4}");
}

TEST(AnthropicWholeMessage, ErrorObjectIsProviderError) {
  AnthropicAnswer answer;
  Seen seen;
  auto r = answer.OnWholeMessage(
      R"({"type":"error","error":{"type":"invalid_request_error","message":"bad model"}})",
      seen.Sink());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kProvider);
  EXPECT_EQ(r.error().message, "Anthropic API error: bad model");
}

TEST(AnthropicWholeMessage, RejectsReplyWithoutContent) {
  AnthropicAnswer answer;
  Seen seen;
  auto r = answer.OnWholeMessage(R"({"id": "x"})", seen.Sink());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
}

}  // namespace
}  // namespace llmbox
