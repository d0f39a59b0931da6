// See utf8_repair.h for the spec this follows.
#include "llm/utf8_repair.h"

namespace llmbox {
namespace {

struct Inspection {
  size_t length;  // length of the well-formed sequence, 0 if ill-formed
  size_t prefix;  // bytes that began a sequence (at least 1): the "maximal subpart"
};

Inspection Inspect(std::string_view text, size_t pos) {
  const auto at = [&](size_t i) { return static_cast<unsigned char>(text[pos + i]); };
  const unsigned char c = at(0);
  if (c < 0x80) return {1, 1};
  size_t length;
  unsigned char low = 0x80;  // allowed range of the second byte (table 3-7)
  unsigned char high = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;   // no overlong forms
    if (c == 0xED) high = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;   // no overlong forms
    if (c == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return {0, 1};
  }
  size_t good = 1;
  while (good < length && pos + good < text.size()) {
    const unsigned char next = at(good);
    const bool fits = good == 1 ? (next >= low && next <= high) : (next & 0xC0) == 0x80;
    if (!fits) break;
    ++good;
  }
  return {good == length ? length : 0, good};
}

}  // namespace

size_t Utf8SequenceLength(std::string_view text, size_t pos) { return Inspect(text, pos).length; }

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {  // ASCII, the common case
      ++i;
      continue;
    }
    const size_t n = Inspect(text, i).length;
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string RepairUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size();) {
    const Inspection seen = Inspect(text, i);
    if (seen.length > 0) {
      out.append(text.substr(i, seen.length));
      i += seen.length;
    } else {
      // One U+FFFD per maximal subpart: a truncated character is one error.
      out.append(kReplacementChar);
      i += seen.prefix;
    }
  }
  return out;
}

}  // namespace llmbox
