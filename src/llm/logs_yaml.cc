#include "llm/logs_yaml.h"

#include <string_view>
#include <vector>

#include "llm/logs_yaml_scalar.h"

namespace llmbox {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kBestIndent = 2;

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
      std::u32string t = DecodeUtf8Replacing(s);
      if (style_.literal_multiline && !simple_key && AllowsLiteral(t)) {
        WriteLiteral(t);
        PopIndent();
        return;
      }
      switch (ChooseYamlScalarStyle(s, t)) {
        case YamlScalarStyle::kPlain:
          WritePlain(s, !simple_key);
          break;
        case YamlScalarStyle::kSingle:
          WriteSingleQuoted(s, !simple_key);
          break;
        case YamlScalarStyle::kDouble:
          WriteDoubleQuoted(t, !simple_key);
          break;
      }
    } else {
      WritePlain(YamlNonStringText(n), !simple_key);
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

  // Plain and single-quoted text is printable ASCII here (ChooseYamlScalarStyle sends
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
          std::string esc = YamlEscape(ch);
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
