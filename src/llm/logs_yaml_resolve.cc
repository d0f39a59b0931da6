#include "llm/logs_yaml_resolve.h"

#include <array>
#include <string_view>

namespace llmbox {
namespace {

constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kDigitsUnderscore = "0123456789_";

// A forward-only cursor over the text. Each pattern below works on a copy,
// so a failed alternative leaves the caller's position untouched. Every
// repetition in PyYAML's patterns is followed by a character it cannot
// contain, so greedy consumption never needs to backtrack.
class Scan {
 public:
  explicit Scan(std::string_view s) : s_(s) {}

  bool End() const { return i_ == s_.size(); }
  char Peek(size_t ahead = 0) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }

  bool Eat(char c) {
    if (i_ >= s_.size() || s_[i_] != c) return false;
    ++i_;
    return true;
  }

  bool EatAny(std::string_view set) {
    if (i_ >= s_.size() || set.find(s_[i_]) == std::string_view::npos) return false;
    ++i_;
    return true;
  }

  // Consumes up to `max` characters from `set`; returns how many.
  size_t Run(std::string_view set, size_t max = std::string_view::npos) {
    size_t n = 0;
    while (n < max && EatAny(set)) ++n;
    return n;
  }

  bool EatWord(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

bool OneOf(std::string_view text, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (text == w) return true;
  }
  return false;
}

// (:[0-5]?[0-9])+ : base-60 groups such as ":30" or ":5".
bool Sexagesimal(Scan& t) {
  size_t groups = 0;
  while (t.Eat(':')) {
    bool two = t.Peek() >= '0' && t.Peek() <= '5' && t.Peek(1) >= '0' && t.Peek(1) <= '9';
    if (t.Run(kDigits, two ? 2 : 1) == 0) return false;
    ++groups;
  }
  return groups > 0;
}

// [eE][-+][0-9]+, optional.
bool OptionalExponent(Scan& t) {
  if (!t.EatAny("eE")) return true;
  return t.EatAny("-+") && t.Run(kDigits) > 0;
}

bool IsInt(std::string_view text) {
  Scan s(text);
  s.EatAny("-+");
  Scan t = s;  // 0b[0-1_]+
  if (t.Eat('0') && t.Eat('b') && t.Run("01_") > 0 && t.End()) return true;
  t = s;  // 0x[0-9a-fA-F_]+
  if (t.Eat('0') && t.Eat('x') && t.Run("0123456789abcdefABCDEF_") > 0 && t.End()) return true;
  t = s;  // 0[0-7_]+ and 0
  if (t.Eat('0') && (t.End() || (t.Run("01234567_") > 0 && t.End()))) return true;
  t = s;  // [1-9][0-9_]* and [1-9][0-9_]*(:[0-5]?[0-9])+
  if (!t.EatAny("123456789")) return false;
  t.Run(kDigitsUnderscore);
  return t.End() || (Sexagesimal(t) && t.End());
}

bool IsFloat(std::string_view text) {
  if (text.empty()) return false;
  if (OneOf(text, {".nan", ".NaN", ".NAN"})) return true;
  Scan s(text);
  s.EatAny("-+");
  Scan t = s;  // [-+]?\.(inf|Inf|INF)
  if (t.Eat('.') && (t.EatWord("inf") || t.EatWord("Inf") || t.EatWord("INF")) && t.End()) {
    return true;
  }
  if (text.front() == '.') {  // \.[0-9][0-9_]*([eE][-+][0-9]+)? (no sign)
    Scan u(text);
    u.Eat('.');
    if (!u.EatAny(kDigits)) return false;
    u.Run(kDigitsUnderscore);
    return OptionalExponent(u) && u.End();
  }
  t = s;  // [0-9][0-9_]* then either \.[0-9_]*(exp)? or (:..)+\.[0-9_]*
  if (!t.EatAny(kDigits)) return false;
  t.Run(kDigitsUnderscore);
  if (t.Eat('.')) {
    t.Run(kDigitsUnderscore);
    return OptionalExponent(t) && t.End();
  }
  if (!Sexagesimal(t) || !t.Eat('.')) return false;
  t.Run(kDigitsUnderscore);
  return t.End();
}

// [ \t]*(Z|[-+][0-9][0-9]?(:[0-9][0-9])?), optional as a whole.
void OptionalTimeZone(Scan& t) {
  Scan u = t;
  u.Run(" \t");
  if (u.Eat('Z')) {
    t = u;
    return;
  }
  if (!u.EatAny("-+") || u.Run(kDigits, 2) == 0) return;
  Scan v = u;
  if (v.Eat(':') && v.Run(kDigits, 2) == 2) u = v;
  t = u;
}

bool IsTimestamp(std::string_view text) {
  Scan t(text);
  if (t.Run(kDigits, 4) != 4 || !t.Eat('-')) return false;
  size_t month = t.Run(kDigits, 2);
  if (month == 0 || !t.Eat('-')) return false;
  size_t day = t.Run(kDigits, 2);
  if (day == 0) return false;
  if (t.End()) return month == 2 && day == 2;  // a date alone needs YYYY-MM-DD
  if (!t.EatAny("Tt") && t.Run(" \t") == 0) return false;
  if (t.Run(kDigits, 2) == 0 || !t.Eat(':') || t.Run(kDigits, 2) != 2 || !t.Eat(':') ||
      t.Run(kDigits, 2) != 2) {
    return false;
  }
  if (t.Eat('.')) t.Run(kDigits);
  OptionalTimeZone(t);
  return t.End();
}

}  // namespace

bool PyYamlReadsAsNonString(std::string_view text) {
  if (OneOf(text, {"", "~", "null", "Null", "NULL", "<<", "=", "!", "&", "*"})) return true;
  if (OneOf(text, {"yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
                   "FALSE", "on", "On", "ON", "off", "Off", "OFF"})) {
    return true;
  }
  return IsInt(text) || IsFloat(text) || IsTimestamp(text);
}

}  // namespace llmbox
