#include "llm/chat_input.h"

namespace llmbox {
namespace {

std::string_view Strip(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const size_t last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

}  // namespace

ChatStep ChatInput::Feed(std::string_view line) {
  const std::string_view stripped = Strip(line);
  if (stripped == "!edit") return {ChatStep::kEdit, ""};
  if (in_multi_) {
    if (stripped != end_token_) {
      lines_.emplace_back(line);
      return {};
    }
    std::string prompt;
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (i > 0) prompt += '\n';
      prompt += lines_[i];
    }
    Reset();
    if (Strip(prompt) == "exit" || Strip(prompt) == "quit") return {ChatStep::kExit, ""};
    if (Strip(prompt).empty()) return {};
    return {ChatStep::kPrompt, std::move(prompt)};
  }
  if (stripped.substr(0, 6) == "!multi") {
    in_multi_ = true;
    end_token_ = "!end";
    const size_t space = stripped.find(' ');
    if (space != std::string_view::npos) {
      end_token_ += ' ';
      end_token_ += Strip(stripped.substr(space + 1));
    }
    return {};
  }
  if (stripped.empty()) return {};
  if (stripped == "exit" || stripped == "quit") return {ChatStep::kExit, ""};
  return {ChatStep::kPrompt, std::string(line)};
}

ChatStep ChatInput::FeedEdited(std::string_view text) {
  const std::string_view stripped = Strip(text);
  if (in_multi_) {
    if (!stripped.empty()) lines_.emplace_back(stripped);
    return {};
  }
  if (stripped.empty()) return {};
  if (stripped == "exit" || stripped == "quit") return {ChatStep::kExit, ""};
  return {ChatStep::kPrompt, std::string(stripped)};
}

void ChatInput::Reset() {
  in_multi_ = false;
  end_token_.clear();
  lines_.clear();
}

}  // namespace llmbox
