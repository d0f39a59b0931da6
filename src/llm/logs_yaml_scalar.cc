// PyYAML's scalar analysis; see logs_yaml_scalar.h.
#include "llm/logs_yaml_scalar.h"

#include <cstdio>

#include "llm/logs_yaml_resolve.h"

namespace llmbox {
namespace {

bool IsBreak(char32_t ch) { return ch == '\n' || ch == 0x85 || ch == 0x2028 || ch == 0x2029; }
bool IsSpaceOrBreakOrEnd(const std::u32string& t, size_t i) {
  if (i >= t.size()) return true;
  char32_t ch = t[i];
  return ch == 0 || ch == ' ' || ch == '\t' || ch == '\r' || IsBreak(ch);
}

}  // namespace

std::u32string DecodeUtf8Replacing(std::string_view s) {
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

// PyYAML's analyze_scalar + choose_scalar_style for a value in block context
// (flow indicators such as ',' or '[' only matter inside [...] / {...},
// which this emitter never fills).
YamlScalarStyle ChooseYamlScalarStyle(const std::string& utf8, const std::u32string& t) {
  if (t.empty() || PyYamlReadsAsNonString(utf8)) return YamlScalarStyle::kSingle;
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
  if (special) return YamlScalarStyle::kDouble;
  if (t.front() == ' ' || t.back() == ' ' || indicators) return YamlScalarStyle::kSingle;
  return YamlScalarStyle::kPlain;
}

std::string YamlEscape(char32_t ch) {
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
std::string YamlNonStringText(const nlohmann::ordered_json& n) {
  if (n.is_null()) return "null";
  std::string text = n.dump();
  if (n.is_number_float() && text.find('.') == std::string::npos) {
    size_t e = text.find('e');
    if (e != std::string::npos) text.insert(e, ".0");
  }
  return text;
}

}  // namespace llmbox
