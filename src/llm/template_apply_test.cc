#include "llm/template_apply.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::CommandHarness;
using testing::TempDir;
using testing::WriteText;

class TemplateApplyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::mkdir(tmp_.Sub("templates").c_str(), 0700);
    ::mkdir(tmp_.Sub("lib").c_str(), 0700);
  }
  void Config(const std::string& name, const std::string& text) {
    WriteText(tmp_.Sub("templates/" + name + ".yaml"), text);
  }
  void Library(const std::string& name, const std::string& text) {
    WriteText(tmp_.Sub("lib/" + name + ".yaml"), text);
  }
  // Runs the template with `stdin_text` piped in (empty: a terminal with no input).
  Result<PreparedPrompt> Apply(TemplateRequest request, const std::string& stdin_text,
                               std::map<std::string, std::string> env = {}) {
    env.emplace("LLM_PROMPTS_PATH", tmp_.Sub("lib"));
    harness_ = std::make_unique<CommandHarness>(tmp_.path(), env, stdin_text);
    harness_->ctx.stdin_is_tty = stdin_text.empty();
    return ApplyTemplate(harness_->ctx, request, session_);
  }
  TempDir tmp_;
  SessionOptions session_;
  std::unique_ptr<CommandHarness> harness_;
};

TEST_F(TemplateApplyTest, InputComesFromStdinAndArgument) {
  Config("sum", "prompt: 'Summarize: $input'\n");
  auto p = Apply({"sum", "and this", "", {}}, "piped");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->prompt, "Summarize: piped and this");
}

TEST_F(TemplateApplyTest, ArgumentIsAppendedWhenTemplateHasNoInput) {
  Config("fixed", "prompt: Tell me a joke about\n");
  auto p = Apply({"fixed", "cats", "", {}}, "");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->prompt, "Tell me a joke about\ncats");
}

TEST_F(TemplateApplyTest, PipedInputGoesBeforeATemplateWithoutInput) {
  Config("fixed", "prompt: Summarize\n");
  auto p = Apply({"fixed", std::nullopt, "", {}}, "text");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->prompt, "text Summarize");
}

TEST_F(TemplateApplyTest, SystemOnlyTemplateUsesInputAsPrompt) {
  Config("sys", "system: Speak like $voice\ndefaults:\n  voice: a pirate\n");
  auto p = Apply({"sys", "hello", "", {}}, "");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->prompt, "hello");
  EXPECT_EQ(p->system, "Speak like a pirate");
}

TEST_F(TemplateApplyTest, ParamOverridesDefault) {
  Config("sys", "system: Speak like $voice\ndefaults:\n  voice: a pirate\n");
  auto p = Apply({"sys", "hello", "", {{"voice", "Yoda"}}}, "");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->system, "Speak like Yoda");
}

TEST_F(TemplateApplyTest, CommandLineSystemWins) {
  Config("sys", "system: template system\n");
  auto p = Apply({"sys", "hello", "mine", {}}, "");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->system, "mine");
}

TEST_F(TemplateApplyTest, MissingVariableNamesTemplateFile) {
  Config("recipe", "prompt: |\n  Ingredients: $ingredients\n");
  auto p = Apply({"recipe", "x", "", {}}, "");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("recipe.yaml"), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().message.find("ingredients"), std::string::npos);
}

TEST_F(TemplateApplyTest, ModelOptionsAndExtractApplyUnlessGiven) {
  Config(
      "m",
      "model: gpt-4o\noptions:\n  temperature: 0.5\n  max_tokens: 7\nextract: true\nprompt: hi\n");
  session_.options = {{"temperature", "1"}};
  auto p = Apply({"m", std::nullopt, "", {}}, "");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(session_.model, "gpt-4o");
  EXPECT_EQ(session_.options, (RawOptions{{"temperature", "1"}, {"max_tokens", "7"}}));
  EXPECT_TRUE(session_.extract);
}

TEST_F(TemplateApplyTest, ModelFlagAndLlmModelEnvBeatTemplateModel) {
  Config("m", "model: gpt-4o\nprompt: hi\n");
  session_.model = "mine";
  ASSERT_TRUE(Apply({"m", std::nullopt, "", {}}, "").ok());
  EXPECT_EQ(session_.model, "mine");
  session_.model.clear();
  ASSERT_TRUE(Apply({"m", std::nullopt, "", {}}, "", {{"LLM_MODEL", "env-model"}}).ok());
  EXPECT_EQ(session_.model, "");
}

TEST_F(TemplateApplyTest, SchemaObjectIsPassedOn) {
  Config("s", "prompt: hi\nschema_object:\n  type: object\n");
  auto p = Apply({"s", std::nullopt, "", {}}, "");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->schema, nlohmann::json({{"type", "object"}}));
}

TEST_F(TemplateApplyTest, LibraryTemplateWithToolsIsRefused) {
  Library("tooly", "prompt: hi\ntools: [llm_time]\n");
  auto p = Apply({"tooly", std::nullopt, "", {}}, "");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("templates from the prompt library cannot bring tools"),
            std::string::npos)
      << p.error().message;
}

TEST_F(TemplateApplyTest, ConfigTemplateToolsComeBeforeThoseOfT) {
  Config("tooly", "prompt: hi\ntools: [llm_time]\n");
  session_.tools.tools = {"llm_version"};
  ASSERT_TRUE(Apply({"tooly", std::nullopt, "", {}}, "").ok());
  EXPECT_EQ(session_.tools.tools, (std::vector<std::string>{"llm_time", "llm_version"}));
}

TEST_F(TemplateApplyTest, LibraryTemplateWithFunctionsIsRefused) {
  Library("fn", "prompt: hi\nfunctions: 'def f(): pass'\n");
  auto p = Apply({"fn", std::nullopt, "", {}}, "");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("cannot bring tools"), std::string::npos);
}

TEST_F(TemplateApplyTest, OwnTemplateMayBringFragments) {
  Config("f", "prompt: hi\nfragments: [notes.md]\nsystem_fragments: [rules.md]\n");
  ASSERT_TRUE(Apply({"f", std::nullopt, "", {}}, "").ok());
  auto t = LoadUsableTemplate(harness_->ctx, "f");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->fragments, std::vector<std::string>{"notes.md"});
  EXPECT_EQ(t->system_fragments, std::vector<std::string>{"rules.md"});
}

TEST_F(TemplateApplyTest, LibraryTemplateWithFragmentsIsRefused) {
  Library("lf", "prompt: hi\nsystem_fragments: [/etc/passwd]\n");
  auto p = Apply({"lf", std::nullopt, "", {}}, "");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("cannot bring fragments"), std::string::npos);
}

}  // namespace
}  // namespace llmbox
