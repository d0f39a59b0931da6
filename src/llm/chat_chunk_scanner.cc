// See chat_chunk_scanner.h for what this guards against.
#include "llm/chat_chunk_scanner.h"

#include <cstring>
#include <utility>

#include "llm/utf8_repair.h"

namespace llmbox {
namespace {

constexpr int kMaxDepth = 100;  // as kMaxUntrustedJsonDepth
constexpr long kMaxNumberChars = 300;

// What a value means to the stream reader, from where it sits in the chunk.
enum class Slot {
  kRoot,       // the chunk itself
  kChoices,    // root.choices
  kChoice0,    // root.choices[0]
  kDelta,      // choices[0].delta
  kContent,    // delta.content
  kRole,       // delta.role
  kFinish,     // choices[0].finish_reason
  kToolCalls,  // delta.tool_calls
  kError,      // root.error
  kUsage,      // root.usage
  kOther,      // anything the stream reader ignores
};

// The slot of member `key` of an object in `parent`, and a bit that is set
// once per object so that a second member of that name sends the chunk the
// full way (the tree keeps the last one; simpler to not guess).
std::pair<Slot, unsigned> ChildOf(Slot parent, std::string_view key) {
  switch (parent) {
    case Slot::kRoot:
      if (key == "choices") return {Slot::kChoices, 1};
      if (key == "error") return {Slot::kError, 2};
      if (key == "usage") return {Slot::kUsage, 4};
      break;
    case Slot::kChoice0:
      if (key == "delta") return {Slot::kDelta, 1};
      if (key == "finish_reason") return {Slot::kFinish, 2};
      break;
    case Slot::kDelta:
      if (key == "content") return {Slot::kContent, 1};
      if (key == "role") return {Slot::kRole, 2};
      if (key == "tool_calls") return {Slot::kToolCalls, 4};
      break;
    default:
      break;
  }
  return {Slot::kOther, 0};
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(unsigned code, std::string& out) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// A recursive-descent JSON reader that fails (returns false) on anything it
// does not read exactly as the full parser would. Recursion is bounded by
// kMaxDepth.
class Scanner {
 public:
  Scanner(std::string_view text, ChatChunkDelta& out)
      : p_(text.data()), end_(text.data() + text.size()), out_(out) {}

  bool Document() {
    if (!Value(Slot::kRoot, 0)) return false;
    SkipSpace();
    return p_ == end_;
  }

 private:
  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool Value(Slot slot, int depth) {
    SkipSpace();
    if (p_ == end_) return false;
    const char c = *p_;
    if (slot == Slot::kRoot && c != '{') return false;  // not an object: full way
    if (slot == Slot::kError && c != 'n') return false;  // an error object: full way
    switch (c) {
      case '{':
        return slot != Slot::kUsage && Object(slot, depth + 1);
      case '[':
        return slot != Slot::kToolCalls && Array(slot, depth + 1);
      case '"':
        return StringValue(slot);
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        return Number();
    }
  }

  bool StringValue(Slot slot) {
    switch (slot) {
      case Slot::kContent:
        return out_.has_content = String(&out_.content);
      case Slot::kRole:
        return out_.has_role = String(&out_.role);
      case Slot::kFinish:
        return out_.has_finish = String(&out_.finish_reason);
      default:
        return String(nullptr);
    }
  }

  bool Object(Slot slot, int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;  // '{'
    if (slot == Slot::kChoice0) out_.has_choice = true;
    if (slot == Slot::kDelta) out_.has_delta = true;
    SkipSpace();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    unsigned seen = 0;
    while (true) {
      SkipSpace();
      std::string_view key;
      if (!Key(key)) return false;
      const auto [child, bit] = ChildOf(slot, key);
      if ((seen & bit) != 0) return false;
      seen |= bit;
      SkipSpace();
      if (p_ == end_ || *p_ != ':') return false;
      ++p_;
      if (!Value(child, depth)) return false;
      SkipSpace();
      if (p_ == end_) return false;
      if (*p_ == '}') {
        ++p_;
        return true;
      }
      if (*p_++ != ',') return false;
    }
  }

  bool Array(Slot slot, int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;  // '['
    SkipSpace();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    for (bool first = true;; first = false) {
      const Slot child = slot == Slot::kChoices && first ? Slot::kChoice0 : Slot::kOther;
      if (!Value(child, depth)) return false;
      SkipSpace();
      if (p_ == end_) return false;
      if (*p_ == ']') {
        ++p_;
        return true;
      }
      if (*p_++ != ',') return false;
    }
  }

  // Skips one well-formed UTF-8 sequence starting at a byte >= 0x80.
  bool MultiByte() {
    const size_t n = Utf8SequenceLength(std::string_view(p_, end_ - p_), 0);
    p_ += n;
    return n != 0;
  }

  // A member name without escapes (names with escapes go the full way).
  bool Key(std::string_view& key) {
    if (p_ == end_ || *p_ != '"') return false;
    const char* start = ++p_;
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        key = std::string_view(start, p_ - start);
        ++p_;
        return true;
      }
      if (c == '\\' || c < 0x20) return false;
      if (c < 0x80) {
        ++p_;
      } else if (!MultiByte()) {
        return false;
      }
    }
    return false;
  }

