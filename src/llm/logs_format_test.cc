#include "llm/logs_format.h"

#include <gtest/gtest.h>

#include "llm/log_test_support.h"

namespace llmbox {
namespace {

using logtest::MakeRecord;

TEST(LogsFormat, TruncateCutsToLengthWithDots) {
  EXPECT_EQ(TruncateLikeLlm(std::string(150, 'x')), std::string(97, 'x') + "...");
  EXPECT_EQ(TruncateLikeLlm(std::string(100, 'x')), std::string(100, 'x'));
}

TEST(LogsFormat, TruncateKeepsBothEnds) {
  std::string text = std::string(60, 'a') + "MIDDLE" + std::string(60, 'b');
  EXPECT_EQ(TruncateLikeLlm(text, 120, true, true),
            std::string(57, 'a') + "... " + std::string(57, 'b'));
}

TEST(LogsFormat, TruncateNormalizesWhitespace) {
  EXPECT_EQ(TruncateLikeLlm("a \n\t b", 120, true), "a b");
}

TEST(LogsFormat, TruncateCountsCharactersNotBytes) {
  std::string text;
  for (int i = 0; i < 101; ++i) text += "\u00e9";
  std::string expected;
  for (int i = 0; i < 97; ++i) expected += "\u00e9";
  EXPECT_EQ(TruncateLikeLlm(text), expected + "...");
}

TEST(LogsFormat, TokenUsageUsesThousandsSeparatorsAndPythonJson) {
  EXPECT_EQ(TokenUsageText(1234567, 56, {{"cached_tokens", 3}}),
            "1,234,567 input, 56 output, {\"cached_tokens\": 3}");
  EXPECT_EQ(TokenUsageText(std::nullopt, 5, nullptr), "5 output");
  EXPECT_EQ(TokenUsageText(std::nullopt, std::nullopt, nlohmann::json::object()), "");
}

TEST(LogsFormat, PythonJsonDumpsUsesSpacedSeparatorsAndAsciiEscapes) {
  nlohmann::json value = {{"audio", {1, "\u00e9"}}};
  EXPECT_EQ(PythonJsonDumps(value), "{\"audio\": [1, \"\\u00e9\"]}");
}

TEST(LogsFormat, HumanReadableSizeMatchesLlmStatus) {
  EXPECT_EQ(HumanReadableSize(0), "0B");
  EXPECT_EQ(HumanReadableSize(500), "500.00B");
  EXPECT_EQ(HumanReadableSize(1536), "1.50KB");
  EXPECT_EQ(HumanReadableSize(20929576), "19.96MB");
}

TEST(LogsFormat, MarkdownShowsOneResponseAsLlmDoes) {
  LogRecord r = MakeRecord("01id", "01cid", "Ten names", "Percy");
  EXPECT_EQ(RenderLogsMarkdown({r}, LogsDisplay{}),
            "# 2025-05-20T12:34:56    conversation: 01cid id: 01id\n"
            "\n"
            "Model: **gpt-4o-mini**\n"
            "\n"
            "## Prompt\n"
            "\n"
            "Ten names\n"
            "\n"
            "## Response\n"
            "\n"
            "Percy\n"
            "\n");
}

TEST(LogsFormat, MarkdownShowsResolvedModel) {
  LogRecord r = MakeRecord("01id", "01cid", "p", "r");
  r.resolved_model = "gpt-4o-mini-2024-07-18";
  EXPECT_NE(RenderLogsMarkdown({r}, LogsDisplay{})
                .find("Model: **gpt-4o-mini** (resolved: **gpt-4o-mini-2024-07-18**)\n"),
            std::string::npos);
}

TEST(LogsFormat, MarkdownMarksMissingPrompt) {
  LogRecord r = MakeRecord("01id", "01cid", "", "r");
  EXPECT_NE(RenderLogsMarkdown({r}, LogsDisplay{}).find("## Prompt\n\n-- none --\n"),
            std::string::npos);
}

TEST(LogsFormat, MarkdownShowsSystemOnlyWhenItChanges) {
  LogRecord a = MakeRecord("01a", "c", "p1", "r1");
  LogRecord b = MakeRecord("01b", "c", "p2", "r2");
  LogRecord c = MakeRecord("01c", "c", "p3", "r3");
  a.system = b.system = "be brief";
  c.system = "be verbose";
  std::string out = RenderLogsMarkdown({a, b, c}, LogsDisplay{});
  EXPECT_EQ(out.find("## System\n\nbe brief\n"), out.rfind("## System\n\nbe brief\n"));
  EXPECT_NE(out.find("## System\n\nbe verbose\n"), std::string::npos);
}

TEST(LogsFormat, MarkdownConversationModeNamesModelOnce) {
  LogRecord a = MakeRecord("01a", "c", "p1", "r1");
  LogRecord b = MakeRecord("01b", "c", "p2", "r2");
  LogsDisplay display;
  display.conversation_mode = true;
  std::string out = RenderLogsMarkdown({a, b}, display);
  EXPECT_NE(out.find("# 2025-05-20T12:34:56    conversation: c id: 01a\n"), std::string::npos);
  EXPECT_NE(out.find("\n# 2025-05-20T12:34:56\n\n## Prompt\n\np2\n"), std::string::npos);
  EXPECT_EQ(out.find("Model:"), out.rfind("Model:"));
}

TEST(LogsFormat, MarkdownUsageSection) {
  LogRecord r = MakeRecord("01id", "01cid", "p", "r");
  r.input_tokens = 1234;
  r.output_tokens = 56;
  LogsDisplay display;
  display.usage = true;
  std::string out = RenderLogsMarkdown({r}, display);
  EXPECT_EQ(out.substr(out.find("## Response")),
            "## Response\n\nr\n\n## Token usage\n\n1,234 input, 56 output\n\n");
}

TEST(LogsFormat, ShortSummaryWithUsage) {
  LogRecord r = MakeRecord("01id", "01jv7svferbzqwncebec8mnye2", "hi", "hello");
  r.system = "be\nbrief";
  r.input_tokens = 9;
  r.output_tokens = 13;
  EXPECT_EQ(RenderLogsShort({r}, /*usage=*/true),
            "- model: gpt-4o-mini\n"
            "  datetime: '2025-05-20T12:34:56'\n"
            "  conversation: 01jv7svferbzqwncebec8mnye2\n"
            "  system: be brief\n"
            "  prompt: hi\n"
            "  prompt_fragments: []\n"
            "  system_fragments: []\n"
            "  usage:\n"
            "    input: 9\n"
            "    output: 13\n");
}

TEST(LogsFormat, JsonHasLlmKeysInLlmOrder) {
  LogRecord r = MakeRecord("01id", "01cid", "hi", "hello");
  r.token_details = {{"cached_tokens", 3}};
  r.options_json = nlohmann::json::object();
  r.conversation_name = "hi";
  r.conversation_model = "gpt-4o-mini";
  auto parsed = nlohmann::ordered_json::parse(RenderLogsJson({r}, false));
  ASSERT_EQ(parsed.size(), 1u);
  std::vector<std::string> keys;
  for (const auto& [key, value] : parsed[0].items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"id",
                                            "model",
                                            "resolved_model",
                                            "prompt",
                                            "system",
                                            "prompt_json",
                                            "options_json",
                                            "response",
                                            "response_json",
                                            "conversation_id",
                                            "duration_ms",
                                            "datetime_utc",
                                            "input_tokens",
                                            "output_tokens",
                                            "token_details",
                                            "conversation_name",
                                            "conversation_model",
                                            "schema_json",
                                            "prompt_fragments",
                                            "system_fragments",
                                            "tools",
                                            "tool_calls",
                                            "tool_results",
                                            "attachments"}));
  EXPECT_EQ(parsed[0]["token_details"], "{\"cached_tokens\": 3}");
  EXPECT_TRUE(parsed[0]["system"].is_null());
  EXPECT_EQ(parsed[0]["options_json"], nlohmann::ordered_json::object());
}

