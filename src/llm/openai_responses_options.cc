#include "llm/openai_responses_options.h"

#include <array>
#include <cctype>
#include <optional>
#include <string_view>


namespace llmbox {
namespace {

using nlohmann::json;

struct ChoiceRule {
  ChatOptionSpec spec;
  std::string_view choices;  // comma-separated; empty: a boolean
};

constexpr std::array kRules = {
    ChoiceRule{
        {"image_detail", "str", "Detail level for image attachments: low, high, original or auto"},
        "low,high,original,auto"},
    ChoiceRule{{"reasoning_effort", "str",
                "How hard a reasoning model thinks: none, minimal, low, medium, high or xhigh; "
                "less is faster and uses fewer reasoning tokens"},
               "none,minimal,low,medium,high,xhigh"},
    ChoiceRule{{"verbosity", "str", "How long the answer should be: low, medium or high"},
               "low,medium,high"},
    ChoiceRule{{"reasoning_summary", "str",
                "Ask for a summary of the model's reasoning, shown apart from the answer: "
                "auto, concise or detailed"},
               "auto,concise,detailed"},
    ChoiceRule{
        {"store", "boolean", "Let OpenAI store the response for later retrieval (default: false)"},
        ""},
    ChoiceRule{{"chat_completions", "boolean",
                "Send this prompt to the older /chat/completions endpoint instead of "
                "/responses, for compatibility"},
               ""},
};

std::string Lower(std::string_view text) {
  std::string out;
  for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.front()))) out.erase(0, 1);
  return out;
}

bool InList(std::string_view list, std::string_view value) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    if (list.substr(0, comma) == value) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

std::optional<json> ParseChoice(const ChoiceRule& rule, std::string_view text) {
  const std::string value = Lower(text);
  if (rule.choices.empty()) {
    const std::optional<bool> flag = PydanticBool(value);
    if (!flag) return std::nullopt;
    return json(*flag);
  }
  if (InList(rule.choices, value)) return json(value);
  return std::nullopt;
}

const ChoiceRule* FindRule(std::string_view name) {
  for (const ChoiceRule& rule : kRules) {
    if (rule.spec.name == name) return &rule;
  }
  return nullptr;
}

bool IsChatOption(std::string_view name) {
  for (const ChatOptionSpec& spec : ChatOptionSpecs()) {
    if (spec.name == name) return true;
  }
  return false;
}

}  // namespace

std::vector<ChatOptionSpec> ResponsesOptionSpecs() {
  std::vector<ChatOptionSpec> specs(ChatOptionSpecs().begin(), ChatOptionSpecs().end());
  for (const ChoiceRule& rule : kRules) specs.push_back(rule.spec);
  return specs;
}

Result<json> ParseResponsesOptions(const std::vector<std::pair<std::string, std::string>>& raw) {
  std::vector<std::pair<std::string, std::string>> shared;
  json mine = json::object();
  for (const auto& [key, text] : raw) {
    if (const ChoiceRule* rule = FindRule(key)) {
      std::optional<json> value = ParseChoice(*rule, text);
      if (!value) {
        const std::string expected = rule->choices.empty() ? std::string("true or false")
                                                           : "one of " + std::string(rule->choices);
        return BadOptionValueError(key, expected, text);
      }
      mine[key] = std::move(*value);
    } else if (IsChatOption(key)) {
      shared.emplace_back(key, text);
    } else {
      return UnknownOptionError(key, ResponsesOptionSpecs());
    }
  }
  auto parsed = ParseChatOptions(shared);
  if (!parsed) return parsed.error();
  for (auto& [key, value] : mine.items()) (*parsed)[key] = std::move(value);
  return parsed;
}

}  // namespace llmbox
