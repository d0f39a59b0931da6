// UTF-8 checking and repair for text that comes from a server.
//
// A model API is supposed to send UTF-8 but a broken or hostile server may
// not, and our JSON library rejects (or, when dumping, throws on) invalid
// UTF-8. Rather than fail a whole answer over one bad byte, invalid sequences
// are replaced by U+FFFD, the way browsers decode text.
// Spec: Unicode 15, section 3.9, table 3-7 (well-formed UTF-8 byte sequences);
// overlong forms, surrogates and code points above U+10FFFF are invalid.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace llmbox {

inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed sequence starting at text[pos], or 0 if there is none.
size_t Utf8SequenceLength(std::string_view text, size_t pos);

bool IsValidUtf8(std::string_view text);

// `text` with each maximal invalid subpart replaced by U+FFFD.
std::string RepairUtf8(std::string_view text);

}  // namespace llmbox
