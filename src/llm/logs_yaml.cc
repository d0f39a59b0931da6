#include "llm/logs_yaml.h"

#include <cstdio>
#include <string_view>
#include <vector>

#include "llm/logs_yaml_resolve.h"

namespace llmbox {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kBestIndent = 2;

// UTF-8 to code points; a malformed byte becomes U+FFFD, as Python's
// "replace" error handler would show it.
std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    bool ok = extra >= 0 && i + static_cast<size_t>(extra) < s.size();
    for (int k = 1; ok && k <= extra; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
      ok = (cc & 0xC0) == 0x80;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (!ok) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    out.push_back(cp);
    i += static_cast<size_t>(extra) + 1;
  }
  return out;
}

bool IsPrintableAscii(char32_t ch) { return ch >= 0x20 && ch <= 0x7E; }
bool IsBreak(char32_t ch) { return ch == '\n' || ch == 0x85 || ch == 0x2028 || ch == 0x2029; }
bool IsSpaceOrBreakOrEnd(const std::u32string& t, size_t i) {
  if (i >= t.size()) return true;
  char32_t ch = t[i];
  return ch == 0 || ch == ' ' || ch == '\t' || ch == '\r' || IsBreak(ch);
}

enum class Style { kPlain, kSingle, kDouble };

// PyYAML's analyze_scalar + choose_scalar_style for a value in block context
// (flow indicators such as ',' or '[' only matter inside [...] / {...},
// which this emitter never fills).
Style ChooseStyle(const std::string& utf8, const std::u32string& t) {
  if (t.empty() || PyYamlReadsAsNonString(utf8)) return Style::kSingle;
  bool indicators = utf8.rfind("---", 0) == 0 || utf8.rfind("...", 0) == 0;
  bool special = false;
  for (size_t i = 0; i < t.size(); ++i) {
    char32_t ch = t[i];
    bool followed_ws = IsSpaceOrBreakOrEnd(t, i + 1);
    bool preceded_ws = i == 0 || IsSpaceOrBreakOrEnd(t, i - 1);
    if (i == 0) {
      if (std::u32string_view(U"#,[]{}&*!|>'\"%@`").find(ch) != std::u32string_view::npos) {
        indicators = true;
      }
      if ((ch == '?' || ch == ':' || ch == '-') && followed_ws) indicators = true;
    } else {
      if (ch == ':' && followed_ws) indicators = true;
      if (ch == '#' && preceded_ws) indicators = true;
    }
    // Line breaks, controls and (allow_unicode=False) anything beyond ASCII.
    if (!IsPrintableAscii(ch)) special = true;
  }
  if (special) return Style::kDouble;
  if (t.front() == ' ' || t.back() == ' ' || indicators) return Style::kSingle;
  return Style::kPlain;
}

std::string EscapeFor(char32_t ch) {
  switch (ch) {
    case 0:
      return "\\0";
    case 0x07:
      return "\\a";
    case 0x08:
      return "\\b";
    case 0x09:
      return "\\t";
    case 0x0A:
      return "\\n";
    case 0x0B:
      return "\\v";
    case 0x0C:
      return "\\f";
    case 0x0D:
      return "\\r";
    case 0x1B:
      return "\\e";
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case 0x85:
      return "\\N";
    case 0xA0:
      return "\\_";
    case 0x2028:
      return "\\L";
    case 0x2029:
      return "\\P";
    default:
      break;
  }
  char buf[16];
  if (ch <= 0xFF) {
    std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(ch));
  } else if (ch <= 0xFFFF) {
    std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(ch));
  } else {
    std::snprintf(buf, sizeof buf, "\\U%08X", static_cast<unsigned>(ch));
  }
  return buf;
}

// How PyYAML represents a non-string scalar. Floats follow Python's repr,
// which nlohmann's shortest round-trip output matches, plus PyYAML's rule that
// an exponent without a dot gets ".0" ("1e-05" -> "1.0e-05").
std::string NonStringText(const Json& n) {
  if (n.is_null()) return "null";
  std::string text = n.dump();
  if (n.is_number_float() && text.find('.') == std::string::npos) {
    size_t e = text.find('e');
    if (e != std::string::npos) text.insert(e, ".0");
  }
  return text;
}

// The state machine of PyYAML's Emitter, reduced to block collections and
// scalars. Member names follow PyYAML's so the two can be compared.
class Emitter {
 public:
  explicit Emitter(const PyYamlStyle& style) : style_(style) {}

