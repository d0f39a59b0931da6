// What the client knows about one model: how llm names it, what to send to
// the API, where, and with which key. Built-in models come from
// builtin_models.cc, user-defined ones from extra-openai-models.yaml
// (extra_models.cc); model_registry.h puts them together.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmbox {

// The provider labels llm prints in `llm models` ("OpenAI Chat: gpt-4o").
inline constexpr std::string_view kOpenAiChat = "OpenAI Chat";
inline constexpr std::string_view kOpenAiResponses = "OpenAI Responses";
inline constexpr std::string_view kOpenAiCompletion = "OpenAI Completion";
inline constexpr std::string_view kAnthropicMessages = "Anthropic Messages";

struct ModelInfo {
  std::string model_id;    // llm's id, e.g. gpt-4o-mini; recorded in logs.db
  std::string model_name;  // the name sent to the API
  std::string provider = std::string(kOpenAiChat);
  // Empty: the default (OPENAI_BASE_URL or https://api.openai.com/v1), which
  // the caller resolves.
  std::string api_base;
  // keys.json name; empty means the model needs no key (an extra model with an
  // api_base and no api_key_name).
  std::string key_name = "openai";
  // Environment variable consulted after keys.json; empty: none.
  std::string key_env = "OPENAI_API_KEY";
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::string> aliases;
  bool can_stream = true;
  // MIME types the model accepts as attachments (-a), as llm's
  // Model.attachment_types; empty: none. Each provider fills it for its models.
  std::vector<std::string> attachment_types;
};

// llm's OpenAI sets: vision=True (images and PDF) and audio=True models.
std::vector<std::string> OpenAiVisionAttachmentTypes();
std::vector<std::string> OpenAiAudioAttachmentTypes();

// One line of `llm models`: "OpenAI Chat: gpt-4o (aliases: 4o)".
std::string ModelListLine(const ModelInfo& model);

// llm's `models list -q` test: `query` occurs, case-insensitively, in the
// model's id, its list line label ("OpenAI Chat: gpt-4o") or one of its aliases.
bool ModelMatchesQuery(const ModelInfo& model, std::string_view query);

}  // namespace llmbox
