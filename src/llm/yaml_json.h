// Between YAML nodes (yaml-cpp) and JSON values, for template files.
// Reading is bounded: yaml-cpp shares an aliased node instead of copying it,
// so a few hundred bytes of nested aliases ("billion laughs") describe a tree
// of billions of nodes; walking it unbounded would exhaust memory and time.
// YamlToJson counts every node it visits (aliases included) against a budget
// and stops at a depth limit. Scalars are typed as PyYAML (YAML 1.1) types
// them, because llm reads templates with PyYAML.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "common/result.h"

namespace llmbox {

struct YamlBudget {
  size_t nodes_left;
  int max_depth;
};

// kParse error "line N: ..." when the budget or depth runs out or a mapping
// key is not a scalar.
Result<nlohmann::json> YamlToJson(const YAML::Node& node, YamlBudget& budget, int depth = 0);

// A scalar's text; kParse "line N: ..." when it is not valid UTF-8 (yaml-cpp
// decodes escapes such as \xff or \N to bytes that are not).
Result<std::string> ScalarText(const YAML::Node& node);

// A plain (unquoted) scalar typed as YAML 1.1 types it: null, bool, int,
// float, else string.
nlohmann::json ResolvePlainScalar(const std::string& text);

// Writes a JSON value as YAML. Strings that a reader would type as something
// else (numbers, booleans, null) are quoted, so a round trip keeps them strings.
void EmitJson(YAML::Emitter& out, const nlohmann::json& value);
void EmitString(YAML::Emitter& out, const std::string& text);

}  // namespace llmbox