TEST(LogsFormat, JsonIsIndentedAsciiArray) {
  LogRecord r = MakeRecord("01id", "01cid", "caf\u00e9", "r");
  std::string out = RenderLogsJson({r}, false);
  EXPECT_EQ(out.rfind("[\n  {\n    \"id\": \"01id\",\n", 0), 0u) << out;
  EXPECT_NE(out.find("\"prompt\": \"caf\\u00e9\""), std::string::npos);
  EXPECT_EQ(RenderLogsJson({}, false), "[]");
}

TEST(LogsFormat, JsonShowsANullPromptAsNullEvenTruncated) {
  LogRecord r = MakeRecord("01id", "01cid", "", "r");
  r.prompt_is_null = true;
  EXPECT_TRUE(nlohmann::ordered_json::parse(RenderLogsJson({r}, false))[0]["prompt"].is_null());
  EXPECT_TRUE(nlohmann::ordered_json::parse(RenderLogsJson({r}, true))[0]["prompt"].is_null());
  r.prompt_is_null = false;
  EXPECT_EQ(nlohmann::ordered_json::parse(RenderLogsJson({r}, false))[0]["prompt"], "");
}

TEST(LogsFormat, MarkdownAndShortTreatANullPromptAsNone) {
  LogRecord r = MakeRecord("01id", "01cid", "", "r");
  r.prompt_is_null = true;
  EXPECT_NE(RenderLogsMarkdown({r}, LogsDisplay{}).find("## Prompt\n\n-- none --\n"),
            std::string::npos);
  EXPECT_EQ(RenderLogsShort({r}, /*usage=*/false).find("prompt:"), std::string::npos);
}

TEST(LogsFormat, JsonReplacesInvalidUtf8InsteadOfFailing) {
  LogRecord r = MakeRecord("01id", "01cid", "bad \xff byte", "r");
  EXPECT_NE(RenderLogsJson({r}, false).find("\"prompt\": \"bad \\ufffd byte\""), std::string::npos);
}

TEST(LogsFormat, JsonTruncateDropsJsonColumnsThatAreSet) {
  LogRecord r = MakeRecord("01id", "01cid", std::string(150, 'p'), "r");
  r.options_json = {{"temperature", 0.5}};
  auto parsed = nlohmann::ordered_json::parse(RenderLogsJson({r}, true));
  EXPECT_FALSE(parsed[0].contains("options_json"));
  EXPECT_TRUE(parsed[0].contains("prompt_json"));  // null: kept
  EXPECT_EQ(parsed[0]["prompt"], std::string(97, 'p') + "...");
}

}  // namespace
}  // namespace llmbox
