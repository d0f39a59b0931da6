#include "llm/logs_yaml.h"

#include <gtest/gtest.h>

// Expected strings are PyYAML 6's yaml.dump(value, sort_keys=False).strip().
namespace llmbox {
namespace {

using Json = nlohmann::ordered_json;

std::string Dump(const std::string& json_text) {
  return DumpYamlLikePyYaml(Json::parse(json_text));
}

TEST(LogsYaml, WritesShortSummaryItem) {
  EXPECT_EQ(Dump(R"([{"model": "gpt-4o-mini", "datetime": "2025-05-20T12:34:56",
                     "conversation": "01jv7svferbzqwncebec8mnye2", "prompt": "hi",
                     "prompt_fragments": [], "system_fragments": []}])"),
            "- model: gpt-4o-mini\n"
            "  datetime: '2025-05-20T12:34:56'\n"
            "  conversation: 01jv7svferbzqwncebec8mnye2\n"
            "  prompt: hi\n"
            "  prompt_fragments: []\n"
            "  system_fragments: []");
}

TEST(LogsYaml, QuotesStringsThatWouldReadBackAsOtherTypes) {
  EXPECT_EQ(Dump(R"([{"prompt": "yes"}, {"prompt": "12"}, {"prompt": ""}])"),
            "- prompt: 'yes'\n- prompt: '12'\n- prompt: ''");
}

TEST(LogsYaml, QuotesIndicatorsButNotInnerApostrophes) {
  EXPECT_EQ(Dump(R"([{"prompt": "a: b"}, {"prompt": "it's"}, {"prompt": "'q'"}])"),
            "- prompt: 'a: b'\n- prompt: it's\n- prompt: '''q'''");
}

TEST(LogsYaml, EscapesNonAsciiInDoubleQuotes) {
  EXPECT_EQ(Dump(R"([{"prompt": "caf\u00e9 \u2026"}])"), "- prompt: \"caf\\xE9 \\u2026\"");
}

TEST(LogsYaml, FoldsLongPlainTextAfterColumnEighty) {
  std::string words;
  for (int i = 0; i < 25; ++i) words += (i ? " word" : "word") + std::to_string(i);
  EXPECT_EQ(
      DumpYamlLikePyYaml(Json::array({Json{{"prompt", words}}})),
      "- prompt: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11\n"
      "    word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23\n"
      "    word24");
}

TEST(LogsYaml, NestsMappingsAndWritesNull) {
  EXPECT_EQ(Dump(R"([{"usage": {"input": 9, "output": null, "details": {"cached_tokens": 3}}}])"),
            "- usage:\n    input: 9\n    output: null\n    details:\n      cached_tokens: 3");
}

TEST(LogsYaml, DoesNotIndentSequencesInsideMappings) {
  EXPECT_EQ(Dump(R"([{"k": ["a", "b"]}])"), "- k:\n  - a\n  - b");
}

TEST(LogsYaml, WritesFloatExponentWithDot) {
  EXPECT_EQ(Dump(R"([{"p": 1e-05}, {"p": 0.5}])"), "- p: 1.0e-05\n- p: 0.5");
}

TEST(LogsYaml, WritesEmptyListAsFlow) { EXPECT_EQ(Dump("[]"), "[]"); }

// `llm fragments list`: a str representer asking for "|" on multi-line text,
// width=sys.maxsize (expected: PyYAML 6 with those settings; a literal
// block keeps its final line break, which llm then strips).
std::string DumpLiteral(const std::string& text) {
  PyYamlStyle style;
  style.width = 1 << 30;
  style.literal_multiline = true;
  return DumpYamlLikePyYaml(Json::array({Json{{"content", text}}}), style);
}

TEST(LogsYaml, LiteralBlockChompsByTheTrailingLineBreaks) {
  EXPECT_EQ(DumpLiteral("a\nb"), "- content: |-\n    a\n    b\n");
  EXPECT_EQ(DumpLiteral("a\nb\n"), "- content: |\n    a\n    b\n");
  EXPECT_EQ(DumpLiteral("a\n\nb\n\n"), "- content: |+\n    a\n\n    b\n\n...\n");
}

TEST(LogsYaml, LiteralBlockGetsAnIndentHintForLeadingSpaceOrBreak) {
  EXPECT_EQ(DumpLiteral(" lead\nx"), "- content: |2-\n     lead\n    x\n");
  EXPECT_EQ(DumpLiteral("\nfirst"), "- content: |2-\n\n    first\n");
}

TEST(LogsYaml, LiteralBlockRefusedForLineEndSpacesTabsAndNonAscii) {
  EXPECT_EQ(DumpLiteral("tail \nx"), "- content: \"tail \\nx\"");
  EXPECT_EQ(DumpLiteral("tab\t\nx"), "- content: \"tab\\t\\nx\"");
  EXPECT_EQ(DumpLiteral("caf\xC3\xA9\nx"), "- content: \"caf\\xE9\\nx\"");
}

TEST(LogsYaml, NoFoldingAtAHugeWidth) {
  const std::string words(200, 'w');
  EXPECT_EQ(DumpLiteral(words + " " + words), "- content: " + words + " " + words);
}

}  // namespace
}  // namespace llmbox
