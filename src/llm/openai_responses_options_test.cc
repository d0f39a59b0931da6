#include "llm/openai_responses_options.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

using nlohmann::json;

TEST(ResponsesOptions, TypesReasoningAndSharedOptions) {
  auto r = ParseResponsesOptions({{"reasoning_effort", "High"},
                                  {"verbosity", "low"},
                                  {"reasoning_summary", "auto"},
                                  {"image_detail", "original"},
                                  {"store", "yes"},
                                  {"max_tokens", "200"},
                                  {"temperature", "0.2"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, json::parse(R"({"reasoning_effort":"high","verbosity":"low",
      "reasoning_summary":"auto","image_detail":"original","store":true,"max_tokens":200,
      "temperature":0.2})"));
}

TEST(ResponsesOptions, RejectsValueOutsideTheChoices) {
  auto r = ParseResponsesOptions({{"reasoning_effort", "extreme"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
  EXPECT_NE(r.error().message.find("minimal"), std::string::npos);
}

TEST(ResponsesOptions, RejectsUnknownOptionListingKnownOnes) {
  auto r = ParseResponsesOptions({{"thinking", "1"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("reasoning_effort"), std::string::npos);
  EXPECT_NE(r.error().message.find("temperature"), std::string::npos);
}

TEST(ResponsesOptions, ChecksSharedOptionsTheChatWay) {
  EXPECT_FALSE(ParseResponsesOptions({{"temperature", "3"}}).ok());
}

TEST(ResponsesOptions, ListsChatOptionsThenResponsesOnes) {
  auto specs = ResponsesOptionSpecs();
  ASSERT_GT(specs.size(), 5u);
  EXPECT_EQ(specs.front().name, "temperature");
  bool found = false;
  for (const auto& s : specs) found = found || s.name == "reasoning_effort";
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace llmbox
