// The `-o KEY VALUE` options of an OpenAI Responses model: llm 0.32's shared
// OpenAI options (temperature, max_tokens, ...; see openai_chat_options.h)
// plus the reasoning-model ones, checked before any request is sent.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "llm/openai_chat_options.h"

namespace llmbox {

// In the order `llm models --options` lists them: the Chat options, then
// image_detail, reasoning_effort, verbosity (llm's names), then
// reasoning_summary and store (the names llm-openai-plugin uses), then
// chat_completions (llm 0.32: send the prompt through Chat Completions).
std::vector<ChatOptionSpec> ResponsesOptionSpecs();

// Like ParseChatOptions; the Responses-only options are strings from a fixed
// set (store is a boolean). Errors (kUsage): an unknown key or a bad value.
Result<nlohmann::json> ParseResponsesOptions(
    const std::vector<std::pair<std::string, std::string>>& raw);

}  // namespace llmbox
