#include "llm/anthropic_options.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/ascii.h"
#include "llm/provider_error.h"

namespace llmbox {
namespace {

using nlohmann::json;

enum class Kind { kPositiveInt, kUnitFloat, kString, kBool, kEffort, kStopSequences };

struct Rule {
  std::string_view name;
  Kind kind;
};

// In llm-anthropic's order.
constexpr std::array kRules = {
    Rule{"max_tokens", Kind::kPositiveInt},
    Rule{"temperature", Kind::kUnitFloat},
    Rule{"top_p", Kind::kUnitFloat},
    Rule{"top_k", Kind::kPositiveInt},
    Rule{"user_id", Kind::kString},
    Rule{"prefill", Kind::kString},
    Rule{"hide_prefill", Kind::kBool},
    Rule{"stop_sequences", Kind::kStopSequences},
    Rule{"cache", Kind::kBool},
    Rule{"fast", Kind::kBool},
    Rule{"thinking", Kind::kBool},
    Rule{"thinking_budget", Kind::kPositiveInt},
    Rule{"thinking_effort", Kind::kEffort},
};

constexpr std::array<ChatOptionSpec, kRules.size()> kSpecs = {{
    {"max_tokens", "int", "Maximum number of tokens to generate (default: the model's)"},
    {"temperature", "float", "Randomness from 0 to 1 (default 1); set this or top_p"},
    {"top_p", "float", "Nucleus sampling from 0 to 1; set this or temperature"},
    {"top_k", "int", "Sample only from the K most likely tokens"},
    {"user_id", "str", "An identifier of the end user, sent as metadata"},
    {"prefill", "str", "Text the answer starts with"},
    {"hide_prefill", "boolean", "Leave the prefill out of the printed answer"},
    {"stop_sequences", "array, str", "A string, or a JSON list of strings, that ends the answer"},
    {"cache", "boolean", "Use Anthropic's prompt cache for the last part of the prompt"},
    {"fast", "boolean", "Fast mode, for lower latency"},
    {"thinking", "boolean", "Think before answering (models that can; off turns it off)"},
    {"thinking_budget", "int", "Tokens to budget for thinking (default 1024)"},
    {"thinking_effort", "str", "Thinking effort: low, medium, high, xhigh or max"},
}};

std::string_view Expected(Kind kind) {
  switch (kind) {
    case Kind::kPositiveInt:
      return "a positive integer";
    case Kind::kUnitFloat:
      return "a number from 0 to 1";
    case Kind::kString:
      return "a string";
    case Kind::kBool:
      return "true or false";
    case Kind::kEffort:
      return "one of low, medium, high, xhigh, max";
    case Kind::kStopSequences:
      return "a list of strings or a single string";
  }
  return "";
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  return s;
}

template <typename T>
std::optional<T> ParseNumber(std::string_view text) {
  text = Trim(text);
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The spellings pydantic accepts for a boolean.
std::optional<bool> ParseBool(std::string_view text) {
  const std::string lower = AsciiLower(Trim(text));
  for (std::string_view yes : {"1", "true", "t", "yes", "y", "on"}) {
    if (lower == yes) return true;
  }
  for (std::string_view no : {"0", "false", "f", "no", "n", "off"}) {
    if (lower == no) return false;
  }
  return std::nullopt;
}

// llm-anthropic: text that parses as JSON must be an array of strings; any
// other text is the one stop sequence.
std::optional<json> ParseStopSequences(std::string_view text) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return json::array({std::string(text)});
  if (!doc.is_array()) return std::nullopt;
  for (const json& item : doc) {
    if (!item.is_string()) return std::nullopt;
  }
  return doc;
}

std::optional<json> ParseValue(Kind kind, std::string_view text) {
  switch (kind) {
    case Kind::kPositiveInt: {
      auto value = ParseNumber<int64_t>(text);
      return value && *value >= 1 ? std::optional<json>(*value) : std::nullopt;
    }
    case Kind::kUnitFloat: {
      auto value = ParseNumber<double>(text);
      if (!value || !std::isfinite(*value) || *value < 0 || *value > 1) return std::nullopt;
      return json(*value);
    }
    case Kind::kString:
      return json(std::string(text));
    case Kind::kBool: {
      auto value = ParseBool(text);
      return value ? std::optional<json>(*value) : std::nullopt;
    }
    case Kind::kEffort: {
      const std::string lower = AsciiLower(Trim(text));
      for (std::string_view level : {"low", "medium", "high", "xhigh", "max"}) {
        if (lower == level) return json(lower);
      }
      return std::nullopt;
    }
    case Kind::kStopSequences:
      return ParseStopSequences(text);
  }
  return std::nullopt;
}

std::string KnownNames() {
  std::string names;
  for (const Rule& rule : kRules) {
    if (!names.empty()) names += ", ";
    names += rule.name;
  }
  return names;
}

}  // namespace

std::vector<ChatOptionSpec> AnthropicOptionSpecs() { return {kSpecs.begin(), kSpecs.end()}; }

Result<json> ParseAnthropicOptions(const std::vector<std::pair<std::string, std::string>>& raw) {
  json options = json::object();
  for (const auto& [key, text] : raw) {
    const Rule* rule = nullptr;
    for (const Rule& candidate : kRules) {
      if (candidate.name == key) rule = &candidate;
    }
    if (rule == nullptr) {
      return MakeError(ErrorKind::kUsage, "unknown option '" + OnePrintableLine(key, 60) +
                                              "' for this model; known: " + KnownNames());
    }
    std::optional<json> value = ParseValue(rule->kind, text);
    if (!value) {
      return MakeError(ErrorKind::kUsage, "option '" + key + "' must be " +
                                              std::string(Expected(rule->kind)) + ", not '" +
                                              OnePrintableLine(text, 60) + "'");
    }
    options[key] = std::move(*value);
  }
  if (options.contains("temperature") && options.contains("top_p")) {
    return MakeError(ErrorKind::kUsage, "only one of temperature and top_p can be set");
  }
  return options;
}

}  // namespace llmbox
