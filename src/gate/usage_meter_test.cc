#include "gate/usage_meter.h"

#include <gtest/gtest.h>
#include <string.h>

namespace llmbox::gate {
namespace {

TEST(UsageMeter, ReadsOpenAiChatUsageFromJsonBody) {
  UsageMeter m("application/json");
  m.Feed(R"({"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":54,)");
  m.Feed(R"("completion_tokens":20,"total_tokens":74}})");
  m.Finish();
  EXPECT_TRUE(m.usage().seen);
  EXPECT_EQ(m.usage().input, 54u);
  EXPECT_EQ(m.usage().output, 20u);
  EXPECT_EQ(m.model(), "gpt-4o-mini");
}

TEST(UsageMeter, ReadsAnthropicStreamWhereOutputIsCumulative) {
  UsageMeter m("text/event-stream; charset=utf-8");
  m.Feed(
      "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-x\","
      "\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}}\n\n");
  m.Feed("event: content_block_delta\ndata: {\"type\":\"content_block_delta\"}\n\n");
  m.Feed("event: message_delta\ndata: {\"type\":\"message_delta\",\"usa");
  m.Feed("ge\":{\"output_tokens\":4}}\n\n");
  m.Finish();
  EXPECT_EQ(m.usage().input, 10u);
  EXPECT_EQ(m.usage().output, 4u);
  EXPECT_EQ(m.model(), "claude-x");
}

TEST(UsageMeter, ReadsOpenAiResponsesCompletedEvent) {
  UsageMeter m("text/event-stream");
  m.Feed(
      "data: {\"type\":\"response.completed\",\"response\":{\"model\":\"gpt-4.1\",\"usage\":"
      "{\"input_tokens\":11,\"output_tokens\":5}}}\r\n\r\ndata: [DONE]\r\n\r\n");
  m.Finish();
  EXPECT_EQ(m.usage().total(), 16u);
  EXPECT_EQ(m.model(), "gpt-4.1");
}

TEST(UsageMeter, IgnoresJunkAndWrongTypes) {
  UsageMeter m("application/json");
  m.Feed(R"({"usage":{"prompt_tokens":"12","completion_tokens":-3},"model":7})");
  m.Finish();
  EXPECT_EQ(m.usage().total(), 0u);
  EXPECT_EQ(m.model(), "");
  UsageMeter junk("text/event-stream");
  junk.Feed("data: {not json\n\ndata: [1,2]\n\n");
  junk.Finish();
  EXPECT_FALSE(junk.usage().seen);
}

TEST(UsageMeter, StopsBufferingAnOverlongLine) {
  UsageMeter m("text/event-stream");
  m.Feed("data: {\"usage\":{\"input_tokens\":1}, \"pad\":\"");
  m.Feed(std::string(2 << 20, 'x'));
  m.Feed("\"}\n\ndata: {\"usage\":{\"output_tokens\":3}}\n\n");
  m.Finish();
  EXPECT_EQ(m.usage().input, 0u);
  EXPECT_EQ(m.usage().output, 3u);
}

TEST(UsageMeter, ReadsLastEventWithoutTrailingNewline) {
  UsageMeter m("text/event-stream");
  m.Feed("data: {\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":3}}");
  m.Finish();
  EXPECT_EQ(m.usage().total(), 5u);
}

TEST(UsageMeter, ModelNameIsMadePrintable) {
  UsageMeter m("application/json");
  m.Feed("{\"model\":\"a\\u001b[31mb\"}");
  m.Finish();
  EXPECT_EQ(m.model(), "a?[31mb");
}

TEST(UsageMeter, LooksForTheModelOnlyInTheFirstEvents) {
  UsageMeter m("text/event-stream");
  for (int i = 0; i < 10; ++i) m.Feed("data: {\"choices\":[]}\n\n");
  m.Feed(
      "data: {\"model\":\"late\"}\n\ndata: {\"model\":\"x\",\"usage\":{\"input_tokens\":1}}\n\n");
  m.Finish();
  EXPECT_EQ(m.model(), "x");  // found with the usage event, not by parsing every delta
  EXPECT_EQ(m.usage().input, 1u);
}

// The shape OpenAI streams with stream_options.include_usage: "usage":null in
// every chunk, numbers in the last one.
std::string OpenAiChatStream() {
  std::string s;
  for (const char* text : {"Hel", "lo", " \\\"usage\\\":{\\\"x\\\"", "usage"}) {
    s += "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\","
         "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";
    s += text;
    s += "\"}}],\"usage\":null}\n\n";
  }
  s += "data: {\"id\":\"c1\",\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\": "
       "{\"prompt_tokens\":9,\"completion_tokens\":4}}\n\ndata: [DONE]\n\n";
  return s;
}

TEST(UsageMeter, ReadsOpenAiChatStreamWithNullUsageInEveryChunk) {
  UsageMeter m("text/event-stream");
  m.Feed(OpenAiChatStream());
  m.Finish();
  EXPECT_EQ(m.model(), "gpt-4o-mini");
  EXPECT_EQ(m.usage().input, 9u);
  EXPECT_EQ(m.usage().output, 4u);
}

TEST(UsageMeter, SameResultHoweverTheStreamIsSplit) {
  std::string stream = OpenAiChatStream();
  for (size_t piece = 1; piece <= 64; ++piece) {
    UsageMeter m("text/event-stream");
    for (size_t at = 0; at < stream.size(); at += piece)
      m.Feed(std::string_view(stream).substr(at, piece));
    m.Finish();
    EXPECT_EQ(m.model(), "gpt-4o-mini") << piece;
    EXPECT_EQ(m.usage().total(), 13u) << piece;
  }
}

TEST(UsageMeter, FindsUsageAfterTheModelSearchInALargeRead) {
  UsageMeter m("text/event-stream");
  std::string many = "data: {\"model\":\"m\"}\n\n";
  for (int i = 0; i < 100; ++i)
    many += "data: {\"choices\":[{\"delta\":{\"content\":\"usage\"}}]}\n\n";
  many += "event: message_delta\ndata: {\"usage\" : {\"output_tokens\":7}}\r\n\r\n: usage\n";
  many += "data: {\"usage\":{\"input_tokens\":2}}";  // unterminated: read by Finish
  m.Feed(many);
  m.Finish();
  EXPECT_EQ(m.model(), "m");
  EXPECT_EQ(m.usage().output, 7u);
  EXPECT_EQ(m.usage().input, 2u);
}

TEST(FindUsageKey, AgreesWithMemmemAtEveryPosition) {
  for (size_t size = 0; size < 80; ++size) {
    for (size_t at = 0; at + 7 <= size; ++at) {
      std::string text(size, 'u');  // 'u' everywhere: every block has candidates
      for (size_t i = 4; i < size; i += 7) text[i] = 'g';
      text.replace(at, 7, "\"usage\"");
      size_t want =
          static_cast<const char*>(memmem(text.data(), size, "\"usage\"", 7)) - text.data();
      EXPECT_EQ(FindUsageKey(text), want) << size << " " << at;
    }
    EXPECT_EQ(FindUsageKey(std::string(size, 'g')), std::string_view::npos);
  }
  EXPECT_EQ(FindUsageKey("\"usag\" \"Usage\" \"usage \"usage\""), 22u);
}

TEST(RequestModel, ReadsModelFieldOrNothing) {
  EXPECT_EQ(RequestModel(R"({"model":"gpt-4o-mini","stream":true})"), "gpt-4o-mini");
  EXPECT_EQ(RequestModel(R"({"messages":[]})"), "");
  EXPECT_EQ(RequestModel("not json"), "");
  EXPECT_EQ(RequestModel(R"(["model"])"), "");
}

}  // namespace
}  // namespace llmbox::gate
