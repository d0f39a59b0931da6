#include "llm/builtin_models.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace llmbox {
namespace {

const ModelInfo* Find(const std::vector<ModelInfo>& models, const std::string& id) {
  auto it = std::find_if(models.begin(), models.end(),
                         [&](const ModelInfo& m) { return m.model_id == id; });
  return it == models.end() ? nullptr : &*it;
}

TEST(BuiltinModels, ListsLlmsOpenAiModelsWithTheirAliases) {
  auto models = BuiltinModels();
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"gpt-4o", {"4o"}},
      {"chatgpt-4o-latest", {"chatgpt-4o"}},
      {"gpt-4o-mini", {"4o-mini"}},
      {"gpt-4o-audio-preview", {}},
      {"gpt-4.1", {"4.1"}},
      {"gpt-4.1-mini", {"4.1-mini"}},
      {"gpt-4.1-nano", {"4.1-nano"}},
      {"gpt-3.5-turbo", {"3.5", "chatgpt"}},
      {"gpt-3.5-turbo-16k", {"chatgpt-16k", "3.5-16k"}},
      {"gpt-4", {"4", "gpt4"}},
      {"gpt-4-32k", {"4-32k"}},
      {"gpt-4-1106-preview", {}},
      {"gpt-4-0125-preview", {}},
      {"gpt-4-turbo-2024-04-09", {}},
      {"gpt-4-turbo", {"gpt-4-turbo-preview", "4-turbo", "4t"}},
      {"gpt-4.5-preview", {"gpt-4.5"}},
      {"o1", {}},
      {"o1-2024-12-17", {}},
      {"o1-preview", {}},
      {"o1-mini", {}},
      {"o3-mini", {}},
      {"o3", {}},
      {"o4-mini", {}},
      {"gpt-5", {}},
      {"gpt-5-mini", {}},
      {"gpt-5-nano", {}},
  };
  for (const auto& [id, aliases] : expected) {
    const ModelInfo* m = Find(models, id);
    ASSERT_NE(m, nullptr) << id;
    EXPECT_EQ(m->aliases, aliases) << id;
  }
}

TEST(BuiltinModels, StartWithGpt4oLikeLlmsListing) {
  EXPECT_EQ(BuiltinModels().front().model_id, "gpt-4o");
}

TEST(BuiltinModels, IdsAndAliasesAreUnique) {
  std::set<std::string> names;
  for (const ModelInfo& m : BuiltinModels()) {
    EXPECT_TRUE(names.insert(m.model_id).second) << m.model_id;
    for (const std::string& a : m.aliases) EXPECT_TRUE(names.insert(a).second) << a;
  }
}

TEST(BuiltinModels, SendTheirIdAsTheApiModelNameWithTheOpenAiKey) {
  for (const ModelInfo& m : BuiltinModels()) {
    if (m.provider == kAnthropicMessages) continue;
    EXPECT_EQ(m.model_name, m.model_id);
    EXPECT_EQ(m.key_name, "openai");
    EXPECT_EQ(m.key_env, "OPENAI_API_KEY");
    EXPECT_TRUE(m.api_base.empty());
  }
}

TEST(BuiltinModels, ReasoningModelsAreLabelledOpenAiResponses) {
  auto models = BuiltinModels();
  EXPECT_EQ(Find(models, "o3")->provider, "OpenAI Responses");
  EXPECT_EQ(Find(models, "gpt-5")->provider, "OpenAI Responses");
  EXPECT_EQ(Find(models, "gpt-4o")->provider, "OpenAI Chat");
  EXPECT_EQ(Find(models, "o1-mini")->provider, "OpenAI Chat");
}

TEST(BuiltinModels, ListsLlmAnthropicModelsAfterOpenAiOnes) {
  auto models = BuiltinModels();
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"anthropic/claude-3-opus-20240229", {}},
      {"anthropic/claude-3-5-sonnet-latest", {"claude-3.5-sonnet", "claude-3.5-sonnet-latest"}},
      {"anthropic/claude-3-5-haiku-latest", {"claude-3.5-haiku"}},
      {"anthropic/claude-3-7-sonnet-latest", {"claude-3.7-sonnet", "claude-3.7-sonnet-latest"}},
      {"anthropic/claude-sonnet-4-0", {"claude-4-sonnet"}},
      {"anthropic/claude-opus-4-1-20250805", {"claude-opus-4.1"}},
      {"anthropic/claude-sonnet-4-5", {"claude-sonnet-4.5"}},
      {"anthropic/claude-haiku-4-5-20251001", {"claude-haiku-4.5"}},
      {"anthropic/claude-opus-4-5-20251101", {"claude-opus-4.5"}},
  };
  for (const auto& [id, aliases] : expected) {
    const ModelInfo* m = Find(models, id);
    ASSERT_NE(m, nullptr) << id;
    EXPECT_EQ(m->aliases, aliases) << id;
    EXPECT_EQ(m->provider, "Anthropic Messages");
    EXPECT_EQ(m->model_name, id.substr(std::string("anthropic/").size()));
    EXPECT_EQ(m->key_name, "anthropic");
    EXPECT_EQ(m->key_env, "ANTHROPIC_API_KEY");
  }
  EXPECT_EQ(ModelListLine(*Find(models, "anthropic/claude-sonnet-4-5")),
            "Anthropic Messages: anthropic/claude-sonnet-4-5 (aliases: claude-sonnet-4.5)");
  EXPECT_EQ(models.back().provider, "Anthropic Messages");
}

TEST(BuiltinModels, ClaudeModelsTakeImagesAndPdfWhereLlmAnthropicSays) {
  auto models = BuiltinModels();
  const std::vector<std::string> images = {"image/png", "image/jpeg", "image/webp", "image/gif"};
  std::vector<std::string> with_pdf = images;
  with_pdf.emplace_back("application/pdf");
  EXPECT_EQ(Find(models, "anthropic/claude-sonnet-4-5")->attachment_types, with_pdf);
  EXPECT_EQ(Find(models, "anthropic/claude-haiku-4-5-20251001")->attachment_types, with_pdf);
  EXPECT_EQ(Find(models, "anthropic/claude-3-opus-20240229")->attachment_types, images);
}

TEST(BuiltinModels, O1CannotStream) {
  auto models = BuiltinModels();
  EXPECT_FALSE(Find(models, "o1")->can_stream);
  EXPECT_TRUE(Find(models, "gpt-4o-mini")->can_stream);
}

}  // namespace
}  // namespace llmbox
