// A prompt template as llm 0.32 stores it: a YAML mapping (or a plain YAML
// string, which is the prompt) with the keys of llm's Template model
// (docs/templates.md; llm/templates.py). Template files may come from a
// read-only prompt library the user did not write, so parsing is strict and
// bounded: at most kMaxTemplateBytes of valid UTF-8 without control
// characters, unknown keys are errors naming the file and line, and values
// are walked with a node budget and a depth limit so that YAML aliases
// ("billion laughs") or deep nesting cannot exhaust memory, stack or time.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "llm/template_render.h"

namespace llmbox {

inline constexpr size_t kMaxTemplateBytes = size_t{1} << 20;
inline constexpr int kMaxTemplateDepth = 32;
inline constexpr size_t kMaxTemplateNodes = 20000;

struct Template {
  std::string name;
  std::string path;  // the file it came from, for messages
  bool from_library = false;
  std::optional<TemplateText> prompt;
  std::optional<TemplateText> system;
  std::string model;
  nlohmann::json defaults = nlohmann::json::object();  // variable -> value as YAML typed it
  nlohmann::json options = nlohmann::json::object();   // option -> value as YAML typed it
  bool extract = false;
  bool extract_last = false;
  nlohmann::json schema_object;  // null when absent
  std::vector<std::string> tools;
  std::optional<std::string> functions;
  std::vector<std::string> fragments;
  std::vector<std::string> system_fragments;
  std::vector<std::string> attachments;
  nlohmann::json attachment_types;  // null, or a list of {type, value}

  // "template NAME (PATH)" for error messages.
  std::string Origin() const;
};

// Parses template bytes. `name` and `path` only label errors and the result.
// Errors are kParse and name the path and, where YAML gives one, the line.
Result<Template> ParseTemplate(std::string_view bytes, const std::string& name,
                               const std::string& path);

// The template as YAML: for `--save` in llm's key order without the name,
// for `templates show` with the name and keys sorted, as llm prints them.
enum class YamlLayout { kSave, kShow };
std::string TemplateToYaml(const Template& t, YamlLayout layout);

// A default value as Python's str() would render it into a prompt
// (True/False/None for booleans and null).
std::string ParamText(const nlohmann::json& value);

// An option value as the text `-o NAME VALUE` would have given.
std::string OptionText(const nlohmann::json& value);

}  // namespace llmbox
