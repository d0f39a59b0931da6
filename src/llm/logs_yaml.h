// YAML text the way `llm logs --short` prints it.
//
// llm builds its short summary with PyYAML's yaml.dump(..., sort_keys=False)
// and default settings: block style, 2-space indent, sequences inside a
// mapping not indented, empty collections as [] / {}, lines folded at a space
// once they pass column 80, and only ASCII in the output (anything else is
// written as a "\xE9" / "\u2026" escape inside double quotes). A string that
// would read back as another type (a date, a number, yes/no, null) is single
// quoted. This reproduces that output for the values llm puts there: strings
// without line breaks, integers, floats, booleans, null, and nested
// arrays/objects. A string with a line break is written double quoted with
// \n escapes, which reads back the same but may differ from PyYAML's layout.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace llmbox {

// Settings some llm commands give yaml.dump.
struct PyYamlStyle {
  int width = 80;  // `llm fragments list` passes sys.maxsize: no folding
  // A string with a line break as a literal block ("|-"), when PyYAML allows
  // one (printable ASCII only, no space at a line end), as `llm fragments`
  // asks with its str representer; double quoted otherwise.
  bool literal_multiline = false;
};

// `value` as yaml.dump(value, sort_keys=False) writes it, without the final
// newline (llm strips it). Object keys keep their order.
std::string DumpYamlLikePyYaml(const nlohmann::ordered_json& value, const PyYamlStyle& style = {});

}  // namespace llmbox
