#include "llm/anthropic_models.h"

#include <array>

namespace llmbox {
namespace {

constexpr ClaudeModel Claude3(std::string_view name, std::string_view aliases) {
  return ClaudeModel{name, aliases};
}

constexpr ClaudeModel Claude35(std::string_view name, std::string_view aliases, bool pdf) {
  ClaudeModel m{name, aliases, 8192};
  m.pdf = pdf;
  return m;
}

// Claude 3.7 to 4.5: thinking with a token budget.
constexpr ClaudeModel Thinking(std::string_view name, std::string_view aliases, int64_t max_tokens,
                               bool effort = false) {
  ClaudeModel m{name, aliases, max_tokens, true, true};
  m.thinking_effort = effort;
  return m;
}

// Claude 4.6 and later: adaptive thinking, an effort level instead of a budget.
constexpr ClaudeModel Adaptive(std::string_view name, std::string_view aliases,
                               bool by_default = false, bool always = false) {
  ClaudeModel m{name, aliases, 128000, true, true, true, true};
  m.thinks_by_default = by_default;
  m.always_thinks = always;
  return m;
}

constexpr std::array kModels = {
    Claude3("claude-3-opus-20240229", ""),
    Claude3("claude-3-opus-latest", "claude-3-opus"),
    Claude3("claude-3-sonnet-20240229", "claude-3-sonnet"),
    Claude3("claude-3-haiku-20240307", "claude-3-haiku"),
    Claude35("claude-3-5-sonnet-20240620", "", true),
    Claude35("claude-3-5-sonnet-20241022", "", true),
    Claude35("claude-3-5-sonnet-latest", "claude-3.5-sonnet,claude-3.5-sonnet-latest", true),
    Claude35("claude-3-5-haiku-latest", "claude-3.5-haiku", false),
    Thinking("claude-3-7-sonnet-20250219", "", 8192),
    Thinking("claude-3-7-sonnet-latest", "claude-3.7-sonnet,claude-3.7-sonnet-latest", 8192),
    Thinking("claude-opus-4-0", "claude-4-opus", 32000),
    Thinking("claude-sonnet-4-0", "claude-4-sonnet", 64000),
    Thinking("claude-opus-4-1-20250805", "claude-opus-4.1", 32000),
    Thinking("claude-sonnet-4-5", "claude-sonnet-4.5", 64000),
    Thinking("claude-haiku-4-5-20251001", "claude-haiku-4.5", 64000),
    Thinking("claude-opus-4-5-20251101", "claude-opus-4.5", 64000, /*effort=*/true),
    Adaptive("claude-opus-4-6", "claude-opus-4.6"),
    Adaptive("claude-sonnet-4-6", "claude-sonnet-4.6"),
    Adaptive("claude-opus-4-7", "claude-opus-4.7"),
    Adaptive("claude-opus-4-8", "claude-opus-4.8"),
    Adaptive("claude-fable-5", "claude-fable-5", /*by_default=*/true, /*always=*/true),
    Adaptive("claude-sonnet-5", "claude-sonnet-5", /*by_default=*/true),
    Adaptive("claude-opus-5", "claude-opus-5", /*by_default=*/true),
};

constexpr ClaudeModel kUnknown{"", ""};

}  // namespace

std::span<const ClaudeModel> ClaudeModels() { return kModels; }

std::vector<std::string> ClaudeAttachmentTypes(const ClaudeModel& model) {
  std::vector<std::string> types = {"image/png", "image/jpeg", "image/webp", "image/gif"};
  if (model.pdf) types.emplace_back("application/pdf");
  return types;
}

const ClaudeModel& ClaudeModelTraits(std::string_view name) {
  for (const ClaudeModel& m : kModels) {
    if (m.name == name) return m;
  }
  return kUnknown;
}

}  // namespace llmbox
