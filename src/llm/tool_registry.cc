#include "llm/tool_registry.h"

#include <openssl/evp.h>

#include <algorithm>
#include <ctime>

#include "llm/log_store.h"
#include "llm/logs_format.h"

namespace llmbox {
namespace {

using OrderedJson = nlohmann::ordered_json;

// Key order kept as written (a JSON schema from YAML or a literal).
OrderedJson ToOrdered(const nlohmann::json& value) {
  return OrderedJson::parse(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

nlohmann::json NoArguments() {
  return {{"properties", nlohmann::json::object()}, {"type", "object"}};
}

std::string Strftime(const char* format, const std::tm& tm) {
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

// "UTC+01:00", "UTC-03:30": the sign apart so that the hours stay two digits.
std::string OffsetText(long offset_seconds) {
  const char sign = offset_seconds >= 0 ? '+' : '-';
  const long magnitude = offset_seconds >= 0 ? offset_seconds : -offset_seconds;
  char buf[32];
  std::snprintf(buf, sizeof buf, "UTC%c%02ld:%02ld", sign, magnitude / 3600,
                (magnitude % 3600) / 60);
  return buf;
}

// Python's name for a JSON schema type, for the signature `llm tools list` prints.
std::string PythonType(const nlohmann::json& schema) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {"string", "str"},   {"integer", "int"}, {"number", "float"},
      {"boolean", "bool"}, {"array", "list"},  {"object", "dict"}};
  auto type = schema.is_object() ? schema.find("type") : schema.end();
  if (schema.is_object() && type != schema.end() && type->is_string()) {
    for (const auto& [json_name, python_name] : kTypes) {
      if (*type == json_name) return python_name;
    }
  }
  return "";
}

std::string Signature(const RegisteredTool& tool) {
  std::string args;
  const nlohmann::json& schema = tool.def.input_schema;
  auto props = schema.is_object() ? schema.find("properties") : schema.end();
  if (schema.is_object() && props != schema.end() && props->is_object()) {
    for (const auto& [name, prop] : props->items()) {
      std::string type = PythonType(prop);
      args += (args.empty() ? "" : ", ") + name + (type.empty() ? "" : ": " + type);
    }
  }
  std::string out = tool.def.name + "(" + args + ")";
  if (!tool.returns.empty()) out += " -> " + tool.returns;
  return out;
}

std::string Indent(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string::npos) out += "  ";
    out += line;
    if (end < text.size()) out += "\n";
    start = end + 1;
  }
  return out;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace

bool ToolRegistry::Add(RegisteredTool tool) {
  if (Find(tool.def.name) != nullptr) return false;
  tools_.push_back(std::move(tool));
  return true;
}

const RegisteredTool* ToolRegistry::Find(std::string_view name) const {
  for (const RegisteredTool& t : tools_) {
    if (t.def.name == name) return &t;
  }
  return nullptr;
}

std::vector<const RegisteredTool*> ToolRegistry::All() const {
  std::vector<const RegisteredTool*> out;
  for (const RegisteredTool& t : tools_) out.push_back(&t);
  std::sort(out.begin(), out.end(), [](const RegisteredTool* a, const RegisteredTool* b) {
    return a->def.name < b->def.name;
  });
  return out;
}

std::vector<std::string> ToolRegistry::Names() const {
  std::vector<std::string> out;
  for (const RegisteredTool* t : All()) out.push_back(t->def.name);
  return out;
}

ToolRegistry BuiltinTools(std::string version) {
  ToolRegistry registry;
  RegisteredTool v;
  v.def = {"llm_version", "Return the installed version of llm", NoArguments()};
  v.plugin = kBuiltinToolsPlugin;
  v.returns = "str";
  v.builtin = true;
  v.run = [version = std::move(version)](const nlohmann::json&) {
    return ToolOutcome{version, ""};
  };
  registry.Add(std::move(v));

  RegisteredTool t;
  t.def = {"llm_time", "Returns the current time, as local time and UTC", NoArguments()};
  t.plugin = kBuiltinToolsPlugin;
  t.returns = "dict";
  t.builtin = true;
  t.run = [](const nlohmann::json&) {
    return ToolOutcome{LlmTimeOutput(std::chrono::system_clock::now()), ""};
  };
  registry.Add(std::move(t));
  return registry;
}

std::string LlmTimeOutput(std::chrono::system_clock::time_point now) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  std::tm local{};
  gmtime_r(&secs, &utc);
  localtime_r(&secs, &local);
  OrderedJson out;
  out["utc_time"] = Strftime("%Y-%m-%d %H:%M:%S UTC", utc);
  out["utc_time_iso"] = LlmUtcTimestamp(now);
  out["local_timezone"] = local.tm_zone != nullptr ? local.tm_zone : "UTC";
  out["local_time"] = Strftime("%Y-%m-%d %H:%M:%S", local);
  out["timezone_offset"] = OffsetText(local.tm_gmtoff);
  out["is_dst"] = local.tm_isdst > 0;
  return PythonJsonDumps(out);
}

std::string ToolHash(const RegisteredTool& tool) {
  OrderedJson to_hash;
  to_hash["name"] = tool.def.name;
  to_hash["description"] =
      tool.def.description.empty() ? OrderedJson() : OrderedJson(tool.def.description);
  to_hash["input_schema"] = ToOrdered(tool.def.input_schema);
  if (!tool.plugin.empty()) to_hash["plugin"] = tool.plugin;
  return Sha256Hex(PythonJsonDumps(to_hash));
}

std::string RenderToolList(const std::vector<const RegisteredTool*>& tools) {
  std::string out;
  for (const RegisteredTool* t : tools) {
    out += Signature(*t);
    if (!t->plugin.empty()) out += " (plugin: " + t->plugin + ")";
    out += "\n\n";
    if (!t->def.description.empty()) out += Indent(t->def.description) + "\n\n";
  }
  return out;
}

std::string RenderToolListJson(const std::vector<const RegisteredTool*>& tools) {
  OrderedJson list = OrderedJson::array();
  for (const RegisteredTool* t : tools) {
    OrderedJson item;
    item["name"] = t->def.name;
    item["description"] =
        t->def.description.empty() ? OrderedJson() : OrderedJson(t->def.description);
    item["arguments"] = ToOrdered(t->def.input_schema);
    item["plugin"] = t->plugin.empty() ? OrderedJson() : OrderedJson(t->plugin);
    list.push_back(std::move(item));
  }
  OrderedJson doc;
  doc["tools"] = std::move(list);
  doc["toolboxes"] = OrderedJson::array();
  return doc.dump(2, ' ', /*ensure_ascii=*/true, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace llmbox
