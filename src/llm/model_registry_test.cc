#include "llm/model_registry.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::MapEnv;
using testing::ReadText;
using testing::TempDir;
using testing::WriteText;

class ModelRegistryTest : public ::testing::Test {
 protected:
  ModelRegistry Load() {
    auto r = ModelRegistry::Load(tmp_.path());
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return std::move(r).value();
  }
  std::string ResolvedId(const ModelRegistry& reg, const std::string& name) {
    auto m = reg.Resolve(name);
    return m.ok() ? m->model_id : "<" + m.error().message + ">";
  }
  const ModelInfo& Model(const ModelRegistry& reg, const std::string& id) {
    for (const ModelInfo& m : reg.models()) {
      if (m.model_id == id) return m;
    }
    static const ModelInfo kNone;
    return kNone;
  }

  TempDir tmp_;
};

TEST_F(ModelRegistryTest, ResolvesExactId) { EXPECT_EQ(ResolvedId(Load(), "gpt-4.1"), "gpt-4.1"); }

TEST_F(ModelRegistryTest, ResolvesBuiltinAlias) {
  EXPECT_EQ(ResolvedId(Load(), "4t"), "gpt-4-turbo");
}

TEST_F(ModelRegistryTest, UnknownModelIsConfigErrorNamingIt) {
  auto m = Load().Resolve("nope");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::kConfig);
  EXPECT_EQ(m.error().message, "Unknown model: nope");
}

TEST_F(ModelRegistryTest, ResolvesAliasFromAliasesJson) {
  WriteText(tmp_.Sub("aliases.json"), R"({"fast": "gpt-4o-mini"})");
  EXPECT_EQ(ResolvedId(Load(), "fast"), "gpt-4o-mini");
}

TEST_F(ModelRegistryTest, AliasesJsonBeatsBuiltinAlias) {
  WriteText(tmp_.Sub("aliases.json"), R"({"4o": "gpt-4.1"})");
  EXPECT_EQ(ResolvedId(Load(), "4o"), "gpt-4.1");
}

TEST_F(ModelRegistryTest, ExactIdBeatsAliasesJson) {
  WriteText(tmp_.Sub("aliases.json"), R"({"gpt-4": "gpt-4o"})");
  EXPECT_EQ(ResolvedId(Load(), "gpt-4"), "gpt-4");
}

TEST_F(ModelRegistryTest, AliasToUnknownModelIsIgnored) {
  WriteText(tmp_.Sub("aliases.json"), R"({"gone": "retired-model"})");
  EXPECT_EQ(ResolvedId(Load(), "gone"), "<Unknown model: gone>");
}

TEST_F(ModelRegistryTest, AliasesJsonAliasesShowInTheModelsLine) {
  WriteText(tmp_.Sub("aliases.json"), R"({"fast": "gpt-4o-mini"})");
  auto reg = Load();
  EXPECT_EQ(ModelListLine(Model(reg, "gpt-4o-mini")),
            "OpenAI Chat: gpt-4o-mini (aliases: 4o-mini, fast)");
}

TEST_F(ModelRegistryTest, ExtraModelsFollowOpenAiBuiltinsBeforePluginModels) {
  WriteText(tmp_.Sub("extra-openai-models.yaml"), "- model_id: local\n  aliases: [loc]\n");
  auto reg = Load();
  const auto& models = reg.models();
  auto local = std::find_if(models.begin(), models.end(),
                            [](const ModelInfo& m) { return m.model_id == "local"; });
  ASSERT_NE(local, models.end());
  EXPECT_EQ((local - 1)->model_id, "gpt-3.5-turbo-instruct");
  EXPECT_EQ((local + 1)->model_id, "anthropic/claude-3-opus-20240229");
  EXPECT_EQ(ResolvedId(reg, "loc"), "local");
}

TEST_F(ModelRegistryTest, ExtraModelReplacesBuiltinWithSameId) {
  WriteText(tmp_.Sub("extra-openai-models.yaml"),
            "- model_id: gpt-4o\n  api_base: http://127.0.0.1:9\n");
  auto reg = Load();
  auto m = reg.Resolve("gpt-4o");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->api_base, "http://127.0.0.1:9");
  int count = 0;
  for (const ModelInfo& x : reg.models()) count += x.model_id == "gpt-4o";
  EXPECT_EQ(count, 1);
}

TEST_F(ModelRegistryTest, BadExtraModelsFileFailsLoad) {
  WriteText(tmp_.Sub("extra-openai-models.yaml"), "- aliases: [x]\n");
  auto r = ModelRegistry::Load(tmp_.path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kConfig);
}

