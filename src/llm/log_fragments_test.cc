#include "llm/log_fragments.h"

#include <gtest/gtest.h>

#include "llm/log_store.h"

namespace llmbox {
namespace {

LogStore Memory() {
  auto store = LogStore::Open(":memory:");
  EXPECT_TRUE(store.ok());
  return std::move(*store);
}

LogRecord Record(std::string id, std::vector<Fragment> prompt, std::vector<Fragment> system) {
  LogRecord r;
  r.id = std::move(id);
  r.model = "m";
  r.prompt = "q";
  r.prompt_fragments = std::move(prompt);
  r.system_fragments = std::move(system);
  return r;
}

TEST(LogFragments, SameTextIsStoredOnceAndTheFirstSourceKept) {
  LogStore store = Memory();
  auto a = EnsureFragment(store.db(), {"text", "/a"});
  auto b = EnsureFragment(store.db(), {"text", "/b"});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  auto found = FindStoredFragment(store.db(), FragmentHash("text"));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->source, "/a");
}

TEST(LogFragments, ResponseFragmentsComeBackInOrderFromConversationHistory) {
  LogStore store = Memory();
  LogRecord r = Record("r1", {{"one", "-"}, {"two", ""}, {"one", "-"}}, {{"sys", "/s"}});
  r.conversation_id = "c1";
  ASSERT_TRUE(store.Insert(r).ok());
  auto history = store.ConversationHistory("c1");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  const LogRecord& back = history->front();
  ASSERT_EQ(back.prompt_fragments.size(), 3u);
  EXPECT_EQ(back.prompt_fragments[0].content, "one");
  EXPECT_EQ(back.prompt_fragments[1].content, "two");
  EXPECT_EQ(back.prompt_fragments[1].source, "");
  EXPECT_EQ(back.prompt_fragments[2].content, "one");
  ASSERT_EQ(back.system_fragments.size(), 1u);
  EXPECT_EQ(back.system_fragments[0].source, "/s");
}

TEST(LogFragments, AliasesPointAtAFragmentAndCanMove) {
  LogStore store = Memory();
  ASSERT_TRUE(SetFragmentAlias(store.db(), "docs", {"first", "-"}).ok());
  ASSERT_TRUE(SetFragmentAlias(store.db(), "docs", {"second", "-"}).ok());
  auto found = FindStoredFragment(store.db(), "docs");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->content, "second");
  ASSERT_TRUE(RemoveFragmentAlias(store.db(), "docs").ok());
  ASSERT_TRUE(RemoveFragmentAlias(store.db(), "docs").ok());
  auto gone = FindStoredFragment(store.db(), "docs");
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
}

TEST(LogFragments, ListFiltersByEveryQueryAndByAliases) {
  LogStore store = Memory();
  ASSERT_TRUE(SetFragmentAlias(store.db(), "a1", {"apple pie", "/recipes"}).ok());
  ASSERT_TRUE(SetFragmentAlias(store.db(), "a2", {"apple pie", "/recipes"}).ok());
  ASSERT_TRUE(EnsureFragment(store.db(), {"banana", ""}).ok());
  auto all = ListStoredFragments(store.db(), {}, false);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  auto apple = ListStoredFragments(store.db(), {"recipes", "pie"}, false);
  ASSERT_TRUE(apple.ok());
  ASSERT_EQ(apple->size(), 1u);
  EXPECT_EQ(apple->front().aliases, (std::vector<std::string>{"a1", "a2"}));
  EXPECT_EQ(apple->front().source, std::optional<std::string>("/recipes"));
  auto aliased = ListStoredFragments(store.db(), {}, true);
  ASSERT_TRUE(aliased.ok());
  ASSERT_EQ(aliased->size(), 1u);
  auto by_alias = ListStoredFragments(store.db(), {"a2"}, false);
  ASSERT_TRUE(by_alias.ok());
  EXPECT_EQ(by_alias->size(), 1u);
  auto none = ListStoredFragments(store.db(), {"cherry"}, false);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace llmbox
