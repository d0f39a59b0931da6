// The lines a `llm chat` user types, turned into prompts as llm does it:
// "exit" or "quit" ends the chat; "!multi" starts a prompt of several lines,
// ended by "!end" ("!multi abc" is ended by "!end abc", so the text itself
// may contain "!end"). Blank lines are skipped, except inside !multi, where
// they belong to the prompt (llm drops them there too, which mangles pasted
// paragraphs). "!edit" asks for the next prompt from the user's editor
// (external_editor.h); what was saved is fed back with FeedEdited().
// A line "!fragment A B ..." names fragments (fragment_resolver.h) for the
// message: alone it sends them at once with no text, inside !multi they go
// with the collected lines at !end. Text from the editor is never searched
// for !fragment lines (llm's rule).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llmbox {

struct ChatStep {
  enum Kind {
    kMore,    // nothing to send yet: read another line
    kPrompt,  // send `prompt`
    kExit,
    kEdit,    // "!edit": open the editor, then FeedEdited() what was saved
  };
  Kind kind = kMore;
  std::string prompt;
  std::vector<std::string> fragments;  // "!fragment" values for this prompt, as typed
};

class ChatInput {
 public:
  ChatStep Feed(std::string_view line);
  // The text saved in the editor after kEdit, stripped as llm strips it:
  // inside !multi it joins the lines collected; otherwise it is the prompt
  // (nothing when blank; "exit"/"quit" end the chat, as typed).
  ChatStep FeedEdited(std::string_view text);
  // The prompt to show: "> ", or "" while collecting a !multi prompt (as llm).
  std::string_view Prompt() const { return in_multi_ ? "" : "> "; }
  bool in_multi() const { return in_multi_; }
  // Drops a half-typed !multi prompt (Ctrl-C).
  void Reset();

 private:
  bool in_multi_ = false;
  std::string end_token_;
  std::vector<std::string> lines_;
  std::vector<std::string> fragments_;  // of the !multi prompt being collected
};

}  // namespace llmbox
