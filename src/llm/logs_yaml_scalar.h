// One scalar as PyYAML's emitter sees it (yaml.dump with default settings,
// allow_unicode=False): the style it picks (plain, single or double quoted),
// the escapes it writes inside double quotes, and the text of non-string
// values. The emitter that lays scalars out in block collections is
// logs_yaml.h; which plain strings would read back as another type is
// logs_yaml_resolve.h.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace llmbox {

enum class YamlScalarStyle { kPlain, kSingle, kDouble };

// UTF-8 to code points; a malformed byte becomes U+FFFD, as Python's
// "replace" error handler would show it.
std::u32string DecodeUtf8Replacing(std::string_view s);

bool IsPrintableAscii(char32_t ch);

// PyYAML's analyze_scalar + choose_scalar_style for a string value in block
// context; `t` is `utf8` decoded.
YamlScalarStyle ChooseYamlScalarStyle(const std::string& utf8, const std::u32string& t);

// The escape PyYAML writes for `ch` inside a double-quoted scalar.
std::string YamlEscape(char32_t ch);

// How PyYAML represents a non-string scalar (null, bool, integer, float).
std::string YamlNonStringText(const nlohmann::ordered_json& n);

}  // namespace llmbox
