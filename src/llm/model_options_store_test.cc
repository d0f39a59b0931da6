#include "llm/model_options_store.h"

#include <gtest/gtest.h>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::ReadText;
using testing::TempDir;
using testing::WriteText;

TEST(ModelOptionsStore, WritesLlmFormatKeepingOrder) {
  TempDir tmp;
  ModelOptionsStore store(tmp.path());
  ASSERT_TRUE(store.Set("gpt-4o", "temperature", "0.5").ok());
  ASSERT_TRUE(store.Set("gpt-4o", "max_tokens", "20").ok());
  ASSERT_TRUE(store.Set("a-model", "seed", "caf\xC3\xA9").ok());
  EXPECT_EQ(ReadText(store.path()),
            "{\n  \"gpt-4o\": {\n    \"temperature\": \"0.5\",\n    \"max_tokens\": \"20\"\n  },\n"
            "  \"a-model\": {\n    \"seed\": \"caf\\u00e9\"\n  }\n}");
  EXPECT_EQ(testing::ModeOf(store.path()) & 0777, 0600u);
}

TEST(ModelOptionsStore, ReadsOneModelAndAll) {
  TempDir tmp;
  WriteText(tmp.Sub("model_options.json"),
            R"({"m1": {"b": "1", "a": 2.5}, "m2": {"x": true}, "bad": 3})");
  ModelOptionsStore store(tmp.path());
  auto m1 = store.For("m1");
  ASSERT_TRUE(m1.ok());
  EXPECT_EQ(*m1, (OptionPairs{{"b", "1"}, {"a", "2.5"}}));
  auto all = store.All();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->at(1).options, (OptionPairs{{"x", "true"}}));
  EXPECT_TRUE(store.For("none")->empty());
}

TEST(ModelOptionsStore, MissingOrCorruptFileMeansNoOptions) {
  TempDir tmp;
  ModelOptionsStore store(tmp.path());
  EXPECT_TRUE(store.All()->empty());
  WriteText(tmp.Sub("model_options.json"), "{not json");
  EXPECT_TRUE(store.All()->empty());
}

TEST(ModelOptionsStore, ClearsOneOrAllAndDropsEmptyModels) {
  TempDir tmp;
  ModelOptionsStore store(tmp.path());
  ASSERT_TRUE(store.Set("m", "a", "1").ok());
  ASSERT_TRUE(store.Set("m", "b", "2").ok());
  EXPECT_EQ(*store.Clear("m", "a"), std::vector<std::string>{"a"});
  EXPECT_EQ(*store.For("m"), (OptionPairs{{"b", "2"}}));
  EXPECT_EQ(*store.Clear("m", ""), std::vector<std::string>{"b"});
  EXPECT_EQ(ReadText(store.path()), "{}");
  EXPECT_TRUE(store.Clear("m", "")->empty());
}

TEST(ModelOptionsStore, DefaultsGoUnderGivenOptions) {
  EXPECT_EQ(MergeDefaultOptions({{"temperature", "0.5"}, {"seed", "1"}}, {{"seed", "9"}}),
            (OptionPairs{{"temperature", "0.5"}, {"seed", "9"}}));
}

}  // namespace
}  // namespace llmbox
