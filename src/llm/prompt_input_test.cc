#include "llm/prompt_input.h"

#include <gtest/gtest.h>

#include <sstream>

namespace llmbox {
namespace {

TEST(AssemblePrompt, UsesArgumentAloneFromTerminal) {
  std::istringstream in("ignored");
  auto r = AssemblePrompt(std::string("hello"), in, /*stdin_is_tty=*/true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "hello");
}

TEST(AssemblePrompt, PutsPipedInputBeforeArgumentWithSpace) {
  std::istringstream in("notes\n");
  auto r = AssemblePrompt(std::string("Summarise"), in, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "notes\n Summarise");
}

TEST(AssemblePrompt, UsesPipedInputAloneWithoutArgument) {
  std::istringstream in("just stdin");
  auto r = AssemblePrompt(std::nullopt, in, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "just stdin");
}

TEST(AssemblePrompt, EmptyPipeKeepsArgument) {
  std::istringstream in("");
  auto r = AssemblePrompt(std::string("x"), in, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "x");
}

TEST(AssemblePrompt, NothingAtAllIsUsageError) {
  std::istringstream in("");
  auto r = AssemblePrompt(std::nullopt, in, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
}

}  // namespace
}  // namespace llmbox
