#include "llm/chat_input.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

TEST(ChatInput, SendsAnOrdinaryLineAsItIs) {
  ChatInput input;
  ChatStep step = input.Feed("  what is 2+2? ");
  EXPECT_EQ(step.kind, ChatStep::kPrompt);
  EXPECT_EQ(step.prompt, "  what is 2+2? ");
}

TEST(ChatInput, ExitAndQuitEndTheChat) {
  ChatInput input;
  EXPECT_EQ(input.Feed("exit").kind, ChatStep::kExit);
  EXPECT_EQ(input.Feed(" quit ").kind, ChatStep::kExit);
  EXPECT_EQ(input.Feed("exit now").kind, ChatStep::kPrompt);
}

TEST(ChatInput, SkipsBlankLines) {
  ChatInput input;
  EXPECT_EQ(input.Feed("").kind, ChatStep::kMore);
  EXPECT_EQ(input.Feed(" \t").kind, ChatStep::kMore);
}

TEST(ChatInput, MultiCollectsLinesUntilEnd) {
  ChatInput input;
  EXPECT_EQ(input.Prompt(), "> ");
  EXPECT_EQ(input.Feed("!multi").kind, ChatStep::kMore);
  EXPECT_TRUE(input.in_multi());
  EXPECT_EQ(input.Prompt(), "");
  EXPECT_EQ(input.Feed("first line").kind, ChatStep::kMore);
  EXPECT_EQ(input.Feed("").kind, ChatStep::kMore);
  EXPECT_EQ(input.Feed("  third").kind, ChatStep::kMore);
  ChatStep step = input.Feed("!end");
  EXPECT_EQ(step.kind, ChatStep::kPrompt);
  EXPECT_EQ(step.prompt, "first line\n\n  third");
  EXPECT_FALSE(input.in_multi());
  EXPECT_EQ(input.Prompt(), "> ");
}

TEST(ChatInput, MultiWithATokenEndsOnlyAtTheMatchingEnd) {
  ChatInput input;
  input.Feed("!multi abc");
  EXPECT_EQ(input.Feed("!end").kind, ChatStep::kMore);  // part of the prompt
  ChatStep step = input.Feed("!end abc");
  EXPECT_EQ(step.kind, ChatStep::kPrompt);
  EXPECT_EQ(step.prompt, "!end");
}

TEST(ChatInput, ExitInsideMultiIsText) {
  ChatInput input;
  input.Feed("!multi");
  EXPECT_EQ(input.Feed("exit").kind, ChatStep::kMore);
  EXPECT_EQ(input.Feed("more").kind, ChatStep::kMore);
  ChatStep step = input.Feed("!end");
  EXPECT_EQ(step.kind, ChatStep::kPrompt);
  EXPECT_EQ(step.prompt, "exit\nmore");
}

TEST(ChatInput, EmptyMultiSendsNothing) {
  ChatInput input;
  input.Feed("!multi");
  EXPECT_EQ(input.Feed("!end").kind, ChatStep::kMore);
  EXPECT_FALSE(input.in_multi());
}

TEST(ChatInput, ResetDropsAHalfTypedMulti) {
  ChatInput input;
  input.Feed("!multi");
  input.Feed("lost");
  input.Reset();
  EXPECT_FALSE(input.in_multi());
  ChatStep step = input.Feed("kept");
  EXPECT_EQ(step.kind, ChatStep::kPrompt);
  EXPECT_EQ(step.prompt, "kept");
}

TEST(ChatInput, EditAsksForTheEditor) {
  ChatInput input;
  EXPECT_EQ(input.Feed(" !edit ").kind, ChatStep::kEdit);
  EXPECT_EQ(input.Feed("!edit this").kind, ChatStep::kPrompt);
}

TEST(ChatInput, EditedTextIsThePromptStripped) {
  ChatInput input;
  ASSERT_EQ(input.Feed("!edit").kind, ChatStep::kEdit);
  ChatStep step = input.FeedEdited("\n  line one\nline two\n\n");
  EXPECT_EQ(step.kind, ChatStep::kPrompt);
  EXPECT_EQ(step.prompt, "line one\nline two");
}

TEST(ChatInput, BlankEditedTextSendsNothing) {
  ChatInput input;
  EXPECT_EQ(input.FeedEdited("").kind, ChatStep::kMore);
  EXPECT_EQ(input.FeedEdited(" \n\t\n").kind, ChatStep::kMore);
}

TEST(ChatInput, EditedExitEndsTheChat) {
  ChatInput input;
  EXPECT_EQ(input.FeedEdited("quit\n").kind, ChatStep::kExit);
}

TEST(ChatInput, EditInsideMultiAddsToTheCollectedLines) {
  ChatInput input;
  input.Feed("!multi");
  input.Feed("typed");
  ASSERT_EQ(input.Feed("!edit").kind, ChatStep::kEdit);
  EXPECT_EQ(input.FeedEdited("from the editor\n").kind, ChatStep::kMore);
  EXPECT_TRUE(input.in_multi());
  ChatStep step = input.Feed("!end");
  EXPECT_EQ(step.kind, ChatStep::kPrompt);
  EXPECT_EQ(step.prompt, "typed\nfrom the editor");
}

TEST(ChatInput, FragmentLineAloneSendsItsFragmentsWithNoText) {
  ChatInput input;
  ChatStep step = input.Feed("!fragment notes.md  https://x.test/a\tdocs");
  EXPECT_EQ(step.kind, ChatStep::kPrompt);
  EXPECT_EQ(step.prompt, "");
  EXPECT_EQ(step.fragments, (std::vector<std::string>{"notes.md", "https://x.test/a", "docs"}));
}

TEST(ChatInput, FragmentLinesInsideMultiGoWithTheCollectedText) {
  ChatInput input;
  input.Feed("!multi");
  input.Feed("Compare these");
  EXPECT_EQ(input.Feed("!fragment a.md b.md").kind, ChatStep::kMore);
  input.Feed("briefly");
  input.Feed("!fragment c.md");
  ChatStep step = input.Feed("!end");
  EXPECT_EQ(step.kind, ChatStep::kPrompt);
  EXPECT_EQ(step.prompt, "Compare these\nbriefly");
  EXPECT_EQ(step.fragments, (std::vector<std::string>{"a.md", "b.md", "c.md"}));
}

TEST(ChatInput, MultiWithOnlyFragmentsStillSends) {
  ChatInput input;
  input.Feed("!multi");
  input.Feed("!fragment a.md");
  ChatStep step = input.Feed("!end");
  EXPECT_EQ(step.kind, ChatStep::kPrompt);
  EXPECT_EQ(step.fragments, (std::vector<std::string>{"a.md"}));
}

TEST(ChatInput, FragmentNeedsToStartTheLineAndEditedTextIsNotSearched) {
  ChatInput input;
  EXPECT_TRUE(input.Feed("  !fragment a.md").fragments.empty());
  EXPECT_TRUE(input.Feed("!fragments a.md").fragments.empty());
  ChatStep edited = input.FeedEdited("!fragment a.md");
  EXPECT_EQ(edited.prompt, "!fragment a.md");
  EXPECT_TRUE(edited.fragments.empty());
}

TEST(ChatInput, ResetDropsCollectedFragments) {
  ChatInput input;
  input.Feed("!multi");
  input.Feed("!fragment a.md");
  input.Reset();
  input.Feed("!multi");
  input.Feed("text");
  EXPECT_TRUE(input.Feed("!end").fragments.empty());
}

}  // namespace
}  // namespace llmbox