  std::string Dump(const Json& root) {
    Node(root, /*mapping_context=*/false, /*simple_key=*/false);
    if (open_ended_) out_ += "...\n";  // after a "|+" block PyYAML ends the document
    return out_;
  }

 private:
  void Node(const Json& n, bool mapping_context, bool simple_key) {
    if (n.is_array() && !n.empty()) return BlockSequence(n, mapping_context);
    if (n.is_object() && !n.empty()) return BlockMapping(n);
    if (n.is_array()) return EmptyFlow("[", "]");
    if (n.is_object()) return EmptyFlow("{", "}");
    Scalar(n, simple_key);
  }

  void BlockSequence(const Json& n, bool mapping_context) {
    IncreaseIndent(/*flow=*/false, /*indentless=*/mapping_context && !indention_);
    for (const Json& item : n) {
      WriteIndent();
      WriteIndicator("-", true, false, true);
      Node(item, false, false);
    }
    PopIndent();
  }

  void BlockMapping(const Json& n) {
    IncreaseIndent(/*flow=*/false, /*indentless=*/false);
    for (const auto& [key, value] : n.items()) {
      WriteIndent();
      Node(Json(key), /*mapping_context=*/true, /*simple_key=*/true);
      WriteIndicator(":", false);
      Node(value, /*mapping_context=*/true, /*simple_key=*/false);
    }
    PopIndent();
  }

  void EmptyFlow(const char* open, const char* close) {
    WriteIndicator(open, true, true);
    WriteIndicator(close, false);
  }

  void Scalar(const Json& n, bool simple_key) {
    IncreaseIndent(/*flow=*/true, false);
    if (n.is_string()) {
      const std::string& s = n.get_ref<const std::string&>();
      std::u32string t = DecodeUtf8(s);
      if (style_.literal_multiline && !simple_key && AllowsLiteral(t)) {
        WriteLiteral(t);
        PopIndent();
        return;
      }
      switch (ChooseStyle(s, t)) {
        case Style::kPlain:
          WritePlain(s, !simple_key);
          break;
        case Style::kSingle:
          WriteSingleQuoted(s, !simple_key);
          break;
        case Style::kDouble:
          WriteDoubleQuoted(t, !simple_key);
          break;
      }
    } else {
      WritePlain(NonStringText(n), !simple_key);
    }
    PopIndent();
  }

  void IncreaseIndent(bool flow, bool indentless) {
    indents_.push_back(indent_);
    if (indent_ < 0) {
      indent_ = flow ? kBestIndent : 0;
    } else if (!indentless) {
      indent_ += kBestIndent;
    }
  }

  void PopIndent() {
    indent_ = indents_.back();
    indents_.pop_back();
  }

  void Write(std::string_view data, int width) {
    out_ += data;
    column_ += width;
  }

  // Plain and single-quoted text is printable ASCII: bytes are columns.
  void WriteSlice(const std::string& text, size_t start, size_t end) {
    Write(text.substr(start, end - start), static_cast<int>(end - start));
  }

  void WriteLineBreak() {
    out_ += '\n';
    whitespace_ = indention_ = true;
    column_ = 0;
  }

