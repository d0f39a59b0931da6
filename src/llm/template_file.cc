#include "llm/template_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <functional>
#include <map>

#include "llm/utf8_repair.h"
#include "llm/yaml_json.h"

namespace llmbox {
namespace {

using nlohmann::json;

constexpr std::array kKnownKeys = {
    "prompt",       "system",           "model", "defaults",  "options",   "extract",
    "extract_last", "schema_object",    "tools", "functions", "fragments", "system_fragments",
    "attachments",  "attachment_types", "name"};

std::string KnownKeyList() {
  std::string out;
  for (const char* k : kKnownKeys) {
    if (std::string_view(k) == "name") continue;
    out += (out.empty() ? "" : ", ") + std::string(k);
  }
  return out;
}

// Errors name the file and line: `PATH:LINE: problem`.
struct Where {
  const std::string& path;
  Error At(const YAML::Node& node, const std::string& problem) const {
    return MakeError(ErrorKind::kParse,
                     path + ":" + std::to_string(node.Mark().line + 1) + ": " + problem);
  }
  Error File(const std::string& problem) const {
    return MakeError(ErrorKind::kParse, path + ": " + problem);
  }
};

// Control characters other than tab, LF and CR have no business in a prompt
// and could drive the terminal when `templates list` prints one. PyYAML
// refuses them too.
std::optional<size_t> FirstControlChar(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return i;
  }
  return std::nullopt;
}

// `text` for an error message: bytes that could drive a terminal or are not
// text become '?'.
std::string Printable(std::string text) {
  for (char& c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) c = '?';
  }
  return text;
}

size_t LineOf(std::string_view bytes, size_t offset) {
  return 1 + static_cast<size_t>(std::count(bytes.begin(), bytes.begin() + offset, '\n'));
}

Result<void> CheckBytes(std::string_view bytes, const Where& where) {
  if (bytes.size() > kMaxTemplateBytes) {
    return where.File("template is larger than 1 MiB; templates must be small text files");
  }
  if (!IsValidUtf8(bytes)) {
    size_t bad = 0;
    while (bad < bytes.size()) {
      const size_t n = Utf8SequenceLength(bytes, bad);
      if (n == 0) break;
      bad += n;
    }
    return where.File("line " + std::to_string(LineOf(bytes, bad)) +
                      ": not valid UTF-8; save the template as UTF-8 text");
  }
  if (auto c = FirstControlChar(bytes)) {
    return where.File("line " + std::to_string(LineOf(bytes, *c)) +
                      ": control character in the template; remove it");
  }
  return Ok();
}

Result<json> Value(const YAML::Node& node, const Where& where, YamlBudget& budget) {
  auto v = YamlToJson(node, budget);
  if (!v) return where.File(v.error().message);
  return v;
}

Result<std::optional<std::string>> String(const YAML::Node& node, const std::string& key,
                                          const Where& where) {
  if (node.IsNull()) return std::optional<std::string>();
  if (!node.IsScalar()) return where.At(node, "'" + key + "' must be a string");
  auto text = ScalarText(node);
  if (!text) return where.File(text.error().message);
  return std::optional<std::string>(std::move(*text));
}

Result<std::vector<std::string>> StringList(const YAML::Node& node, const std::string& key,
                                            const Where& where) {
  std::vector<std::string> out;
  if (node.IsNull()) return out;
  if (!node.IsSequence()) return where.At(node, "'" + key + "' must be a list of strings");
  for (const YAML::Node& item : node) {
    if (!item.IsScalar()) return where.At(item, "'" + key + "' must be a list of strings");
    auto text = ScalarText(item);
    if (!text) return where.File(text.error().message);
    out.push_back(std::move(*text));
    if (out.size() > kMaxTemplateNodes) return where.At(node, "'" + key + "' is too long");
  }
  return out;
}

