// Variable substitution in prompt templates, with the semantics of Python's
// string.Template as llm 0.32 uses it (docs/templates.md, "Additional
// template variables"): `$name` and `${name}` (name = [_A-Za-z][_A-Za-z0-9]*)
// are replaced, `$$` is a literal `$`, and any other `$` is an invalid
// placeholder. Template text comes from files a user may not have written
// (the prompt library), so every problem is an error value naming the
// template and the line, never an exception or a partial result.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "common/result.h"

namespace llmbox {

using TemplateParams = std::map<std::string, std::string>;

// A piece of template text and where it came from, for error messages.
struct TemplateText {
  std::string text;
  std::string what;  // "prompt" or "system"
  int line = 0;      // 1-based line of the file where the value starts; 0 when unknown
};

// Every variable name the text refers to, `$name` and `${name}` alike.
std::set<std::string> TemplateVars(std::string_view text);

// Substitutes every placeholder. Errors (kConfig) name `origin` (the template
// and its file): the missing variables, with a hint to pass -p NAME VALUE, or
// the first invalid placeholder with its line and column.
Result<std::string> Interpolate(const TemplateText& text, const TemplateParams& params,
                                const std::string& origin);

}  // namespace llmbox
