#include "gate/usage_meter.h"

#include <gtest/gtest.h>

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

TEST(RequestModel, ReadsModelFieldOrNothing) {
  EXPECT_EQ(RequestModel(R"({"model":"gpt-4o-mini","stream":true})"), "gpt-4o-mini");
  EXPECT_EQ(RequestModel(R"({"messages":[]})"), "");
  EXPECT_EQ(RequestModel("not json"), "");
  EXPECT_EQ(RequestModel(R"(["model"])"), "");
}

}  // namespace
}  // namespace llmbox::gate
