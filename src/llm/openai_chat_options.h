// The `-o KEY VALUE` options an OpenAI Chat Completions model accepts, checked
// the way `llm` checks them (its pydantic Options class for OpenAI chat), so a
// typo or an out-of-range value is a usage error before any request is sent.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace llmbox {

struct ChatOptionSpec {
  std::string_view name;
  std::string_view type;  // as `llm models --options` shows it: "float", "int", "str", ...
  std::string_view description;
};

// In llm's order.
std::span<const ChatOptionSpec> ChatOptionSpecs();

// Returns an object holding only the options given, typed: temperature, top_p,
// frequency_penalty, presence_penalty as numbers; max_tokens, seed as
// integers; stop as a string; json_object as a boolean; logit_bias as an
// object {"<token id>": <bias -100..100>}. A later duplicate wins.
// Errors (kUsage): an unknown key, or a value of the wrong type or range.
Result<nlohmann::json> ParseChatOptions(
    const std::vector<std::pair<std::string, std::string>>& raw);

// The spellings pydantic accepts for a boolean, given the text already
// trimmed and lower-cased: 1, true, t, yes, y, on and 0, false, f, no, n, off.
std::optional<bool> PydanticBool(std::string_view lowered);

// The two kUsage errors of every provider's option parser:
// "unknown option 'KEY' for this model; known: NAME, NAME, ..." and
// "option 'KEY' must be EXPECTED, not 'TEXT'" (KEY and TEXT as one short printable line).
Error UnknownOptionError(std::string_view key, std::span<const ChatOptionSpec> known);
Error BadOptionValueError(std::string_view key, std::string_view expected, std::string_view text);

}  // namespace llmbox
