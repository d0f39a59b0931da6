// Which unquoted YAML scalars PyYAML would read back as something other than
// a string: its implicit resolvers for bool, int, float, null, timestamp and
// the `<<`, `=`, `!`, `&`, `*` special keys (YAML 1.1 rules, so "yes", "on",
// "0o7"-less octal "017", "1_000", "1:30" and "2025-05-20T12:34:56" all
// count). The emitter in logs_yaml.cc quotes such strings, as PyYAML does.
//
// Spec: PyYAML's resolver.py (the regular expressions registered with
// add_implicit_resolver), written out here as plain scanning code.
#pragma once

#include <string_view>

namespace llmbox {

bool PyYamlReadsAsNonString(std::string_view text);

}  // namespace llmbox
