#include "llm/line_editor.h"

#include <gtest/gtest.h>

#include <sstream>

namespace llmbox {
namespace {

TEST(PlainLineEditor, WritesThePromptAndReadsOneLine) {
  std::istringstream in("first\nsecond\n");
  std::ostringstream out;
  auto editor = MakePlainLineEditor(in, out);
  LineRead read = editor->Read("> ");
  EXPECT_EQ(read.status, LineStatus::kLine);
  EXPECT_EQ(read.text, "first");
  EXPECT_EQ(out.str(), "> ");
  EXPECT_EQ(editor->Read("> ").text, "second");
  EXPECT_EQ(out.str(), "> > ");
}

TEST(PlainLineEditor, DropsACarriageReturnBeforeTheNewline) {
  std::istringstream in("dos line\r\n");
  std::ostringstream out;
  EXPECT_EQ(MakePlainLineEditor(in, out)->Read("").text, "dos line");
}

TEST(PlainLineEditor, ReadsALastLineWithoutNewline) {
  std::istringstream in("no newline");
  std::ostringstream out;
  auto editor = MakePlainLineEditor(in, out);
  EXPECT_EQ(editor->Read("").text, "no newline");
  EXPECT_EQ(editor->Read("").status, LineStatus::kEnd);
}

TEST(PlainLineEditor, ReportsEndOfInput) {
  std::istringstream in("");
  std::ostringstream out;
  EXPECT_EQ(MakePlainLineEditor(in, out)->Read("> ").status, LineStatus::kEnd);
}

}  // namespace
}  // namespace llmbox
