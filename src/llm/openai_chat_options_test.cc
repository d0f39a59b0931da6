#include "llm/openai_chat_options.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

using nlohmann::json;

Result<json> Parse(std::vector<std::pair<std::string, std::string>> raw) {
  return ParseChatOptions(raw);
}

TEST(ChatOptions, ReturnsEmptyObjectForNoOptions) {
  auto r = Parse({});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, json::object());
}

TEST(ChatOptions, TypesEachKnownOption) {
  auto r = Parse({{"temperature", "0.5"},
                  {"max_tokens", "100"},
                  {"top_p", "1"},
                  {"frequency_penalty", "-1.5"},
                  {"presence_penalty", "2"},
                  {"stop", "END"},
                  {"seed", "42"},
                  {"json_object", "true"},
                  {"logit_bias", R"({"50256": -100})"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, json::parse(R"({"temperature": 0.5, "max_tokens": 100, "top_p": 1.0,
      "frequency_penalty": -1.5, "presence_penalty": 2.0, "stop": "END", "seed": 42,
      "json_object": true, "logit_bias": {"50256": -100}})"));
  EXPECT_TRUE((*r)["max_tokens"].is_number_integer());
  EXPECT_TRUE((*r)["top_p"].is_number_float());
}

TEST(ChatOptions, RejectsUnknownOptionListingKnownOnes) {
  auto r = Parse({{"foo", "1"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
  EXPECT_EQ(r.error().message,
            "unknown option 'foo' for this model; known: temperature, max_tokens, top_p, "
            "frequency_penalty, presence_penalty, stop, logit_bias, seed, json_object");
}

TEST(ChatOptions, RejectsTemperatureOutOfRange) {
  auto r = Parse({{"temperature", "2.5"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
  EXPECT_EQ(r.error().message, "option 'temperature' must be a number from 0 to 2, not '2.5'");
}

TEST(ChatOptions, RejectsNonNumericFloat) {
  EXPECT_FALSE(Parse({{"top_p", "high"}}).ok());
  EXPECT_FALSE(Parse({{"top_p", "nan"}}).ok());
  EXPECT_FALSE(Parse({{"top_p", ""}}).ok());
}

TEST(ChatOptions, RejectsPenaltyOutsideMinusTwoToTwo) {
  EXPECT_FALSE(Parse({{"presence_penalty", "-2.01"}}).ok());
  EXPECT_TRUE(Parse({{"presence_penalty", "-2"}}).ok());
}

TEST(ChatOptions, RejectsFractionalInteger) {
  auto r = Parse({{"max_tokens", "1.5"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("an integer"), std::string::npos);
}

TEST(ChatOptions, AcceptsPydanticBooleanSpellings) {
  for (const char* yes : {"true", "True", "1", "yes", "on"}) {
    auto r = Parse({{"json_object", yes}});
    ASSERT_TRUE(r.ok()) << yes;
    EXPECT_EQ((*r)["json_object"], true);
  }
  for (const char* no : {"false", "0", "no", "off"}) {
    auto r = Parse({{"json_object", no}});
    ASSERT_TRUE(r.ok()) << no;
    EXPECT_EQ((*r)["json_object"], false);
  }
  EXPECT_FALSE(Parse({{"json_object", "maybe"}}).ok());
}

TEST(ChatOptions, NormalisesLogitBiasKeysAndValues) {
  auto r = Parse({{"logit_bias", R"({"007": "5", "12": 3.9})"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)["logit_bias"], json::parse(R"({"7": 5, "12": 3})"));
}

TEST(ChatOptions, RejectsLogitBiasOutOfRangeOrMalformed) {
  EXPECT_FALSE(Parse({{"logit_bias", R"({"1": 101})"}}).ok());
  EXPECT_FALSE(Parse({{"logit_bias", R"({"abc": 1})"}}).ok());
  EXPECT_FALSE(Parse({{"logit_bias", "not json"}}).ok());
  EXPECT_FALSE(Parse({{"logit_bias", "[1, 2]"}}).ok());
}

TEST(ChatOptions, LaterDuplicateWins) {
  auto r = Parse({{"seed", "1"}, {"seed", "2"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["seed"], 2);
}

TEST(ChatOptions, QuotesBadValueAsOnePrintableLine) {
  auto r = Parse({{"seed", "1\n\x1b[31mred"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
}

TEST(ChatOptions, ListsSpecsInLlmOrder) {
  auto specs = ChatOptionSpecs();
  ASSERT_EQ(specs.size(), 9u);
  EXPECT_EQ(specs.front().name, "temperature");
  EXPECT_EQ(specs.back().name, "json_object");
}

TEST(PydanticBool, KnowsBothSetsOfSpellingsAndNothingElse) {
  for (const char* yes : {"1", "true", "t", "yes", "y", "on"}) EXPECT_EQ(PydanticBool(yes), true);
  for (const char* no : {"0", "false", "f", "no", "n", "off"}) EXPECT_EQ(PydanticBool(no), false);
  for (const char* other : {"", "2", "True", " on", "enabled"}) {
    EXPECT_EQ(PydanticBool(other), std::nullopt) << other;
  }
}

}  // namespace
}  // namespace llmbox
