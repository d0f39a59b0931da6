// Reading fields of JSON that a server or a user sent (provider answers, MCP
// replies, model options) without throwing: a missing member, a member of
// another type, or a value that is not an object gives the empty result.
// Also llm's two dict cleaners, so that logged usage and response_json match
// llm 0.32 (llm/utils.py: simplify_usage_dict, remove_dict_none_values).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace llmbox {

// object[key] when it is a string, else "".
std::string StringAt(const nlohmann::json& object, const char* key);

// object[key] when it is an integer, else nullopt.
std::optional<int64_t> IntAt(const nlohmann::json& object, const char* key);

// Whether object[key] is the boolean true (not 1, not "true").
bool IsTrueAt(const nlohmann::json& object, const char* key);

// llm's simplify_usage_dict: an object without members that are null, zero or
// false, and without objects left empty by that, recursively. Other values are
// returned unchanged.
nlohmann::json SimplifyUsage(const nlohmann::json& value);

// llm's remove_dict_none_values: without null members and objects left empty,
// recursively, also inside arrays.
nlohmann::json RemoveNulls(const nlohmann::json& value);

}  // namespace llmbox