  // A string; its unescaped value replaces *into when `into` is not null.
  bool String(std::string* into) {
    ++p_;  // '"'
    if (into != nullptr) into->clear();
    const char* run = p_;
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        if (into != nullptr) into->append(run, p_);
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (into != nullptr) into->append(run, p_);
        if (!Escape(into)) return false;
        run = p_;
      } else if (c < 0x80) {
        ++p_;
      } else if (!MultiByte()) {
        return false;
      }
    }
    return false;
  }

  bool Hex4(unsigned& code) {
    if (end_ - p_ < 4) return false;
    code = 0;
    for (int i = 0; i < 4; ++i) {
      const int v = HexValue(p_[i]);
      if (v < 0) return false;
      code = code * 16 + static_cast<unsigned>(v);
    }
    p_ += 4;
    return true;
  }

  bool Escape(std::string* into) {
    ++p_;  // '\'
    if (p_ == end_) return false;
    const char c = *p_++;
    char plain;
    switch (c) {
      case '"': plain = '"'; break;
      case '\\': plain = '\\'; break;
      case '/': plain = '/'; break;
      case 'b': plain = '\b'; break;
      case 'f': plain = '\f'; break;
      case 'n': plain = '\n'; break;
      case 'r': plain = '\r'; break;
      case 't': plain = '\t'; break;
      case 'u': return Unicode(into);
      default: return false;
    }
    if (into != nullptr) into->push_back(plain);
    return true;
  }

  // After "\u": a code point, a surrogate pair in two escapes, never a lone surrogate.
  bool Unicode(std::string* into) {
    unsigned code;
    if (!Hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return false;
    if (code >= 0xD800 && code <= 0xDBFF) {
      unsigned low;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      if (!Hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    if (into != nullptr) AppendUtf8(code, *into);
    return true;
  }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size()) return false;
    if (std::memcmp(p_, word.data(), word.size()) != 0) return false;
    p_ += word.size();
    return true;
  }

  // RFC 8259 numbers without an exponent, at most 300 characters: always a
  // finite double or an integer for the full parser.
  bool Number() {
    const char* start = p_;
    if (*p_ == '-') ++p_;
    if (p_ == end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ < end_ && IsDigit(*p_)) ++p_;
    } else {
      return false;
    }
    if (p_ < end_ && *p_ == '.') {
      ++p_;
      if (p_ == end_ || !IsDigit(*p_)) return false;
      while (p_ < end_ && IsDigit(*p_)) ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) return false;
    return p_ - start <= kMaxNumberChars;
  }

  const char* p_;
  const char* end_;
  ChatChunkDelta& out_;
};

}  // namespace

bool ScanChatChunk(std::string_view data, ChatChunkDelta& out) {
  out.has_choice = out.has_delta = out.has_content = out.has_role = out.has_finish = false;
  return Scanner(data, out).Document();
}

}  // namespace llmbox
