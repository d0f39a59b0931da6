#include "llm/extra_models.h"

#include <gtest/gtest.h>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

constexpr char kSource[] = "/cfg/extra-openai-models.yaml";

Result<std::vector<ModelInfo>> Parse(const std::string& yaml) {
  return ParseExtraModels(yaml, kSource);
}

TEST(ExtraModels, MinimalEntryUsesIdAsApiNameAndOpenAiKey) {
  auto r = Parse("- model_id: gpt-3.5-turbo-0613\n  aliases: [\"0613\"]\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  const ModelInfo& m = r->front();
  EXPECT_EQ(m.model_id, "gpt-3.5-turbo-0613");
  EXPECT_EQ(m.model_name, "gpt-3.5-turbo-0613");
  EXPECT_EQ(m.provider, "OpenAI Chat");
  EXPECT_EQ(m.aliases, std::vector<std::string>{"0613"});
  EXPECT_EQ(m.key_name, "openai");
  EXPECT_EQ(m.key_env, "OPENAI_API_KEY");
  EXPECT_TRUE(m.api_base.empty());
}

TEST(ExtraModels, ApiBaseWithoutKeyNameNeedsNoKey) {
  auto r = Parse(
      "- model_id: orca-openai-compat\n"
      "  model_name: orca-mini-3b.ggmlv3\n"
      "  api_base: \"http://localhost:8080\"\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const ModelInfo& m = r->front();
  EXPECT_EQ(m.model_name, "orca-mini-3b.ggmlv3");
  EXPECT_EQ(m.api_base, "http://localhost:8080");
  EXPECT_TRUE(m.key_name.empty());
  EXPECT_TRUE(m.key_env.empty());
}

TEST(ExtraModels, ApiKeyNameWithApiBaseNeverFallsBackToOpenAiEnvironmentKey) {
  auto r = Parse(
      "- model_id: claude\n"
      "  model_name: anthropic/claude-2\n"
      "  api_base: \"https://openrouter.ai/api/v1\"\n"
      "  api_key_name: openrouter\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->front().key_name, "openrouter");
  EXPECT_TRUE(r->front().key_env.empty());
}

TEST(ExtraModels, ApiKeyNameOpenAiWithApiBaseKeepsOpenAiEnvironmentFallback) {
  auto r = Parse("- model_id: x\n  api_base: http://127.0.0.1:8080/v1\n  api_key_name: openai\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->front().key_name, "openai");
  EXPECT_EQ(r->front().key_env, "OPENAI_API_KEY");
}

TEST(ExtraModels, OtherApiKeyNameWithoutApiBaseHasNoEnvironmentFallback) {
  auto r = Parse("- model_id: x\n  api_key_name: work\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->front().key_name, "work");
  EXPECT_TRUE(r->front().key_env.empty());
}

TEST(ExtraModels, HeadersKeepTheirOrder) {
  auto r = Parse(
      "- model_id: claude\n"
      "  headers:\n"
      "    HTTP-Referer: \"https://llm.datasette.io/\"\n"
      "    X-Title: LLM\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  using H = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(r->front().headers,
            (H{{"HTTP-Referer", "https://llm.datasette.io/"}, {"X-Title", "LLM"}}));
}

TEST(ExtraModels, CanStreamFalseIsHonoured) {
  auto r = Parse("- model_id: x\n  can_stream: false\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->front().can_stream);
}

TEST(ExtraModels, CompletionModelIsLabelledOpenAiCompletion) {
  auto r = Parse("- model_id: x\n  completion: true\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->front().provider, "OpenAI Completion");
}

TEST(ExtraModels, ResponsesModelIsLabelledOpenAiResponses) {
  auto r = Parse("- model_id: x\n  responses: true\n- model_id: y\n  responses: false\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->at(0).provider, "OpenAI Responses");
  EXPECT_EQ(r->at(1).provider, "OpenAI Chat");
}

TEST(ExtraModels, UnknownLlmKeysAreIgnored) {
  auto r = Parse("- model_id: x\n  vision: true\n  api_version: '2024'\n  reasoning: true\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->size(), 1u);
}

TEST(ExtraModels, EmptyDocumentMeansNoModels) {
  auto r = Parse("");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(ExtraModels, TopLevelMappingIsConfigErrorNamingTheFile) {
  auto r = Parse("model_id: x\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kConfig);
  EXPECT_EQ(r.error().message.rfind(kSource, 0), 0u);
}

TEST(ExtraModels, MissingModelIdNamesTheEntry) {
  auto r = Parse("- model_id: a\n- model_name: b\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, std::string(kSource) + ": entry 2: 'model_id' is required");
}

TEST(ExtraModels, WrongAliasesTypeNamesEntryAndModel) {
  auto r = Parse("- model_id: a\n  aliases: just-one\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kConfig);
  EXPECT_EQ(r.error().message,
            std::string(kSource) + ": entry 1 (model_id a): 'aliases' must be a list of strings");
}

TEST(ExtraModels, NonBooleanCanStreamIsConfigError) {
  auto r = Parse("- model_id: a\n  can_stream: sometimes\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("'can_stream' must be true or false"), std::string::npos);
}

TEST(ExtraModels, HeaderErrorNeverQuotesHeaderValues) {
  auto r = Parse("- model_id: a\n  headers:\n    Authorization: [Bearer, sk-secret-token]\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find("sk-secret-token"), std::string::npos);
}

TEST(ExtraModels, NonHttpApiBaseIsRefused) {
  auto r = Parse("- model_id: a\n  api_base: file:///etc/passwd\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("'api_base' must be an http:// or https:// URL"),
            std::string::npos);
}

TEST(ExtraModels, MalformedYamlReportsPositionWithoutContent) {
  auto r = Parse("- model_id: a\n  headers: {X-Key: \"sk-secret-value\"\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kConfig);
  EXPECT_NE(r.error().message.find("invalid YAML"), std::string::npos);
  EXPECT_EQ(r.error().message.find("sk-secret-value"), std::string::npos);
}

TEST(ExtraModels, LoadWithoutFileMeansNoModels) {
  testing::TempDir tmp;
  auto r = LoadExtraModels(tmp.path());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(ExtraModels, LoadReadsTheFileInUserDir) {
  testing::TempDir tmp;
  testing::WriteText(tmp.Sub("extra-openai-models.yaml"), "- model_id: local\n");
  auto r = LoadExtraModels(tmp.path());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->front().model_id, "local");
}

TEST(ExtraModels, LoadErrorsNameTheRealPath) {
  testing::TempDir tmp;
  testing::WriteText(tmp.Sub("extra-openai-models.yaml"), "- 42\n");
  auto r = LoadExtraModels(tmp.path());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(tmp.Sub("extra-openai-models.yaml")), std::string::npos);
}

}  // namespace
}  // namespace llmbox
