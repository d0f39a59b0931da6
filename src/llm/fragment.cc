#include "llm/fragment.h"

#include "llm/attachment_id.h"

namespace llmbox {
namespace {

bool IsAliasChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// Python's str.strip() for the whitespace prompts hold (ASCII; Python also
// strips Unicode spaces, which a system prompt rarely starts or ends with).
std::string_view Strip(std::string_view text) {
  const auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
           (c >= '\x1c' && c <= '\x1f');
  };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string JoinPromptFragments(const std::vector<Fragment>& fragments, std::string_view prompt) {
  std::string out;
  bool first = true;
  const auto add = [&](std::string_view piece) {
    if (!first) out += '\n';
    out += piece;
    first = false;
  };
  for (const Fragment& f : fragments) add(f.content);
  if (!prompt.empty()) add(prompt);
  return out;
}

std::string JoinSystemFragments(const std::vector<Fragment>& fragments, std::string_view system) {
  std::string out;
  const auto add = [&](std::string_view piece) {
    piece = Strip(piece);
    if (piece.empty()) return;
    if (!out.empty()) out += "\n\n";
    out += piece;
  };
  for (const Fragment& f : fragments) add(f.content);
  add(system);
  return out;
}

std::string FragmentHash(std::string_view content) { return Sha256Hex(content); }

bool HasLoaderPrefix(std::string_view value) {
  const size_t colon = value.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  return IsValidFragmentAlias(value.substr(0, colon));
}

bool IsValidFragmentAlias(std::string_view alias) {
  if (alias.empty()) return false;
  for (char c : alias) {
    if (!IsAliasChar(c)) return false;
  }
  return true;
}

}  // namespace llmbox
