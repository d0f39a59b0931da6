// The request body for OpenAI's Responses API (POST /v1/responses), built the
// way llm 0.32 builds it: earlier turns and the current prompt become `input`
// items (role messages, function_call and function_call_output items), the
// latest system prompt becomes `instructions`, attachments become input_image
// / input_file content parts, ModelCall::tools become function tools and
// ModelCall::schema becomes text.format json_schema. `store` is false unless
// the store option says otherwise.
// API reference: https://platform.openai.com/docs/api-reference/responses/create
#pragma once

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "llm/model_call.h"

namespace llmbox {

struct ResponsesInput {
  nlohmann::json items = nlohmann::json::array();
  nlohmann::json instructions;  // null, or the system prompt
};

// kUsage for an attachment of a type the Responses API cannot take (audio,
// text, ...) or with neither content nor url.
Result<ResponsesInput> BuildResponsesInput(const ModelCall& call);

// The whole body: {"model", "input", "stream", "store", "include", options...}.
Result<nlohmann::json> BuildResponsesBody(const ModelCall& call);

// One attachment as a Responses content part; `detail` (image_detail) may be empty.
Result<nlohmann::json> ResponsesAttachmentPart(const Attachment& attachment,
                                               const std::string& detail);

}  // namespace llmbox