Result<bool> Bool(const YAML::Node& node, const std::string& key, const Where& where) {
  if (node.IsNull()) return false;
  json v = node.IsScalar() && node.Tag() == "?" ? ResolvePlainScalar(node.Scalar()) : json();
  if (!v.is_boolean()) return where.At(node, "'" + key + "' must be true or false");
  return v.get<bool>();
}

Result<json> Mapping(const YAML::Node& node, const std::string& key, const Where& where,
                     YamlBudget& budget) {
  if (node.IsNull()) return json::object();
  if (!node.IsMap()) return where.At(node, "'" + key + "' must be a mapping");
  return Value(node, where, budget);
}

std::optional<TemplateText> Text(const std::optional<std::string>& s, const char* what,
                                 const YAML::Node& node) {
  if (!s) return std::nullopt;
  return TemplateText{*s, what, node.Mark().line + 1};
}

Result<void> ApplyKey(Template& t, const std::string& key, const YAML::Node& v, const Where& where,
                      YamlBudget& budget) {
  Result<void> ok;
  const auto set_string = [&](auto& field) -> Result<void> {
    auto s = String(v, key, where);
    if (!s) return s.error();
    field = std::move(*s);
    return Ok();
  };
  const auto set_list = [&](std::vector<std::string>& field) -> Result<void> {
    auto l = StringList(v, key, where);
    if (!l) return l.error();
    field = std::move(*l);
    return Ok();
  };
  const auto set_bool = [&](bool& field) -> Result<void> {
    auto b = Bool(v, key, where);
    if (!b) return b.error();
    field = *b;
    return Ok();
  };
  const auto set_map = [&](json& field) -> Result<void> {
    auto m = Mapping(v, key, where, budget);
    if (!m) return m.error();
    field = std::move(*m);
    return Ok();
  };
  if (key == "prompt" || key == "system") {
    auto s = String(v, key, where);
    if (!s) return s.error();
    (key == "prompt" ? t.prompt : t.system) = Text(*s, key == "prompt" ? "prompt" : "system", v);
    return Ok();
  }
  if (key == "model") {
    std::optional<std::string> model;
    if (auto r = set_string(model); !r) return r;
    t.model = model.value_or("");
    return Ok();
  }
  if (key == "functions") return set_string(t.functions);
  if (key == "defaults") return set_map(t.defaults);
  if (key == "options") return set_map(t.options);
  if (key == "schema_object") {
    if (auto r = set_map(t.schema_object); !r) return r;
    if (v.IsNull()) t.schema_object = nullptr;
    return Ok();
  }
  if (key == "extract") return set_bool(t.extract);
  if (key == "extract_last") return set_bool(t.extract_last);
  if (key == "tools") return set_list(t.tools);
  if (key == "fragments") return set_list(t.fragments);
  if (key == "system_fragments") return set_list(t.system_fragments);
  if (key == "attachments") return set_list(t.attachments);
  if (key == "attachment_types") {
    if (v.IsNull()) return Ok();
    if (!v.IsSequence()) return where.At(v, "'attachment_types' must be a list of {type, value}");
    auto a = Value(v, where, budget);
    if (!a) return a.error();
    t.attachment_types = std::move(*a);
    return Ok();
  }
  return ok;  // "name": llm replaces it with the name the template was loaded by
}

Result<Template> FromMapping(const YAML::Node& root, Template t, const Where& where) {
  YamlBudget budget{kMaxTemplateNodes, kMaxTemplateDepth};
  for (const auto& kv : root) {
    if (!kv.first.IsScalar()) return where.At(kv.first, "template keys must be strings");
    const std::string key = kv.first.Scalar();
    if (std::find(kKnownKeys.begin(), kKnownKeys.end(), key) == kKnownKeys.end()) {
      return where.At(kv.first,
                      "unknown key '" + Printable(key) + "'; llm templates have " + KnownKeyList());
    }
    if (auto r = ApplyKey(t, key, kv.second, where, budget); !r) return r.error();
  }
  return t;
}

}  // namespace

std::string Template::Origin() const { return "template " + name + " (" + path + ")"; }

