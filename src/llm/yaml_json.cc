#include "llm/yaml_json.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <limits>
#include <optional>

#include "llm/utf8_repair.h"

namespace llmbox {
namespace {

bool AllOf(const std::string& s, size_t from, int (*pred)(int)) {
  if (from >= s.size()) return false;
  for (size_t i = from; i < s.size(); ++i) {
    if (s[i] != '_' && !pred(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

std::optional<bool> YamlBool(const std::string& s) {
  static const char* const kTrue[] = {"yes",  "Yes", "YES", "true", "True",
                                      "TRUE", "on",  "On",  "ON"};
  static const char* const kFalse[] = {"no",    "No",  "NO",  "false", "False",
                                       "FALSE", "off", "Off", "OFF"};
  for (const char* t : kTrue) {
    if (s == t) return true;
  }
  for (const char* f : kFalse) {
    if (s == f) return false;
  }
  return std::nullopt;
}

std::string WithoutUnderscores(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out += c;
  }
  return out;
}

std::optional<nlohmann::json> YamlInt(const std::string& s) {
  const size_t digits = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (!AllOf(s, digits, isdigit) || !isdigit(static_cast<unsigned char>(s[digits]))) {
    return std::nullopt;
  }
  const std::string clean = WithoutUnderscores(s);
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(clean.c_str(), &end, 10);
  if (errno == ERANGE || end == nullptr || *end != '\0')
    return nlohmann::json(std::strtod(clean.c_str(), nullptr));
  return nlohmann::json(v);
}

// PyYAML's float: [-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)? and .inf/.nan.
std::optional<nlohmann::json> YamlFloat(const std::string& s) {
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  const std::string rest = s.substr(i);
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF" || rest == ".nan" || rest == ".NaN" ||
      rest == ".NAN") {
    return nlohmann::json(s);  // JSON has no infinity or NaN: keep the text
  }
  while (i < s.size() && (isdigit(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
  if (i >= s.size() || s[i] != '.') return std::nullopt;
  ++i;
  while (i < s.size() && (isdigit(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
  if (i < s.size()) {
    if ((s[i] != 'e' && s[i] != 'E') || i + 2 >= s.size() || (s[i + 1] != '-' && s[i + 1] != '+')) {
      return std::nullopt;
    }
    if (!AllOf(s, i + 2, isdigit)) return std::nullopt;
  }
  if (s.find_first_of("0123456789") == std::string::npos) return std::nullopt;
  return nlohmann::json(std::strtod(WithoutUnderscores(s).c_str(), nullptr));
}

std::string LinePrefix(const YAML::Node& node) {
  return "line " + std::to_string(node.Mark().line + 1) + ": ";
}

}  // namespace

Result<std::string> ScalarText(const YAML::Node& node) {
  if (!IsValidUtf8(node.Scalar())) {
    return MakeError(ErrorKind::kParse, LinePrefix(node) +
                                            "a value is not valid UTF-8 (after its escapes are "
                                            "decoded); write the text itself, not byte escapes");
  }
  return node.Scalar();
}

nlohmann::json ResolvePlainScalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (auto b = YamlBool(s)) return *b;
  if (auto i = YamlInt(s)) return *i;
  if (auto f = YamlFloat(s)) return *f;
  return s;
}

Result<nlohmann::json> YamlToJson(const YAML::Node& node, YamlBudget& budget, int depth) {
  if (budget.nodes_left == 0 || depth > budget.max_depth) {
    return MakeError(ErrorKind::kParse, LinePrefix(node) +
                                            "the YAML is nested too deeply or expands to too many "
                                            "values (aliases?); simplify the template");
  }
  --budget.nodes_left;
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return nlohmann::json(nullptr);
    case YAML::NodeType::Scalar: {
      auto text = ScalarText(node);
      if (!text) return text.error();
      if (node.Tag() == "?") return ResolvePlainScalar(*text);
      return nlohmann::json(std::move(*text));
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const YAML::Node& item : node) {
        auto v = YamlToJson(item, budget, depth + 1);
        if (!v) return v.error();
        out.push_back(std::move(*v));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) {
          return MakeError(ErrorKind::kParse,
                           LinePrefix(kv.first) + "mapping keys must be strings");
        }
        auto v = YamlToJson(kv.second, budget, depth + 1);
        if (!v) return v.error();
        out[kv.first.Scalar()] = std::move(*v);
      }
      return out;
    }
  }
  return nlohmann::json(nullptr);
}

namespace {

// Text a plain scalar would not carry exactly: control characters (yaml-cpp
// and PyYAML disagree on a bare CR), or whitespace at either end.
bool NeedsQuotes(const std::string& text) {
  if (text.empty() || !ResolvePlainScalar(text).is_string()) return true;
  if (text.front() == ' ' || text.back() == ' ') return true;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

}  // namespace

void EmitString(YAML::Emitter& out, const std::string& text) {
  if (NeedsQuotes(text)) {
    out << YAML::DoubleQuoted << text;
  } else {
    out << text;
  }
}

void EmitJson(YAML::Emitter& out, const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      out << YAML::BeginMap;
      for (const auto& [k, v] : value.items()) {
        out << YAML::Key;
        EmitString(out, k);
        out << YAML::Value;
        EmitJson(out, v);
      }
      out << YAML::EndMap;
      break;
    case nlohmann::json::value_t::array:
      out << YAML::BeginSeq;
      for (const auto& v : value) EmitJson(out, v);
      out << YAML::EndSeq;
      break;
    case nlohmann::json::value_t::string:
      EmitString(out, value.get<std::string>());
      break;
    case nlohmann::json::value_t::boolean:
      out << (value.get<bool>() ? "true" : "false");
      break;
    case nlohmann::json::value_t::null:
      out << YAML::Null;
      break;
    case nlohmann::json::value_t::number_float: {
      // YAML 1.1 reads a float only with a '.': 1e+20 must be written 1.0e+20.
      std::string text = value.dump();
      if (text.find('.') == std::string::npos) {
        const size_t e = text.find_first_of("eE");
        text.insert(e == std::string::npos ? text.size() : e, ".0");
      }
      out << text;
      break;
    }
    default:  // integers
      out << value.dump();
      break;
  }
}

}  // namespace llmbox
