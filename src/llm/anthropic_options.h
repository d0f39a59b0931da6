// The `-o KEY VALUE` options of the Anthropic Messages models, named and
// checked as llm-anthropic's Options classes do, so a typo or a value out of
// range is an error before any request is sent. Whether a model takes the
// thinking options is decided per model when the request is built
// (anthropic_messages.h), since this check does not know the model.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "llm/openai_chat_options.h"

namespace llmbox {

// Returns an object holding only the options given, typed: max_tokens, top_k,
// thinking_budget as integers (at least 1); temperature, top_p as numbers
// from 0 to 1; user_id, prefill as strings; hide_prefill, cache, fast,
// thinking as booleans; thinking_effort as one of low, medium, high, xhigh,
// max; stop_sequences as an array of strings (a JSON array of strings, or
// any other text as the one sequence). A later duplicate wins.
// Errors (kUsage): an unknown key, a bad value, or both temperature and top_p.
// For `llm models --options`, in llm-anthropic's order; the thinking options
// apply only to the models that think (see anthropic_models.h).
std::vector<ChatOptionSpec> AnthropicOptionSpecs();

Result<nlohmann::json> ParseAnthropicOptions(
    const std::vector<std::pair<std::string, std::string>>& raw);

}  // namespace llmbox
