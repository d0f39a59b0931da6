// --schema and --schema-multi: what the user typed becomes a JSON schema the
// way llm resolves it (resolve_schema_input, schema_dsl, multi_schema):
//  - text starting with '{' that parses as JSON is the schema;
//  - text with a space or a comma is llm's concise syntax,
//    "name, age int, bio: a short bio" (fields split on commas, or on newlines
//    when there are any; "NAME [int|float|bool|str][: description]");
//  - else the path of a JSON file;
//  - else the id of a schema stored in logs.db.
// The schema keeps the key order it was written in, because llm's schema id
// (blake2b of the compact JSON, 16 bytes) depends on it.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/result.h"

namespace llmbox {

// llm's schema_dsl(). kUsage for a field without a name.
Result<nlohmann::ordered_json> ParseSchemaDsl(std::string_view text, bool multi = false);

// llm's multi_schema(): {"type": "object", "properties": {"items": {"type":
// "array", "items": schema}}, "required": ["items"]}.
nlohmann::ordered_json MultiSchema(const nlohmann::ordered_json& schema);

// Looks up a stored schema's JSON by id; nullopt when there is none.
using StoredSchemaLookup = std::function<Result<std::optional<std::string>>(const std::string&)>;

// kUsage "Invalid schema" when nothing matches, or a file that is not JSON.
Result<nlohmann::ordered_json> ResolveSchemaInput(const std::string& input,
                                                  const StoredSchemaLookup& lookup);

// llm's make_schema_id(): (id, the compact JSON stored in schemas.content).
std::pair<std::string, std::string> MakeSchemaId(const nlohmann::ordered_json& schema);

}  // namespace llmbox
