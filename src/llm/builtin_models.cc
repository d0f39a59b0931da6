#include "llm/builtin_models.h"

#include <iterator>
#include <string_view>

#include "llm/anthropic_models.h"

namespace llmbox {
namespace {

struct Row {
  std::string_view id;
  std::string_view provider;
  std::string_view aliases;  // comma-separated, in llm's order
  bool can_stream = true;
};

// llm 0.32 moved reasoning-capable models to the Responses API, so they are
// labelled "OpenAI Responses" in its listing; o1 cannot stream.
constexpr std::string_view kChat = kOpenAiChat;
constexpr std::string_view kResponses = kOpenAiResponses;

const Row kRows[] = {
    {"gpt-4o", kChat, "4o"},
    {"chatgpt-4o-latest", kChat, "chatgpt-4o"},
    {"gpt-4o-mini", kChat, "4o-mini"},
    {"gpt-4o-audio-preview", kChat, ""},
    {"gpt-4o-audio-preview-2024-12-17", kChat, ""},
    {"gpt-4o-audio-preview-2024-10-01", kChat, ""},
    {"gpt-4o-mini-audio-preview", kChat, ""},
    {"gpt-4o-mini-audio-preview-2024-12-17", kChat, ""},
    {"gpt-4.1", kChat, "4.1"},
    {"gpt-4.1-mini", kChat, "4.1-mini"},
    {"gpt-4.1-nano", kChat, "4.1-nano"},
    {"gpt-3.5-turbo", kChat, "3.5,chatgpt"},
    {"gpt-3.5-turbo-16k", kChat, "chatgpt-16k,3.5-16k"},
    {"gpt-4", kChat, "4,gpt4"},
    {"gpt-4-32k", kChat, "4-32k"},
    {"gpt-4-1106-preview", kChat, ""},
    {"gpt-4-0125-preview", kChat, ""},
    {"gpt-4-turbo-2024-04-09", kChat, ""},
    {"gpt-4-turbo", kChat, "gpt-4-turbo-preview,4-turbo,4t"},
    {"gpt-4.5-preview-2025-02-27", kChat, ""},
    {"gpt-4.5-preview", kChat, "gpt-4.5"},
    {"o1", kResponses, "", /*can_stream=*/false},
    {"o1-2024-12-17", kResponses, "", /*can_stream=*/false},
    {"o1-preview", kChat, ""},
    {"o1-mini", kChat, ""},
    {"o3-mini", kResponses, ""},
    {"o3", kResponses, ""},
    {"o4-mini", kResponses, ""},
    {"gpt-5", kResponses, ""},
    {"gpt-5-mini", kResponses, ""},
    {"gpt-5-nano", kResponses, ""},
    {"gpt-5-2025-08-07", kResponses, ""},
    {"gpt-5-mini-2025-08-07", kResponses, ""},
    {"gpt-5-nano-2025-08-07", kResponses, ""},
    {"gpt-5.1", kResponses, ""},
    {"gpt-5.1-chat-latest", kResponses, ""},
    {"gpt-5.2", kResponses, ""},
    {"gpt-5.2-chat-latest", kResponses, ""},
    {"gpt-5.4", kResponses, ""},
    {"gpt-5.4-2026-03-05", kResponses, ""},
    {"gpt-5.4-mini", kResponses, ""},
    {"gpt-5.4-mini-2026-03-17", kResponses, ""},
    {"gpt-5.4-nano", kResponses, ""},
    {"gpt-5.4-nano-2026-03-17", kResponses, ""},
    {"gpt-5.5", kResponses, ""},
    {"gpt-5.5-2026-04-23", kResponses, ""},
    {"gpt-3.5-turbo-instruct", kOpenAiCompletion, "3.5-instruct,chatgpt-instruct"},
};

void SplitAliases(std::string_view list, std::vector<std::string>& out) {
  for (std::string_view rest = list; !rest.empty();) {
    size_t comma = rest.find(',');
    out.emplace_back(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
}

// llm-anthropic's models come after llm's own, as plugin models do in `llm models`.
void AddClaudeModels(std::vector<ModelInfo>& models) {
  for (const ClaudeModel& claude : ClaudeModels()) {
    ModelInfo m;
    m.model_id = "anthropic/" + std::string(claude.name);
    m.model_name = std::string(claude.name);
    m.provider = std::string(kAnthropicMessages);
    m.key_name = "anthropic";
    m.key_env = "ANTHROPIC_API_KEY";
    SplitAliases(claude.aliases, m.aliases);
    m.attachment_types = ClaudeAttachmentTypes(claude);
    models.push_back(std::move(m));
  }
}

// llm registers these with vision=False and audio=False.
constexpr std::string_view kTextOnly[] = {
    "gpt-3.5-turbo", "gpt-3.5-turbo-16k", "gpt-4",    "gpt-4-32k",          "gpt-4-1106-preview",
    "gpt-4-0125-preview", "gpt-4-turbo-2024-04-09", "gpt-4-turbo", "o1-preview", "o1-mini",
    "o3-mini", "gpt-3.5-turbo-instruct"};

std::vector<std::string> AttachmentTypes(std::string_view id) {
  if (id.find("audio-preview") != std::string_view::npos) return OpenAiAudioAttachmentTypes();
  for (std::string_view text_only : kTextOnly) {
    if (id == text_only) return {};
  }
  return OpenAiVisionAttachmentTypes();
}

}  // namespace

std::vector<ModelInfo> BuiltinModels() {
  std::vector<ModelInfo> models;
  models.reserve(std::size(kRows) + ClaudeModels().size());
  for (const Row& row : kRows) {
    ModelInfo m;
    m.model_id = std::string(row.id);
    m.model_name = m.model_id;
    m.provider = std::string(row.provider);
    SplitAliases(row.aliases, m.aliases);
    m.can_stream = row.can_stream;
    m.attachment_types = AttachmentTypes(row.id);
    models.push_back(std::move(m));
  }
  AddClaudeModels(models);
  return models;
}

}  // namespace llmbox
