#include "llm/fenced_code.h"

#include <cstddef>
#include <map>

namespace llmbox {
namespace {

// Python's \w on str also matches non-ASCII letters; any UTF-8 byte above
// 0x7f is accepted here as part of one.
bool IsWordByte(unsigned char c) {
  return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c >= 0x80;
}

bool IsLineStart(std::string_view text, size_t pos) { return pos == 0 || text[pos - 1] == '\n'; }

struct Block {
  size_t code_begin;
  size_t code_end;
  size_t match_end;
};

// The closing fence for a block whose code starts at `from`: the first line
// holding exactly `fence` backticks, then spaces, then the end of the line.
std::optional<Block> FindClose(std::string_view text, size_t from, size_t fence) {
  for (size_t p = from; p <= text.size(); ++p) {
    if (!IsLineStart(text, p)) continue;
    size_t i = p;
    while (i < text.size() && i - p < fence && text[i] == '`') ++i;
    if (i - p != fence) continue;
    while (i < text.size() && text[i] == ' ') ++i;
    if (i == text.size() || text[i] == '\n') return Block{from, p, i};
  }
  return std::nullopt;
}

// Where a search for a closing fence of each length already failed: a later
// search for the same length would fail too, so a long answer full of
// unclosed fences stays linear instead of quadratic.
using NoCloseFrom = std::map<size_t, size_t>;

// A block opening at line start `pos`, if there is one.
std::optional<Block> MatchAt(std::string_view text, size_t pos, NoCloseFrom& no_close) {
  size_t i = pos;
  while (i < text.size() && text[i] == '`') ++i;
  const size_t fence = i - pos;
  if (fence < 3) return std::nullopt;
  while (i < text.size() && IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
  if (i >= text.size() || text[i] != '\n') return std::nullopt;
  if (auto it = no_close.find(fence); it != no_close.end() && it->second <= i + 1) {
    return std::nullopt;
  }
  auto block = FindClose(text, i + 1, fence);
  if (!block) no_close[fence] = i + 1;
  return block;
}

}  // namespace

std::optional<std::string> ExtractFencedCode(std::string_view text, bool last) {
  std::optional<Block> found;
  NoCloseFrom no_close;
  size_t pos = 0;
  while (pos < text.size()) {
    if (auto b = MatchAt(text, pos, no_close)) {
      found = b;
      if (!last) break;
      pos = b->match_end;
    }
    const size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  if (!found) return std::nullopt;
  return std::string(text.substr(found->code_begin, found->code_end - found->code_begin));
}

}  // namespace llmbox
