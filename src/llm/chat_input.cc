#include "llm/chat_input.h"

#include <algorithm>

namespace llmbox {
namespace {

std::string_view Strip(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const size_t last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

constexpr std::string_view kFragment = "!fragment ";

// The values after "!fragment ", split on whitespace as Python's str.split().
std::vector<std::string> FragmentValues(std::string_view line) {
  std::vector<std::string> out;
  std::string_view rest = line.substr(kFragment.size());
  for (;;) {
    const size_t start = rest.find_first_not_of(" \t\r\n\v\f");
    if (start == std::string_view::npos) return out;
    rest.remove_prefix(start);
    const size_t end = std::min(rest.find_first_of(" \t\r\n\v\f"), rest.size());
    out.emplace_back(rest.substr(0, end));
    rest.remove_prefix(end);
  }
}

}  // namespace

ChatStep ChatInput::Feed(std::string_view line) {
  const std::string_view stripped = Strip(line);
  if (stripped == "!edit") return {ChatStep::kEdit, "", {}};
  const bool fragment_line = line.substr(0, kFragment.size()) == kFragment;
  if (in_multi_) {
    if (fragment_line) {
      for (std::string& value : FragmentValues(line)) fragments_.push_back(std::move(value));
      return {};
    }
    if (stripped != end_token_) {
      lines_.emplace_back(line);
      return {};
    }
    std::string prompt;
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (i > 0) prompt += '\n';
      prompt += lines_[i];
    }
    std::vector<std::string> fragments = std::move(fragments_);
    Reset();
    if (Strip(prompt) == "exit" || Strip(prompt) == "quit") return {ChatStep::kExit, "", {}};
    if (Strip(prompt).empty() && fragments.empty()) return {};
    return {ChatStep::kPrompt, std::move(prompt), std::move(fragments)};
  }
  if (fragment_line) return {ChatStep::kPrompt, "", FragmentValues(line)};
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
  if (stripped == "exit" || stripped == "quit") return {ChatStep::kExit, "", {}};
  return {ChatStep::kPrompt, std::string(line), {}};
}

ChatStep ChatInput::FeedEdited(std::string_view text) {
  const std::string_view stripped = Strip(text);
  if (in_multi_) {
    if (!stripped.empty()) lines_.emplace_back(stripped);
    return {};
  }
  if (stripped.empty()) return {};
  if (stripped == "exit" || stripped == "quit") return {ChatStep::kExit, "", {}};
  return {ChatStep::kPrompt, std::string(stripped), {}};
}

void ChatInput::Reset() {
  in_multi_ = false;
  end_token_.clear();
  lines_.clear();
  fragments_.clear();
}

}  // namespace llmbox
