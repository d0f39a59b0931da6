#include "llm/template_render.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

const std::string kOrigin = "template t (/cfg/templates/t.yaml)";

Result<std::string> Render(const std::string& text, const TemplateParams& params) {
  return Interpolate(TemplateText{text, "prompt", 3}, params, kOrigin);
}

TEST(TemplateRender, ReplacesDollarName) {
  auto r = Render("Summarize: $input!", {{"input", "the text"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "Summarize: the text!");
}

TEST(TemplateRender, ReplacesBracedName) {
  auto r = Render("${lang}ish and $lang", {{"lang", "Engl"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "English and Engl");
}

TEST(TemplateRender, DoubleDollarIsLiteralDollar) {
  auto r = Render("cost in $$ of $$input: $input", {{"input", "x"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "cost in $ of $input: x");
}

TEST(TemplateRender, NameEndsAtFirstNonIdentifierCharacter) {
  auto r = Render("$a-b $a_b $a1.", {{"a", "A"}, {"a_b", "AB"}, {"a1", "A1"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "A-b AB A1.");
}

TEST(TemplateRender, ValuesAreNotReinterpreted) {
  auto r = Render("$x", {{"x", "$y ${z} $$"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "$y ${z} $$");
}

TEST(TemplateRender, MissingVariablesAreNamedWithTemplateAndLine) {
  auto r = Render("$voice says ${tone} $voice", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kConfig);
  const std::string& m = r.error().message;
  EXPECT_NE(m.find("Missing variables: voice, tone"), std::string::npos) << m;
  EXPECT_NE(m.find("/cfg/templates/t.yaml"), std::string::npos) << m;
  EXPECT_NE(m.find("line 3"), std::string::npos) << m;
  EXPECT_NE(m.find("-p voice"), std::string::npos) << m;
}

TEST(TemplateRender, LoneDollarIsInvalidPlaceholderWithPosition) {
  auto r = Render("line one\ncosts $5", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("invalid placeholder"), std::string::npos);
  EXPECT_NE(r.error().message.find("line 2, col 7"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("$$"), std::string::npos);
}

TEST(TemplateRender, TrailingDollarAndUnclosedBraceAreInvalid) {
  EXPECT_FALSE(Render("end $", {}).ok());
  EXPECT_FALSE(Render("${name", {{"name", "x"}}).ok());
  EXPECT_FALSE(Render("${1x}", {}).ok());
}

TEST(TemplateRender, VarsListsNamedAndBracedButNotEscaped) {
  EXPECT_EQ(TemplateVars("$a ${b} $$c $a"), (std::set<std::string>{"a", "b"}));
  EXPECT_TRUE(TemplateVars("no variables, $$ only").empty());
}

TEST(TemplateRender, TextWithoutPlaceholdersIsUnchanged) {
  auto r = Render("plain text\nwith lines", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "plain text\nwith lines");
}

}  // namespace
}  // namespace llmbox
