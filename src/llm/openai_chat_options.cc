#include "llm/openai_chat_options.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>

#include "llm/provider_error.h"

namespace llmbox {
namespace {

using nlohmann::json;

enum class Kind { kFloat, kInt, kString, kBool, kLogitBias };

struct Rule {
  ChatOptionSpec spec;
  Kind kind;
  double min = 0;
  double max = 0;
  std::string_view expected;  // for error messages
};

constexpr std::array kRules = {
    Rule{{"temperature", "float",
          "Sampling temperature from 0 to 2: higher is more random, lower more focused"},
         Kind::kFloat,
         0,
         2,
         "a number from 0 to 2"},
    Rule{{"max_tokens", "int", "Maximum number of tokens to generate"},
         Kind::kInt,
         0,
         0,
         "an integer"},
    Rule{{"top_p", "float",
          "Nucleus sampling from 0 to 1: consider only the tokens in this top probability mass"},
         Kind::kFloat,
         0,
         1,
         "a number from 0 to 1"},
    Rule{{"frequency_penalty", "float",
          "From -2 to 2: positive values discourage repeating frequent tokens"},
         Kind::kFloat,
         -2,
         2,
         "a number from -2 to 2"},
    Rule{{"presence_penalty", "float",
          "From -2 to 2: positive values encourage tokens not used so far"},
         Kind::kFloat,
         -2,
         2,
         "a number from -2 to 2"},
    Rule{{"stop", "str", "A string where the model stops generating"},
         Kind::kString,
         0,
         0,
         "a string"},
    Rule{{"logit_bias", "dict, str", "JSON object mapping token IDs to a bias from -100 to 100"},
         Kind::kLogitBias,
         0,
         0,
         "a JSON object mapping token IDs to integers from -100 to 100"},
    Rule{{"seed", "int", "Integer seed for (mostly) repeatable sampling"},
         Kind::kInt,
         0,
         0,
         "an integer"},
    Rule{{"json_object", "boolean", "Output a valid JSON object {...}; say so in the prompt"},
         Kind::kBool,
         0,
         0,
         "true or false"},
};

const std::array<ChatOptionSpec, kRules.size()> kSpecs = [] {
  std::array<ChatOptionSpec, kRules.size()> specs;
  for (size_t i = 0; i < kRules.size(); ++i) specs[i] = kRules[i].spec;
  return specs;
}();

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<double> ParseFloat(std::string_view text) {
  text = TrimSpace(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<int64_t> ParseInt(std::string_view text) {
  text = TrimSpace(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<bool> ParseBool(std::string_view text) {
  std::string lower;
  for (char c : TrimSpace(text))
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return PydanticBool(lower);
}

std::optional<int64_t> BiasValue(const json& value) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (!std::isfinite(d) || std::fabs(d) > 1e9) return std::nullopt;
    return static_cast<int64_t>(d);  // truncates, as Python's int() does
  }
  if (value.is_string()) return ParseInt(value.get<std::string>());
  return std::nullopt;
}

std::optional<json> ParseLogitBias(std::string_view text) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return std::nullopt;
  json out = json::object();
  for (const auto& [key, value] : doc.items()) {
    const std::optional<int64_t> token = ParseInt(key);
    const std::optional<int64_t> bias = BiasValue(value);
    if (!token || !bias || *bias < -100 || *bias > 100) return std::nullopt;
    out[std::to_string(*token)] = *bias;
  }
  return out;
}

std::optional<json> ParseValue(const Rule& rule, std::string_view text) {
  switch (rule.kind) {
    case Kind::kFloat: {
      auto value = ParseFloat(text);
      if (!value || *value < rule.min || *value > rule.max) return std::nullopt;
      return json(*value);
    }
    case Kind::kInt: {
      auto value = ParseInt(text);
      return value ? std::optional<json>(json(*value)) : std::nullopt;
    }
    case Kind::kString:
      return json(std::string(text));
    case Kind::kBool: {
      auto value = ParseBool(text);
      return value ? std::optional<json>(json(*value)) : std::nullopt;
    }
    case Kind::kLogitBias:
      return ParseLogitBias(text);
  }
  return std::nullopt;
}

}  // namespace

std::span<const ChatOptionSpec> ChatOptionSpecs() { return kSpecs; }

std::optional<bool> PydanticBool(std::string_view lowered) {
  for (std::string_view yes : {"1", "true", "t", "yes", "y", "on"}) {
    if (lowered == yes) return true;
  }
  for (std::string_view no : {"0", "false", "f", "no", "n", "off"}) {
    if (lowered == no) return false;
  }
  return std::nullopt;
}

Error UnknownOptionError(std::string_view key, std::span<const ChatOptionSpec> known) {
  std::string names;
  for (const ChatOptionSpec& spec : known) {
    if (!names.empty()) names += ", ";
    names += spec.name;
  }
  return MakeError(ErrorKind::kUsage, "unknown option '" + OnePrintableLine(key, 60) +
                                          "' for this model; known: " + names);
}

Error BadOptionValueError(std::string_view key, std::string_view expected, std::string_view text) {
  return MakeError(ErrorKind::kUsage, "option '" + std::string(key) + "' must be " +
                                          std::string(expected) + ", not '" +
                                          OnePrintableLine(text, 60) + "'");
}

Result<nlohmann::json> ParseChatOptions(
    const std::vector<std::pair<std::string, std::string>>& raw) {
  json options = json::object();
  for (const auto& [key, text] : raw) {
    const Rule* rule = nullptr;
    for (const Rule& candidate : kRules) {
      if (candidate.spec.name == key) rule = &candidate;
    }
    if (rule == nullptr) return UnknownOptionError(key, kSpecs);
    std::optional<json> value = ParseValue(*rule, text);
    if (!value) return BadOptionValueError(key, rule->expected, text);
    options[key] = std::move(*value);
  }
  return options;
}

}  // namespace llmbox
