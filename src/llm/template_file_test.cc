#include "llm/template_file.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

Result<Template> Parse(const std::string& yaml) { return ParseTemplate(yaml, "t", "/x/t.yaml"); }

TEST(TemplateFile, ParsesEveryKnownKey) {
  auto t = Parse(
      "model: gpt-4o-mini\n"
      "system: Be $tone\n"
      "prompt: |\n  Summarize: $input\n"
      "defaults:\n  tone: brief\n  n: 3\n  flag: yes\n"
      "options:\n  temperature: 0.5\n  max_tokens: 10\n"
      "extract: true\n"
      "extract_last: false\n"
      "schema_object:\n  type: object\n  properties:\n    name: {type: string}\n");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->model, "gpt-4o-mini");
  ASSERT_TRUE(t->system && t->prompt);
  EXPECT_EQ(t->system->text, "Be $tone");
  EXPECT_EQ(t->system->line, 2);
  EXPECT_EQ(t->prompt->text, "Summarize: $input\n");
  EXPECT_EQ(t->defaults["tone"], "brief");
  EXPECT_EQ(t->defaults["n"], 3);
  EXPECT_EQ(t->defaults["flag"], true);
  EXPECT_EQ(t->options["temperature"], 0.5);
  EXPECT_EQ(t->options["max_tokens"], 10);
  EXPECT_TRUE(t->extract);
  EXPECT_FALSE(t->extract_last);
  EXPECT_EQ(t->schema_object["properties"]["name"]["type"], "string");
}

TEST(TemplateFile, PlainStringFileIsThePrompt) {
  auto t = Parse("Summarize this -\n  $input\n");
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_TRUE(t->prompt.has_value());
  EXPECT_EQ(t->prompt->text, "Summarize this - $input");
  EXPECT_FALSE(t->system.has_value());
}

TEST(TemplateFile, UnknownKeyNamesFileAndLine) {
  auto t = Parse("prompt: hi\nsystem: x\npromt: typo\n");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, ErrorKind::kParse);
  EXPECT_NE(t.error().message.find("/x/t.yaml:3:"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("unknown key 'promt'"), std::string::npos);
}

TEST(TemplateFile, ToolsFunctionsFragmentsAreParsed) {
  auto t = Parse(
      "tools: [llm_time]\nfunctions: 'def f(): pass'\nfragments: [a]\nsystem_fragments: [b]\n");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->tools, std::vector<std::string>{"llm_time"});
  EXPECT_EQ(t->functions, "def f(): pass");
  EXPECT_EQ(t->fragments, std::vector<std::string>{"a"});
  EXPECT_EQ(t->system_fragments, std::vector<std::string>{"b"});
}

TEST(TemplateFile, NameKeyIsIgnoredAsLlmDoes) {
  auto t = Parse("name: other\nprompt: hi\n");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->name, "t");
}

TEST(TemplateFile, WrongTypesAreErrorsWithLine) {
  auto t = Parse("prompt: hi\ndefaults: [a, b]\n");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find(":2:"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("'defaults' must be a mapping"), std::string::npos);
  EXPECT_FALSE(Parse("prompt: [a]\n").ok());
  EXPECT_FALSE(Parse("extract: maybe\n").ok());
  EXPECT_FALSE(Parse("tools: llm_time\n").ok());
}

TEST(TemplateFile, InvalidYamlIsErrorWithLine) {
  auto t = Parse("prompt: hi\nsystem: [unclosed\n");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("invalid YAML"), std::string::npos) << t.error().message;
}

TEST(TemplateFile, ListAndEmptyDocumentAreRefused) {
  EXPECT_FALSE(Parse("- a\n- b\n").ok());
  EXPECT_FALSE(Parse("").ok());
}

TEST(TemplateFile, InvalidUtf8IsRefusedWithLine) {
  auto t = Parse("prompt: ok\nsystem: caf\xe9\n");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("not valid UTF-8"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("line 2"), std::string::npos) << t.error().message;
}

TEST(TemplateFile, EscapesDecodingToInvalidUtf8AreRefused) {
  for (const std::string yaml :
       {"system: \"a\\Nb\"\n", "defaults:\n  v: \"\\_\"\n", "tools: [\"x\\N\"]\n", "\"\\N\"\n"}) {
    auto t = Parse(yaml);
    ASSERT_FALSE(t.ok()) << yaml;
    EXPECT_NE(t.error().message.find("not valid UTF-8"), std::string::npos) << t.error().message;
  }
}

TEST(TemplateFile, UnknownKeyWithEscapesIsShownHarmlessly) {
  auto t = Parse("\"\\e[2J\": x\n");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message.find('\x1b'), std::string::npos) << t.error().message;
}

