// The Claude models llm-anthropic registers, in its order, with what differs
// between them: the default max_tokens and which thinking controls the model
// takes. builtin_models.cc lists them (ids "anthropic/<name>"); the request
// builder (anthropic_messages.h) looks a model's traits up by the name sent
// to the API.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llmbox {

struct ClaudeModel {
  std::string_view name;     // sent to the API; llm's id is "anthropic/" + name
  std::string_view aliases;  // comma-separated, in llm-anthropic's order
  int64_t default_max_tokens = 4096;
  bool pdf = false;                // accepts application/pdf attachments
  bool thinking = false;           // -o thinking / thinking_budget
  bool thinking_effort = false;    // -o thinking_effort
  bool adaptive = false;           // thinking is {"type": "adaptive"}, no budget
  bool thinks_by_default = false;  // thinks unless -o thinking 0
  bool always_thinks = false;      // -o thinking 0 is refused
};

std::span<const ClaudeModel> ClaudeModels();

// The attachment types llm-anthropic declares for the model: the four image
// types, and application/pdf where the model reads PDFs.
std::vector<std::string> ClaudeAttachmentTypes(const ClaudeModel& model);

// The traits of the model sent as `name`; a model not in the table gets
// llm-anthropic's defaults (4096 tokens, images only, no thinking).
const ClaudeModel& ClaudeModelTraits(std::string_view name);

}  // namespace llmbox
