#include "llm/template_render.h"

#include <algorithm>
#include <vector>

namespace llmbox {
namespace {

bool IsIdStart(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsIdChar(char c) { return IsIdStart(c) || (c >= '0' && c <= '9'); }

enum class PieceKind { kLiteral, kVariable, kInvalid };

// One step of the scan: literal text, a variable reference, or an invalid `$`.
struct Piece {
  PieceKind kind;
  std::string_view text;  // the literal text or the variable name
  size_t offset;          // where the piece starts in the template text
};

// Splits `text` as string.Template's pattern does: `$$`, then `$name`, then
// `${name}`, else the `$` is invalid.
std::vector<Piece> Scan(std::string_view text) {
  std::vector<Piece> out;
  size_t literal_start = 0;
  size_t i = 0;
  const auto flush = [&](size_t end) {
    if (end > literal_start) {
      out.push_back(
          {PieceKind::kLiteral, text.substr(literal_start, end - literal_start), literal_start});
    }
  };
  while (i < text.size()) {
    if (text[i] != '$') {
      ++i;
      continue;
    }
    flush(i);
    const size_t start = i;
    if (i + 1 < text.size() && text[i + 1] == '$') {
      out.push_back({PieceKind::kLiteral, text.substr(i, 1), start});
      i += 2;
    } else if (i + 1 < text.size() && IsIdStart(text[i + 1])) {
      size_t end = i + 2;
      while (end < text.size() && IsIdChar(text[end])) ++end;
      out.push_back({PieceKind::kVariable, text.substr(i + 1, end - i - 1), start});
      i = end;
    } else if (i + 2 < text.size() && text[i + 1] == '{' && IsIdStart(text[i + 2])) {
      size_t end = i + 3;
      while (end < text.size() && IsIdChar(text[end])) ++end;
      if (end < text.size() && text[end] == '}') {
        out.push_back({PieceKind::kVariable, text.substr(i + 2, end - i - 2), start});
        i = end + 1;
      } else {
        out.push_back({PieceKind::kInvalid, text.substr(i, 1), start});
        i += 1;
      }
    } else {
      out.push_back({PieceKind::kInvalid, text.substr(i, 1), start});
      i += 1;
    }
    literal_start = i;
  }
  flush(text.size());
  return out;
}

// 1-based line and column of `offset` within `text`.
std::pair<int, int> LineCol(std::string_view text, size_t offset) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<int>(offset - line_start) + 1};
}

std::string Where(const TemplateText& t, const std::string& origin) {
  std::string where = origin + ": the " + t.what;
  if (t.line > 0) where += " (line " + std::to_string(t.line) + ")";
  return where;
}

}  // namespace

std::set<std::string> TemplateVars(std::string_view text) {
  std::set<std::string> vars;
  for (const Piece& p : Scan(text)) {
    if (p.kind == PieceKind::kVariable) vars.emplace(p.text);
  }
  return vars;
}

Result<std::string> Interpolate(const TemplateText& t, const TemplateParams& params,
                                const std::string& origin) {
  const std::vector<Piece> pieces = Scan(t.text);
  std::string missing;
  std::vector<std::string_view> reported;
  for (const Piece& p : pieces) {
    if (p.kind != PieceKind::kVariable || params.count(std::string(p.text)) != 0) continue;
    if (std::find(reported.begin(), reported.end(), p.text) != reported.end()) continue;
    reported.push_back(p.text);
    missing += (missing.empty() ? "" : ", ") + std::string(p.text);
  }
  if (!missing.empty()) {
    const std::string first(reported.front());
    return MakeError(ErrorKind::kConfig, Where(t, origin) + ": Missing variables: " + missing +
                                             "; pass each with -p NAME VALUE (e.g. -p " + first +
                                             " ...) or give it a default");
  }
  std::string out;
  out.reserve(t.text.size());
  for (const Piece& p : pieces) {
    switch (p.kind) {
      case PieceKind::kLiteral:
        out.append(p.text);
        break;
      case PieceKind::kVariable:
        out += params.at(std::string(p.text));
        break;
      case PieceKind::kInvalid: {
        const auto [line, col] = LineCol(t.text, p.offset);
        return MakeError(ErrorKind::kConfig,
                         Where(t, origin) + ": invalid placeholder '$' at line " +
                             std::to_string(line) + ", col " + std::to_string(col) +
                             " of the text; write $$ for a literal $");
      }
    }
  }
  return out;
}

}  // namespace llmbox
