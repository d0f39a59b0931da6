#include "llm/model_info.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

ModelInfo Make(std::string id, std::vector<std::string> aliases) {
  ModelInfo m;
  m.model_id = id;
  m.model_name = id;
  m.aliases = std::move(aliases);
  return m;
}

TEST(ModelInfo, DefaultsAreAnOpenAiChatModelUsingTheOpenAiKey) {
  ModelInfo m;
  EXPECT_EQ(m.provider, "OpenAI Chat");
  EXPECT_EQ(m.key_name, "openai");
  EXPECT_EQ(m.key_env, "OPENAI_API_KEY");
  EXPECT_TRUE(m.can_stream);
}

TEST(ModelInfo, ListLineWithoutAliases) {
  EXPECT_EQ(ModelListLine(Make("gpt-4-1106-preview", {})), "OpenAI Chat: gpt-4-1106-preview");
}

TEST(ModelInfo, ListLineJoinsAliasesLikeLlm) {
  EXPECT_EQ(ModelListLine(Make("gpt-4-turbo", {"gpt-4-turbo-preview", "4-turbo", "4t"})),
            "OpenAI Chat: gpt-4-turbo (aliases: gpt-4-turbo-preview, 4-turbo, 4t)");
}

TEST(ModelInfo, ListLineUsesTheProviderLabel) {
  ModelInfo m = Make("o3", {});
  m.provider = std::string(kOpenAiResponses);
  EXPECT_EQ(ModelListLine(m), "OpenAI Responses: o3");
}

TEST(ModelInfo, QueryMatchesIdCaseInsensitively) {
  EXPECT_TRUE(ModelMatchesQuery(Make("gpt-4o-mini", {}), "GPT-4O"));
}

TEST(ModelInfo, QueryMatchesAnAlias) {
  EXPECT_TRUE(ModelMatchesQuery(Make("gpt-4-turbo", {"4t"}), "4t"));
}

TEST(ModelInfo, QueryMatchesTheProviderLabel) {
  EXPECT_TRUE(ModelMatchesQuery(Make("gpt-4", {}), "openai chat"));
}

TEST(ModelInfo, QueryThatOccursNowhereDoesNotMatch) {
  EXPECT_FALSE(ModelMatchesQuery(Make("gpt-4", {"4"}), "claude"));
}

}  // namespace
}  // namespace llmbox
