#include "llm/logs_yaml_scalar.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

YamlScalarStyle StyleOf(const std::string& s) {
  return ChooseYamlScalarStyle(s, DecodeUtf8Replacing(s));
}

TEST(YamlScalar, PlainUnlessItWouldReadBackAsAnotherTypeOrStartsWithAnIndicator) {
  EXPECT_EQ(StyleOf("hello world"), YamlScalarStyle::kPlain);
  EXPECT_EQ(StyleOf("yes"), YamlScalarStyle::kSingle);
  EXPECT_EQ(StyleOf("12"), YamlScalarStyle::kSingle);
  EXPECT_EQ(StyleOf(""), YamlScalarStyle::kSingle);
  EXPECT_EQ(StyleOf("a: b"), YamlScalarStyle::kSingle);
  EXPECT_EQ(StyleOf("- item"), YamlScalarStyle::kSingle);
  EXPECT_EQ(StyleOf(" padded"), YamlScalarStyle::kSingle);
}

TEST(YamlScalar, AnythingBeyondPrintableAsciiIsDoubleQuoted) {
  EXPECT_EQ(StyleOf("caf\xc3\xa9"), YamlScalarStyle::kDouble);
  EXPECT_EQ(StyleOf("two\nlines"), YamlScalarStyle::kDouble);
}

TEST(YamlScalar, EscapesAsPyYamlWritesThem) {
  EXPECT_EQ(YamlEscape(U'\n'), "\\n");
  EXPECT_EQ(YamlEscape(0x1B), "\\e");
  EXPECT_EQ(YamlEscape(0xE9), "\\xE9");
  EXPECT_EQ(YamlEscape(0x2026), "\\u2026");
  EXPECT_EQ(YamlEscape(0x1F600), "\\U0001F600");
}

TEST(YamlScalar, MalformedUtf8DecodesToReplacementCharacters) {
  EXPECT_EQ(DecodeUtf8Replacing("a\xff"
                                "b"),
            std::u32string(U"a\uFFFDb"));
  EXPECT_EQ(DecodeUtf8Replacing("\xc3"), std::u32string(U"\uFFFD"));
}

TEST(YamlScalar, NonStringsAsPyYamlRepresentsThem) {
  EXPECT_EQ(YamlNonStringText(nullptr), "null");
  EXPECT_EQ(YamlNonStringText(true), "true");
  EXPECT_EQ(YamlNonStringText(42), "42");
  EXPECT_EQ(YamlNonStringText(1e-05), "1.0e-05");
}

}  // namespace
}  // namespace llmbox
