#include "llm/json_fields.h"

namespace llmbox {
namespace {

using nlohmann::json;

bool IsZero(const json& value) {
  if (value.is_boolean()) return !value.get<bool>();  // Python: False == 0
  return value.is_number() && value.get<double>() == 0;
}

}  // namespace

std::string StringAt(const json& object, const char* key) {
  auto it = object.find(key);  // end() when object is not an object
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<int64_t> IntAt(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

bool IsTrueAt(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

json SimplifyUsage(const json& value) {
  if (!value.is_object()) return value;
  json out = json::object();
  for (const auto& [key, item] : value.items()) {
    if (item.is_null() || IsZero(item)) continue;
    json cleaned = SimplifyUsage(item);
    if (cleaned.is_object() && cleaned.empty()) continue;
    out[key] = std::move(cleaned);
  }
  return out;
}

json RemoveNulls(const json& value) {
  if (value.is_array()) {
    json out = json::array();
    for (const json& item : value) out.push_back(RemoveNulls(item));
    return out;
  }
  if (!value.is_object()) return value;
  json out = json::object();
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    json cleaned = RemoveNulls(item);
    if (cleaned.is_object() && cleaned.empty()) continue;
    out[key] = std::move(cleaned);
  }
  return out;
}

}  // namespace llmbox
