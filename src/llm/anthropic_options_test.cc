#include "llm/anthropic_options.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

using nlohmann::json;

json Parse(const std::vector<std::pair<std::string, std::string>>& raw) {
  auto r = ParseAnthropicOptions(raw);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : json();
}

Error ParseError(const std::vector<std::pair<std::string, std::string>>& raw) {
  auto r = ParseAnthropicOptions(raw);
  EXPECT_FALSE(r);
  return r ? Error{} : r.error();
}

TEST(AnthropicOptions, TypesValues) {
  EXPECT_EQ(Parse({{"max_tokens", "100"},
                   {"temperature", "0.5"},
                   {"top_k", "3"},
                   {"user_id", "me"},
                   {"hide_prefill", "yes"},
                   {"thinking", "1"},
                   {"thinking_budget", "2048"},
                   {"thinking_effort", "High"}}),
            json({{"max_tokens", 100},
                  {"temperature", 0.5},
                  {"top_k", 3},
                  {"user_id", "me"},
                  {"hide_prefill", true},
                  {"thinking", true},
                  {"thinking_budget", 2048},
                  {"thinking_effort", "high"}}));
}

TEST(AnthropicOptions, StopSequencesTakeJsonListOrOneString) {
  EXPECT_EQ(Parse({{"stop_sequences", R"(["a", "b"])"}})["stop_sequences"], json({"a", "b"}));
  EXPECT_EQ(Parse({{"stop_sequences", "beak"}})["stop_sequences"], json({"beak"}));
  EXPECT_EQ(ParseError({{"stop_sequences", "[1]"}}).kind, ErrorKind::kUsage);
  EXPECT_EQ(ParseError({{"stop_sequences", "5"}}).kind, ErrorKind::kUsage);
}

TEST(AnthropicOptions, RefusesOutOfRangeValues) {
  EXPECT_EQ(ParseError({{"temperature", "1.5"}}).message,
            "option 'temperature' must be a number from 0 to 1, not '1.5'");
  EXPECT_EQ(ParseError({{"top_k", "0"}}).kind, ErrorKind::kUsage);
  EXPECT_EQ(ParseError({{"max_tokens", "many"}}).kind, ErrorKind::kUsage);
  EXPECT_EQ(ParseError({{"thinking_effort", "huge"}}).kind, ErrorKind::kUsage);
  EXPECT_EQ(ParseError({{"thinking", "maybe"}}).kind, ErrorKind::kUsage);
}

TEST(AnthropicOptions, EachKindOfValueNamesWhatItMustBe) {
  EXPECT_EQ(ParseError({{"max_tokens", "0"}}).message,
            "option 'max_tokens' must be a positive integer, not '0'");
  EXPECT_EQ(ParseError({{"top_p", "-0.1"}}).message,
            "option 'top_p' must be a number from 0 to 1, not '-0.1'");
  EXPECT_EQ(ParseError({{"cache", "maybe"}}).message,
            "option 'cache' must be true or false, not 'maybe'");
  EXPECT_EQ(ParseError({{"thinking_effort", "huge"}}).message,
            "option 'thinking_effort' must be one of low, medium, high, xhigh, max, not 'huge'");
  EXPECT_EQ(ParseError({{"stop_sequences", "{}"}}).message,
            "option 'stop_sequences' must be a list of strings or a single string, not '{}'");
}

TEST(AnthropicOptions, BooleansTakePydanticSpellings) {
  EXPECT_EQ(Parse({{"fast", " On "}, {"cache", "F"}}), json({{"fast", true}, {"cache", false}}));
}

TEST(AnthropicOptions, RefusesTemperatureWithTopP) {
  EXPECT_EQ(ParseError({{"temperature", "0.5"}, {"top_p", "0.5"}}).message,
            "only one of temperature and top_p can be set");
}

TEST(AnthropicOptions, RefusesUnknownKeys) {
  Error e = ParseError({{"frequency_penalty", "1"}});
  EXPECT_EQ(e.kind, ErrorKind::kUsage);
  EXPECT_NE(e.message.find("unknown option 'frequency_penalty'"), std::string::npos);
  EXPECT_NE(e.message.find("thinking_budget"), std::string::npos);
}

TEST(AnthropicOptions, SpecsNameEveryOptionInOrder) {
  const auto specs = AnthropicOptionSpecs();
  ASSERT_EQ(specs.size(), 13u);
  EXPECT_EQ(specs.front().name, "max_tokens");
  EXPECT_EQ(specs[7].type, "array, str");
  for (const ChatOptionSpec& spec : specs) {
    auto r = ParseAnthropicOptions({{std::string(spec.name), "x"}});
    if (!r) {
      EXPECT_EQ(r.error().message.find("unknown option"), std::string::npos) << spec.name;
    }
  }
}

}  // namespace
}  // namespace llmbox
