// The request llm-anthropic sends to the Anthropic Messages API, built from a
// provider-neutral ModelCall: the system prompt as top-level `system`, each
// earlier turn as a user message (tool results, attachments, prompt text)
// and an assistant message (answer text, tool_use blocks), the options as
// llm-anthropic maps them (temperature 1.0 unless top_p is given, max_tokens
// from the model's default, thinking, stop sequences, user id, prefill, prompt
// caching), tools, and --schema as a forced tool whose input is the answer.
// Like llm-anthropic, the request always asks for an event stream; --no-stream
// only changes how the answer is shown.
//
// What it guards against: options a model does not take (thinking on a model
// without it) and attachment types it cannot read are errors before anything
// is sent, so no request is half-right.
// API reference: https://docs.anthropic.com/en/api/messages
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "llm/model_call.h"

namespace llmbox {

inline constexpr std::string_view kAnthropicVersion = "2023-06-01";
// The tool that carries a --schema answer (llm-anthropic's name).
inline constexpr std::string_view kSchemaToolName = "output_structured_data";

struct AnthropicRequest {
  nlohmann::json body;
  std::vector<std::string> betas;  // sent as anthropic-beta, comma-separated
};

// Errors (kConfig, exit status 1 as in llm): an option the model does not take, an attachment type
// it cannot read, --schema together with tools, prefill on a model without it.
Result<AnthropicRequest> BuildAnthropicRequest(const ModelCall& call);

// The `messages` array alone (earlier turns, the current one, the prefill).
// Errors as for BuildAnthropicRequest, for attachments.
Result<nlohmann::json> BuildAnthropicMessages(const ModelCall& call);

// The headers Anthropic's API adds to endpoint_request.h's: x-api-key (only
// when a key is set: llm-gate adds it otherwise), anthropic-version, and
// anthropic-beta (only when there are betas).
std::vector<std::pair<std::string, std::string>> AnthropicHeaders(
    const Endpoint& endpoint, const std::vector<std::string>& betas);

}  // namespace llmbox
