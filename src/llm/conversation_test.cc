#include "llm/conversation.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

Turn T(std::string system, std::string prompt, std::string response) {
  Turn t;
  t.system = std::move(system);
  t.prompt = std::move(prompt);
  t.response = std::move(response);
  return t;
}

TEST(BuildMessages, SystemThenUserForFreshPrompt) {
  auto m = BuildMessages({}, "be brief", "hi");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].role, "system");
  EXPECT_EQ(m[0].content, "be brief");
  EXPECT_EQ(m[1].role, "user");
  EXPECT_EQ(m[1].content, "hi");
}

TEST(BuildMessages, ReplaysHistoryAsUserAssistantPairs) {
  auto m = BuildMessages({T("", "one", "1"), T("", "two", "2")}, "", "three");
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[0].content, "one");
  EXPECT_EQ(m[1].role, "assistant");
  EXPECT_EQ(m[1].content, "1");
  EXPECT_EQ(m[3].content, "2");
  EXPECT_EQ(m[4].content, "three");
}

TEST(BuildMessages, RepeatsSystemOnlyWhenItChanges) {
  auto m = BuildMessages({T("sys", "a", "A"), T("sys", "b", "B")}, "sys", "c");
  int systems = 0;
  for (const auto& msg : m) systems += msg.role == "system";
  EXPECT_EQ(systems, 1);
  auto changed = BuildMessages({T("sys", "a", "A")}, "other", "c");
  EXPECT_EQ(changed[changed.size() - 2].role, "system");
  EXPECT_EQ(changed[changed.size() - 2].content, "other");
}

}  // namespace
}  // namespace llmbox
