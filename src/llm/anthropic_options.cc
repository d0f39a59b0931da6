#include "llm/anthropic_options.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/ascii.h"

namespace llmbox {
namespace {

using nlohmann::json;

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

std::optional<json> PositiveInt(std::string_view text) {
  auto value = ParseNumber<int64_t>(text);
  if (!value || *value < 1) return std::nullopt;
  return json(*value);
}

std::optional<json> UnitFloat(std::string_view text) {
  auto value = ParseNumber<double>(text);
  if (!value || !std::isfinite(*value) || *value < 0 || *value > 1) return std::nullopt;
  return json(*value);
}

std::optional<json> String(std::string_view text) { return json(std::string(text)); }

std::optional<json> Bool(std::string_view text) {
  const std::optional<bool> flag = PydanticBool(AsciiLower(Trim(text)));
  if (!flag) return std::nullopt;
  return json(*flag);
}

std::optional<json> Effort(std::string_view text) {
  const std::string lower = AsciiLower(Trim(text));
  for (std::string_view level : {"low", "medium", "high", "xhigh", "max"}) {
    if (lower == level) return json(lower);
  }
  return std::nullopt;
}

// llm-anthropic: text that parses as JSON must be an array of strings; any
// other text is the one stop sequence.
std::optional<json> StopSequences(std::string_view text) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return json::array({std::string(text)});
  if (!doc.is_array()) return std::nullopt;
  for (const json& item : doc) {
    if (!item.is_string()) return std::nullopt;
  }
  return doc;
}

// How one kind of value is read, and what its error message says it must be.
struct Kind {
  std::optional<json> (*parse)(std::string_view text);
  std::string_view expected;
};

constexpr Kind kPositiveInt{PositiveInt, "a positive integer"};
constexpr Kind kUnitFloat{UnitFloat, "a number from 0 to 1"};
constexpr Kind kString{String, "a string"};
constexpr Kind kBool{Bool, "true or false"};
constexpr Kind kEffort{Effort, "one of low, medium, high, xhigh, max"};
constexpr Kind kStopSequences{StopSequences, "a list of strings or a single string"};

struct Rule {
  ChatOptionSpec spec;
  const Kind& kind;
};

// In llm-anthropic's order.
constexpr std::array kRules = {
    Rule{{"max_tokens", "int", "Maximum number of tokens to generate (default: the model's)"},
         kPositiveInt},
    Rule{{"temperature", "float", "Randomness from 0 to 1 (default 1); set this or top_p"},
         kUnitFloat},
    Rule{{"top_p", "float", "Nucleus sampling from 0 to 1; set this or temperature"}, kUnitFloat},
    Rule{{"top_k", "int", "Sample only from the K most likely tokens"}, kPositiveInt},
    Rule{{"user_id", "str", "An identifier of the end user, sent as metadata"}, kString},
    Rule{{"prefill", "str", "Text the answer starts with"}, kString},
    Rule{{"hide_prefill", "boolean", "Leave the prefill out of the printed answer"}, kBool},
    Rule{{"stop_sequences", "array, str",
          "A string, or a JSON list of strings, that ends the answer"},
         kStopSequences},
    Rule{{"cache", "boolean", "Use Anthropic's prompt cache for the last part of the prompt"},
         kBool},
    Rule{{"fast", "boolean", "Fast mode, for lower latency"}, kBool},
    Rule{{"thinking", "boolean", "Think before answering (models that can; off turns it off)"},
         kBool},
    Rule{{"thinking_budget", "int", "Tokens to budget for thinking (default 1024)"}, kPositiveInt},
    Rule{{"thinking_effort", "str", "Thinking effort: low, medium, high, xhigh or max"}, kEffort},
};

}  // namespace

std::vector<ChatOptionSpec> AnthropicOptionSpecs() {
  std::vector<ChatOptionSpec> specs;
  for (const Rule& rule : kRules) specs.push_back(rule.spec);
  return specs;
}

Result<json> ParseAnthropicOptions(const std::vector<std::pair<std::string, std::string>>& raw) {
  json options = json::object();
  for (const auto& [key, text] : raw) {
    const Rule* rule = nullptr;
    for (const Rule& candidate : kRules) {
      if (candidate.spec.name == key) rule = &candidate;
    }
    if (rule == nullptr) return UnknownOptionError(key, AnthropicOptionSpecs());
    std::optional<json> value = rule->kind.parse(text);
    if (!value) return BadOptionValueError(key, rule->kind.expected, text);
    options[key] = std::move(*value);
  }
  if (options.contains("temperature") && options.contains("top_p")) {
    return MakeError(ErrorKind::kUsage, "only one of temperature and top_p can be set");
  }
  return options;
}

}  // namespace llmbox
