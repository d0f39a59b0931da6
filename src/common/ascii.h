// ASCII case folding for protocol tokens (header names, model ids, paths):
// locale-independent, so a Turkish locale cannot turn "I" into a dotless i.
#pragma once

#include <string>
#include <string_view>

namespace llmbox {

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace llmbox
