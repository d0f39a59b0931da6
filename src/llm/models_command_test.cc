#include "llm/models_command.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::CommandHarness;
using testing::ReadText;
using testing::TempDir;
using testing::WriteText;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class ModelsCommandTest : public ::testing::Test {
 protected:
  Result<void> Run(std::vector<std::string> args) {
    return h_.Run(AddModelsCommand, std::move(args));
  }
  std::vector<std::string> Out() const { return Lines(h_.out.str()); }

  TempDir tmp_;
  CommandHarness h_{tmp_.path(), {}};
};

TEST_F(ModelsCommandTest, BareModelsListsBuiltinsLikeLlm) {
  ASSERT_TRUE(Run({"models"}).ok());
  auto lines = Out();
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.front(), "OpenAI Chat: gpt-4o (aliases: 4o)");
  EXPECT_NE(std::find(lines.begin(), lines.end(), "OpenAI Chat: gpt-4o-mini (aliases: 4o-mini)"),
            lines.end());
}

TEST_F(ModelsCommandTest, ListEndsWithTheDefaultModel) {
  ASSERT_TRUE(Run({"models", "list"}).ok());
  EXPECT_EQ(Out().back(), "Default: gpt-4o-mini");
}

TEST_F(ModelsCommandTest, ListShowsExtraModelsAfterOpenAiBuiltinsThenAnthropicOnes) {
  WriteText(tmp_.Sub("extra-openai-models.yaml"), "- model_id: local-echo\n  aliases: [le]\n");
  ASSERT_TRUE(Run({"models"}).ok());
  auto lines = Out();
  auto local = std::find(lines.begin(), lines.end(), "OpenAI Chat: local-echo (aliases: le)");
  ASSERT_NE(local, lines.end());
  EXPECT_EQ(*(local + 1), "Anthropic Messages: anthropic/claude-3-opus-20240229");
  EXPECT_EQ(lines[lines.size() - 2],
            "Anthropic Messages: anthropic/claude-opus-5 (aliases: claude-opus-5)");
}

TEST_F(ModelsCommandTest, QueryFiltersCaseInsensitivelyWithoutDefaultLine) {
  ASSERT_TRUE(Run({"models", "list", "-q", "4O-MINI"}).ok());
  EXPECT_EQ(Out(), (std::vector<std::string>{"OpenAI Chat: gpt-4o-mini (aliases: 4o-mini)",
                                             "OpenAI Chat: gpt-4o-mini-audio-preview",
                                             "OpenAI Chat: gpt-4o-mini-audio-preview-2024-12-17"}));
}

TEST_F(ModelsCommandTest, RepeatedQueriesMustAllMatch) {
  ASSERT_TRUE(Run({"models", "-q", "gpt-4o", "--query", "audio", "-q", "2024-10"}).ok());
  EXPECT_EQ(Out(), (std::vector<std::string>{"OpenAI Chat: gpt-4o-audio-preview-2024-10-01"}));
}

TEST_F(ModelsCommandTest, QueryMatchingNothingPrintsNothing) {
  ASSERT_TRUE(Run({"models", "-q", "no-such-thing"}).ok());
  EXPECT_EQ(h_.out.str(), "");
}

TEST_F(ModelsCommandTest, DefaultPrintsGpt4oMiniWithoutConfig) {
  ASSERT_TRUE(Run({"models", "default"}).ok());
  EXPECT_EQ(h_.out.str(), "gpt-4o-mini\n");
}

TEST_F(ModelsCommandTest, DefaultSetStoresResolvedIdAndShowsInList) {
  ASSERT_TRUE(Run({"models", "default", "4o"}).ok());
  EXPECT_EQ(ReadText(tmp_.Sub("default_model.txt")), "gpt-4o");
  EXPECT_EQ(h_.out.str(), "");
  ASSERT_TRUE(Run({"models"}).ok());
  EXPECT_EQ(Out().back(), "Default: gpt-4o");
}

TEST_F(ModelsCommandTest, DefaultSetRejectsUnknownModel) {
  auto r = Run({"models", "default", "no-such-model"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "Unknown model: no-such-model");
  EXPECT_FALSE(std::filesystem::exists(tmp_.Sub("default_model.txt")));
}

TEST_F(ModelsCommandTest, BrokenExtraModelsFileIsReported) {
  WriteText(tmp_.Sub("extra-openai-models.yaml"), "- model_id: [x]\n");
  auto r = Run({"models"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kConfig);
}

}  // namespace
}  // namespace llmbox