Result<Template> ParseTemplate(std::string_view bytes, const std::string& name,
                               const std::string& path) {
  const Where where{path};
  if (auto r = CheckBytes(bytes, where); !r) return r.error();
  Template t;
  t.name = name;
  t.path = path;
  try {
    const YAML::Node root = YAML::Load(std::string(bytes));
    if (root.IsScalar()) {  // a plain string is the prompt, as llm allows
      auto text = ScalarText(root);
      if (!text) return where.File(text.error().message);
      t.prompt = TemplateText{std::move(*text), "prompt", root.Mark().line + 1};
      return t;
    }
    if (!root.IsMap()) {
      return where.File("a template must be a YAML mapping (prompt:, system:, ...) or a string");
    }
    return FromMapping(root, std::move(t), where);
  } catch (const YAML::Exception& e) {
    return where.File("line " + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
  }
}

std::string ParamText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "True" : "False";
  if (value.is_null()) return "None";
  return value.dump();
}

std::string OptionText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

namespace {

// A literal block (`|`) reads best for a multi-line prompt, but only keeps
// the text exactly when it ends in a single newline and has no leading
// space, trailing spaces or other special whitespace; otherwise the text is
// written double-quoted with escapes.
bool LiteralKeepsText(const std::string& text) {
  if (text.size() < 2 || text.back() != '\n' || text[text.size() - 2] == '\n') return false;
  if (text.front() == ' ' || text.front() == '\n') return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\t') return false;
    if (c == '\n' && i > 0 && text[i - 1] == ' ') return false;
  }
  return true;
}

void EmitTextKey(YAML::Emitter& out, const char* key, const std::string& text) {
  out << YAML::Key << key << YAML::Value;
  if (text.find('\n') == std::string::npos) {
    EmitString(out, text);
  } else if (LiteralKeepsText(text)) {
    out << YAML::Literal << text;
  } else {
    out << YAML::DoubleQuoted << text;
  }
}

// Every key with a value, each as a function writing it, keyed for sorting.
std::vector<std::pair<std::string, std::function<void(YAML::Emitter&)>>> Fields(const Template& t) {
  std::vector<std::pair<std::string, std::function<void(YAML::Emitter&)>>> f;
  const auto value = [&](const char* key, json v) {
    f.emplace_back(key, [key, v](YAML::Emitter& out) {
      out << YAML::Key << key << YAML::Value;
      EmitJson(out, v);
    });
  };
  if (!t.model.empty()) value("model", t.model);
  if (t.prompt)
    f.emplace_back("prompt", [&t](YAML::Emitter& o) { EmitTextKey(o, "prompt", t.prompt->text); });
  if (t.system)
    f.emplace_back("system", [&t](YAML::Emitter& o) { EmitTextKey(o, "system", t.system->text); });
  if (!t.defaults.empty()) value("defaults", t.defaults);
  if (t.extract) value("extract", true);
  if (t.extract_last) value("extract_last", true);
  if (!t.schema_object.is_null()) value("schema_object", t.schema_object);
  if (!t.fragments.empty()) value("fragments", t.fragments);
  if (!t.system_fragments.empty()) value("system_fragments", t.system_fragments);
  if (t.functions) value("functions", *t.functions);
  if (!t.tools.empty()) value("tools", t.tools);
  if (!t.attachments.empty()) value("attachments", t.attachments);
  if (!t.attachment_types.is_null()) value("attachment_types", t.attachment_types);
  if (!t.options.empty()) value("options", t.options);
  return f;
}

}  // namespace

std::string TemplateToYaml(const Template& t, YamlLayout layout) {
  auto fields = Fields(t);
  if (layout == YamlLayout::kShow) {
    fields.emplace_back("name", [&t](YAML::Emitter& out) {
      out << YAML::Key << "name" << YAML::Value;
      EmitString(out, t.name);
    });
    std::stable_sort(fields.begin(), fields.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  YAML::Emitter out;
  out.SetIndent(4);
  out << YAML::BeginMap;
  for (const auto& [key, write] : fields) write(out);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace llmbox
