#include "llm/tool_history.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

Turn Asking(std::vector<std::string> ids) {
  Turn t;
  t.response = " ";
  for (const std::string& id : ids) t.tool_calls.push_back({id, "tool", nlohmann::json::object()});
  return t;
}

Turn Answering(std::vector<std::string> ids) {
  Turn t;
  t.response = "done";
  for (const std::string& id : ids) t.tool_results.push_back({id, "tool", "out"});
  return t;
}

TEST(PairToolTurns, KeepsACompleteChain) {
  std::vector<Turn> h = {Asking({"a", "b"}), Answering({"a", "b"})};
  PairToolTurns(h);
  EXPECT_EQ(h[0].tool_calls.size(), 2u);
  EXPECT_EQ(h[1].tool_results.size(), 2u);
}

TEST(PairToolTurns, DropsCallsOfTheLastTurn) {
  std::vector<Turn> h = {Answering({}), Asking({"a"})};
  PairToolTurns(h);
  EXPECT_TRUE(h[1].tool_calls.empty());
}

TEST(PairToolTurns, DropsCallsAndResultsThatDoNotMatch) {
  std::vector<Turn> h = {Asking({"a", "b"}), Answering({"a"}), Answering({"z"})};
  PairToolTurns(h);
  EXPECT_TRUE(h[0].tool_calls.empty());
  EXPECT_TRUE(h[1].tool_results.empty());
  EXPECT_TRUE(h[2].tool_results.empty());
}

TEST(PairToolTurns, DropsResultsOfTheFirstTurn) {
  std::vector<Turn> h = {Answering({"a"})};
  PairToolTurns(h);
  EXPECT_TRUE(h[0].tool_results.empty());
}

}  // namespace
}  // namespace llmbox