TEST_F(ModelRegistryTest, LoadWithEmptyUserDirUsesEnvironment) {
  WriteText(tmp_.Sub("aliases.json"), R"({"fast": "gpt-4o-mini"})");
  auto r = ModelRegistry::Load("", MapEnv({{"LLM_USER_PATH", tmp_.path()}}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->user_dir(), tmp_.path());
  EXPECT_EQ(ResolvedId(*r, "fast"), "gpt-4o-mini");
}

TEST_F(ModelRegistryTest, LoadWithoutAnyUserDirIsConfigError) {
  auto r = ModelRegistry::Load("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kConfig);
}

TEST_F(ModelRegistryTest, DefaultIsGpt4oMiniWithoutFile) {
  auto id = Load().DefaultModelId();
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, "gpt-4o-mini");
}

TEST_F(ModelRegistryTest, DefaultReadsTrimmedDefaultModelTxt) {
  WriteText(tmp_.Sub("default_model.txt"), "gpt-4.1\n");
  EXPECT_EQ(*Load().DefaultModelId(), "gpt-4.1");
}

TEST_F(ModelRegistryTest, SetDefaultModelStoresResolvedIdLikeLlm) {
  ASSERT_TRUE(Load().SetDefaultModel("4o").ok());
  EXPECT_EQ(ReadText(tmp_.Sub("default_model.txt")), "gpt-4o");
}

TEST_F(ModelRegistryTest, SetDefaultModelRejectsUnknownModel) {
  auto r = Load().SetDefaultModel("nope");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "Unknown model: nope");
  EXPECT_FALSE(std::filesystem::exists(tmp_.Sub("default_model.txt")));
}

TEST_F(ModelRegistryTest, SetAliasStoresResolvedIdAndResolvesAtOnce) {
  auto reg = Load();
  ASSERT_TRUE(reg.SetAlias("mini", "4o-mini").ok());
  EXPECT_EQ(ResolvedId(reg, "mini"), "gpt-4o-mini");
  EXPECT_EQ(ReadText(tmp_.Sub("aliases.json")), "{\n    \"mini\": \"gpt-4o-mini\"\n}\n");
}

TEST_F(ModelRegistryTest, SetAliasReplacesExistingAliasInPlace) {
  WriteText(tmp_.Sub("aliases.json"), R"({"a": "gpt-4", "b": "gpt-4"})");
  auto reg = Load();
  ASSERT_TRUE(reg.SetAlias("a", "gpt-4o").ok());
  EXPECT_EQ(reg.user_aliases(), (AliasList{{"a", "gpt-4o"}, {"b", "gpt-4"}}));
}

TEST_F(ModelRegistryTest, SetAliasRejectsUnknownModel) {
  auto reg = Load();
  auto r = reg.SetAlias("x", "nope");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "Unknown model: nope");
}

TEST_F(ModelRegistryTest, SetAliasRefusesAModelId) {
  auto reg = Load();
  auto r = reg.SetAlias("gpt-4", "gpt-4o");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
}

TEST_F(ModelRegistryTest, RemoveAliasDeletesIt) {
  WriteText(tmp_.Sub("aliases.json"), R"({"a": "gpt-4", "b": "gpt-4o"})");
  auto reg = Load();
  ASSERT_TRUE(reg.RemoveAlias("a").ok());
  EXPECT_EQ(ReadText(tmp_.Sub("aliases.json")), "{\n    \"b\": \"gpt-4o\"\n}\n");
  EXPECT_EQ(ResolvedId(reg, "a"), "<Unknown model: a>");
}

TEST_F(ModelRegistryTest, RemoveMissingAliasSaysNoSuchAlias) {
  auto reg = Load();
  auto r = reg.RemoveAlias("x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "No such alias: x");
}

TEST_F(ModelRegistryTest, AllAliasesListsBuiltinThenUserAliasesByModel) {
  WriteText(tmp_.Sub("aliases.json"), R"({"fast": "gpt-4o-mini"})");
  AliasList all = Load().AllAliases();
  ASSERT_GE(all.size(), 4u);
  EXPECT_EQ(all[0], (std::pair<std::string, std::string>{"4o", "gpt-4o"}));
  EXPECT_EQ(all[1], (std::pair<std::string, std::string>{"chatgpt-4o", "chatgpt-4o-latest"}));
  EXPECT_EQ(all[2], (std::pair<std::string, std::string>{"4o-mini", "gpt-4o-mini"}));
  EXPECT_EQ(all[3], (std::pair<std::string, std::string>{"fast", "gpt-4o-mini"}));
}

TEST_F(ModelRegistryTest, AllAliasesShowsAnOverriddenAliasOnceWithItsWinner) {
  WriteText(tmp_.Sub("aliases.json"), R"({"4o": "gpt-4.1"})");
  int seen = 0;
  for (const auto& [alias, id] : Load().AllAliases()) {
    if (alias != "4o") continue;
    ++seen;
    EXPECT_EQ(id, "gpt-4.1");
  }
  EXPECT_EQ(seen, 1);
}

}  // namespace
}  // namespace llmbox
