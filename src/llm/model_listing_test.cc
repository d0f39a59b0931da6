#include "llm/model_listing.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

TEST(WrapWords, BreaksLikePythonTextwrap) {
  EXPECT_EQ(WrapWords("aaa bbb ccc", 7), (std::vector<std::string>{"aaa bbb", "ccc"}));
  EXPECT_EQ(WrapWords("  a   b  ", 70), (std::vector<std::string>{"a b"}));
  EXPECT_EQ(WrapWords("abcdefghij", 4), (std::vector<std::string>{"abcd", "efgh", "ij"}));
  EXPECT_TRUE(WrapWords("", 70).empty());
}

TEST(RenderModelWithOptions, DescribesOptionsOncePerProvider) {
  ModelInfo a;
  a.model_id = "gpt-5";
  a.provider = "OpenAI Responses";
  ModelInfo b = a;
  b.model_id = "gpt-5-mini";
  std::set<std::string> described;
  const std::string first = RenderModelWithOptions(a, described);
  const std::string second = RenderModelWithOptions(b, described);
  EXPECT_EQ(first.rfind("OpenAI Responses: gpt-5\n  Options:\n    temperature: float\n      ", 0),
            0u)
      << first;
  EXPECT_NE(first.find("\n    reasoning_effort: str\n"), std::string::npos);
  EXPECT_NE(second.find("\n    temperature: float\n    max_tokens: int\n"), std::string::npos)
      << second;
  EXPECT_NE(first.find("\n  Features:\n  - streaming\n  Keys:\n    key: openai\n    env_var: "
                       "OPENAI_API_KEY"),
            std::string::npos);
}

TEST(RenderModelWithOptions, ModelWithoutProviderModuleListsNoOptions) {
  ModelInfo m;
  m.model_id = "gpt-3.5-turbo-instruct";
  m.provider = "OpenAI Completion";
  std::set<std::string> described;
  EXPECT_EQ(RenderModelWithOptions(m, described).find("Options:"), std::string::npos);
}

}  // namespace
}  // namespace llmbox
