#include "llm/schema_input.h"

#include <sys/stat.h>

#include <cctype>
#include <vector>

#include "common/blake2b.h"
#include "llm/config_paths.h"
#include "llm/provider_error.h"

namespace llmbox {
namespace {

using OrderedJson = nlohmann::ordered_json;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitFields(std::string_view text) {
  const char sep = text.find('\n') != std::string_view::npos ? '\n' : ',';
  std::vector<std::string_view> fields;
  while (true) {
    const size_t at = text.find(sep);
    std::string_view field = Trim(text.substr(0, at));
    if (!field.empty()) fields.push_back(field);
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return fields;
}

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t end = i;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    if (end > i) words.push_back(text.substr(i, end - i));
    i = end;
  }
  return words;
}

std::string JsonType(std::string_view indicator) {
  if (indicator == "int") return "integer";
  if (indicator == "float") return "number";
  if (indicator == "bool") return "boolean";
  return "string";  // "str" and anything llm does not know
}

bool IsRegularFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

Result<OrderedJson> ParseSchemaDsl(std::string_view text, bool multi) {
  OrderedJson schema = {{"type", "object"},
                        {"properties", OrderedJson::object()},
                        {"required", OrderedJson::array()}};
  for (std::string_view field : SplitFields(text)) {
    std::string_view info = field;
    std::string_view description;
    if (const size_t colon = field.find(':'); colon != std::string_view::npos) {
      info = field.substr(0, colon);
      description = Trim(field.substr(colon + 1));
    }
    const std::vector<std::string_view> words = Words(info);
    if (words.empty()) {
      return MakeError(ErrorKind::kUsage, "schema field '" + OnePrintableLine(field, 60) +
                                              "' has no name; write NAME [int|float|bool|str]"
                                              "[: description]");
    }
    const std::string name(words[0]);
    OrderedJson property = {{"type", JsonType(words.size() > 1 ? words[1] : "str")}};
    if (!description.empty()) property["description"] = std::string(description);
    schema["properties"][name] = std::move(property);
    schema["required"].push_back(name);
  }
  return multi ? MultiSchema(schema) : schema;
}

OrderedJson MultiSchema(const OrderedJson& schema) {
  return {{"type", "object"},
          {"properties", {{"items", {{"type", "array"}, {"items", schema}}}}},
          {"required", OrderedJson::array({"items"})}};
}

Result<OrderedJson> ResolveSchemaInput(const std::string& input, const StoredSchemaLookup& lookup) {
  const std::string_view trimmed = Trim(input);
  if (!trimmed.empty() && trimmed.front() == '{') {
    OrderedJson doc = OrderedJson::parse(input, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_discarded()) return doc;
  }
  if (trimmed.find(' ') != std::string_view::npos || input.find(',') != std::string::npos) {
    return ParseSchemaDsl(input);
  }
  if (IsRegularFile(input)) {
    auto text = ReadFile(input);
    if (!text) return text.error();
    OrderedJson doc = OrderedJson::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      return MakeError(ErrorKind::kUsage, "Schema file contained invalid JSON");
    }
    return doc;
  }
  if (lookup) {
    auto stored = lookup(input);
    if (!stored) return stored.error();
    if (stored->has_value()) {
      OrderedJson doc = OrderedJson::parse(**stored, nullptr, /*allow_exceptions=*/false);
      if (!doc.is_discarded()) return doc;
    }
  }
  return MakeError(ErrorKind::kUsage,
                   "Invalid schema: give JSON, a file, a stored schema id or "
                   "fields like 'name, age int, bio: a short bio'");
}

std::pair<std::string, std::string> MakeSchemaId(const OrderedJson& schema) {
  // json.dumps(schema, separators=(",", ":")): compact, non-ASCII escaped.
  std::string text = schema.dump(-1, ' ', true, OrderedJson::error_handler_t::replace);
  return {Blake2bHex(text, 16), std::move(text)};
}

}  // namespace llmbox