  void WriteIndent() {
    int indent = indent_ < 0 ? 0 : indent_;
    if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) WriteLineBreak();
    if (column_ < indent) {
      whitespace_ = true;
      Write(std::string(static_cast<size_t>(indent - column_), ' '), indent - column_);
    }
  }

  void WriteIndicator(std::string_view indicator, bool need_whitespace, bool whitespace = false,
                      bool indention = false) {
    std::string data =
        (whitespace_ || !need_whitespace) ? std::string(indicator) : " " + std::string(indicator);
    whitespace_ = whitespace;
    indention_ = indention_ && indention;
    Write(data, static_cast<int>(data.size()));
  }

  // Plain and single-quoted text is printable ASCII here (ChooseStyle sends
  // anything else to double quotes), so bytes are characters.
  void WritePlain(const std::string& text, bool split) {
    if (text.empty()) return;
    if (!whitespace_) Write(" ", 1);
    whitespace_ = indention_ = false;
    size_t start = 0;
    bool spaces = false;
    for (size_t end = 0; end <= text.size(); ++end) {
      char ch = end < text.size() ? text[end] : '\0';
      if (spaces) {
        if (ch != ' ') {
          if (start + 1 == end && column_ > style_.width && split) {
            WriteIndent();
            whitespace_ = indention_ = false;
          } else {
            WriteSlice(text, start, end);
          }
          start = end;
        }
      } else if (end == text.size() || ch == ' ') {
        WriteSlice(text, start, end);
        start = end;
      }
      spaces = ch == ' ' && end < text.size();
    }
  }

  void WriteSingleQuoted(const std::string& text, bool split) {
    WriteIndicator("'", true);
    size_t start = 0;
    bool spaces = false;
    for (size_t end = 0; end <= text.size(); ++end) {
      bool at_end = end == text.size();
      char ch = at_end ? '\0' : text[end];
      if (spaces) {
        if (at_end || ch != ' ') {
          if (start + 1 == end && column_ > style_.width && split && start != 0 && !at_end) {
            WriteIndent();
          } else {
            WriteSlice(text, start, end);
          }
          start = end;
        }
      } else if ((at_end || ch == ' ' || ch == '\'') && start < end) {
        WriteSlice(text, start, end);
        start = end;
      }
      if (ch == '\'') {
        Write("''", 2);
        start = end + 1;
      }
      spaces = !at_end && ch == ' ';
    }
    WriteIndicator("'", false);
  }

  void WriteDoubleQuoted(const std::u32string& t, bool split) {
    WriteIndicator("\"", true);
    size_t start = 0;
    for (size_t end = 0; end <= t.size(); ++end) {
      bool at_end = end == t.size();
      char32_t ch = at_end ? 0 : t[end];
      if (at_end || ch == '"' || ch == '\\' || ch == 0x85 || ch == 0x2028 || ch == 0x2029 ||
          ch == 0xFEFF || !IsPrintableAscii(ch)) {
        if (start < end) WriteAscii(t, start, end);
        if (!at_end) {
          std::string esc = EscapeFor(ch);
          Write(esc, static_cast<int>(esc.size()));
          start = end + 1;
        }
      }
      if (end > 0 && end + 1 < t.size() && (ch == ' ' || start >= end) &&
          column_ + static_cast<int>(end - start) > style_.width && split) {
        if (start < end) {
          WriteAscii(t, start, end);
          start = end;
        }
        Write("\\", 1);
        WriteIndent();
        whitespace_ = indention_ = false;
        if (t[start] == ' ') Write("\\", 1);
      }
    }
    WriteIndicator("\"", false);
  }

  // PyYAML's analyze_scalar allow_block, for a string with a line break.
  static bool AllowsLiteral(const std::u32string& t) {
    if (t.find(U'\n') == std::u32string::npos || t.back() == ' ') return false;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] != '\n' && !IsPrintableAscii(t[i])) return false;
      if (t[i] == ' ' && i + 1 < t.size() && t[i + 1] == '\n') return false;
    }
    return true;
  }

  // PyYAML's determine_block_hints and write_literal (ASCII text, '\n' breaks).
  void WriteLiteral(const std::u32string& t) {
    std::string hints;
    if (t.front() == ' ' || t.front() == '\n') hints += std::to_string(kBestIndent);
    if (t.back() != '\n') {
      hints += '-';
    } else if (t.size() == 1 || t[t.size() - 2] == '\n') {
      hints += '+';
      open_ended_ = true;
    }
    WriteIndicator("|" + hints, true);
    WriteLineBreak();
    bool breaks = true;
    size_t start = 0;
    for (size_t end = 0; end <= t.size(); ++end) {
      const bool at_end = end == t.size();
      const char32_t ch = at_end ? 0 : t[end];
      if (breaks) {
        if (at_end || ch != '\n') {
          for (size_t i = start; i < end; ++i) WriteLineBreak();
          if (!at_end) WriteIndent();
          start = end;
        }
      } else if (at_end || ch == '\n') {
        WriteAscii(t, start, end);
        if (at_end) WriteLineBreak();
        start = end;
      }
      if (!at_end) breaks = ch == '\n';
    }
  }

  void WriteAscii(const std::u32string& t, size_t start, size_t end) {
    std::string data;
    for (size_t i = start; i < end; ++i) data += static_cast<char>(t[i]);
    Write(data, static_cast<int>(end - start));
  }

  PyYamlStyle style_;
  bool open_ended_ = false;
  std::string out_;
  int column_ = 0;
  bool whitespace_ = true;
  bool indention_ = true;
  int indent_ = -1;  // PyYAML's None
  std::vector<int> indents_;
};

}  // namespace

std::string DumpYamlLikePyYaml(const nlohmann::ordered_json& value, const PyYamlStyle& style) {
  return Emitter(style).Dump(value);
}

}  // namespace llmbox
