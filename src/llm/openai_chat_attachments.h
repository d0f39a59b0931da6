// Attachments in OpenAI Chat Completions requests, as llm 0.32 sends them
// (llm/default_plugins/openai_models.py, _attachment and redact_data): a user
// message with attachments gets an array of content parts, the prompt text
// first (when not empty), then one part per attachment:
//   image/*          {"type": "image_url", "image_url": {"url": URL or data: URL}}
//   audio/wav, mpeg  {"type": "input_audio", "input_audio": {"data": base64, "format":
//   "wav"|"mp3"}} application/pdf  {"type": "file", "file": {"filename": "<id>.pdf", "file_data":
//   data: URL}}
// API reference: https://platform.openai.com/docs/api-reference/chat/create
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "llm/model_call.h"

namespace llmbox {

// Whether an attachment's URL is sent as is (images) instead of its bytes;
// the Provider::sends_url of OpenAI Chat.
bool OpenAiChatSendsUrl(std::string_view mime_type);

// The content part for one attachment.
nlohmann::json ChatAttachmentPart(const Attachment& attachment);

// A user message's "content": the prompt string, or with attachments the
// array of parts.
nlohmann::json ChatUserContent(const std::string& prompt,
                               const std::vector<Attachment>& attachments);

// What llm logs as prompt_json: inline image data URLs become "data:..." and
// audio data "..." (PDF file_data is kept, as llm keeps it).
void RedactInlineAttachments(nlohmann::json& value);

}  // namespace llmbox