TEST(TemplateFile, ControlCharactersAreRefused) {
  auto t = Parse("prompt: \x1b[2Jclear\n");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("control character"), std::string::npos);
}

TEST(TemplateFile, TooLargeIsRefused) {
  std::string big = "prompt: " + std::string(kMaxTemplateBytes, 'a') + "\n";
  auto t = Parse(big);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("1 MiB"), std::string::npos);
}

TEST(TemplateFile, AliasBombIsRefusedQuickly) {
  std::string yaml = "prompt: hi\ndefaults:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; ++i) {
    yaml += "  a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) yaml += std::string(j ? ", " : "") + "*a" + std::to_string(i - 1);
    yaml += "]\n";
  }
  auto t = Parse(yaml);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("too many values"), std::string::npos) << t.error().message;
}

TEST(TemplateFile, DeepNestingIsRefused) {
  std::string yaml = "schema_object: " + std::string(200, '[') + std::string(200, ']') + "\n";
  EXPECT_FALSE(Parse(yaml).ok());
  std::string deeper = "schema_object: " + std::string(100000, '[') + "\n";
  EXPECT_FALSE(Parse(deeper).ok());
}

TEST(TemplateFile, QuotedScalarsStayStrings) {
  auto t = Parse("defaults:\n  a: '3'\n  b: \"true\"\n  c: 3.5\n  d: ~\n");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->defaults["a"], "3");
  EXPECT_EQ(t->defaults["b"], "true");
  EXPECT_EQ(t->defaults["c"], 3.5);
  EXPECT_TRUE(t->defaults["d"].is_null());
}

TEST(TemplateFile, ParamTextRendersAsPythonStr) {
  EXPECT_EQ(ParamText(true), "True");
  EXPECT_EQ(ParamText(nullptr), "None");
  EXPECT_EQ(ParamText(3), "3");
  EXPECT_EQ(ParamText("x"), "x");
}

TEST(TemplateFile, SaveLayoutRoundTrips) {
  Template t;
  t.name = "rt";
  t.model = "gpt-4o-mini";
  t.prompt = TemplateText{"Line one: $input\n  indented\nlast", "prompt", 0};
  t.system = TemplateText{"true", "system", 0};
  t.defaults = {{"n", "007"}, {"flag", "yes"}, {"empty", ""}};
  t.options = {{"temperature", 0.5}, {"stop", "null"}};
  t.extract_last = true;
  t.schema_object = {{"type", "object"}};
  const std::string yaml = TemplateToYaml(t, YamlLayout::kSave);
  auto back = ParseTemplate(yaml, "rt", "/x/rt.yaml");
  ASSERT_TRUE(back.ok()) << back.error().message << "\n" << yaml;
  EXPECT_EQ(back->model, t.model);
  EXPECT_EQ(back->prompt->text, t.prompt->text) << yaml;
  EXPECT_EQ(back->system->text, "true");
  EXPECT_EQ(back->defaults, t.defaults) << yaml;
  EXPECT_EQ(back->options, t.options) << yaml;
  EXPECT_TRUE(back->extract_last);
  EXPECT_FALSE(back->extract);
  EXPECT_EQ(back->schema_object, t.schema_object);
  EXPECT_EQ(yaml.find("name:"), std::string::npos);
}

TEST(TemplateFile, MultilineTextWithAwkwardWhitespaceRoundTrips) {
  for (const std::string text : {"\n lead", "trail \nx", "a\n\n\n", "x\n", " both \n ends ",
                                 "\ttab\nx", "cr\r\r", "a\rb", " lead", "trail "}) {
    Template t;
    t.name = "w";
    t.prompt = TemplateText{text, "prompt", 0};
    const std::string yaml = TemplateToYaml(t, YamlLayout::kSave);
    auto back = ParseTemplate(yaml, "w", "/x/w.yaml");
    ASSERT_TRUE(back.ok()) << back.error().message << "\n" << yaml;
    EXPECT_EQ(back->prompt->text, text) << yaml;
  }
}

TEST(TemplateFile, ShowLayoutHasNameAndSortedKeys) {
  Template t;
  t.name = "s";
  t.system = TemplateText{"sys", "system", 0};
  t.model = "m";
  const std::string yaml = TemplateToYaml(t, YamlLayout::kShow);
  EXPECT_LT(yaml.find("model:"), yaml.find("name:"));
  EXPECT_LT(yaml.find("name:"), yaml.find("system:"));
}

}  // namespace
}  // namespace llmbox
