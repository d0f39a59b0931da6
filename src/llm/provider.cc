#include "llm/provider.h"

#include <array>

#include "llm/anthropic_options.h"
#include "llm/anthropic_provider.h"
#include "llm/openai_chat.h"
#include "llm/openai_chat_attachments.h"
#include "llm/openai_chat_options.h"
#include "llm/openai_responses.h"
#include "llm/openai_responses_options.h"
#include "llm/model_info.h"

namespace llmbox {
namespace {

std::vector<ChatOptionSpec> ChatSpecs() {
  return {ChatOptionSpecs().begin(), ChatOptionSpecs().end()};
}

const std::array kProviders = {
    Provider{kOpenAiChat, ParseChatOptions, CompleteOpenAiChat, OpenAiChatPromptJson,
             "https://api.openai.com/v1", "OPENAI_BASE_URL", "/openai/v1", ChatSpecs,
             OpenAiChatSendsUrl},
    // Requests go to <base>/responses, on the same API base and gateway route.
    Provider{kOpenAiResponses, ParseResponsesOptions, CompleteOpenAiResponses,
             OpenAiResponsesPromptJson, "https://api.openai.com/v1", "OPENAI_BASE_URL",
             "/openai/v1", ResponsesOptionSpecs,
             // Image and PDF URLs go as image_url / file_url: nothing to download.
             [](std::string_view type) {
               return type.rfind("image/", 0) == 0 || type == "application/pdf";
             }},
    // Requests go to <base>/messages; llm-gate maps /anthropic/v1/... to the
    // same path on api.anthropic.com.
    Provider{kAnthropicMessages, ParseAnthropicOptions, CompleteAnthropic, AnthropicPromptJson,
             "https://api.anthropic.com/v1", "ANTHROPIC_BASE_URL", "/anthropic/v1",
             AnthropicOptionSpecs},
};

}  // namespace

Result<const Provider*> FindProvider(std::string_view label) {
  for (const Provider& p : kProviders) {
    if (p.label == label) return &p;
  }
  return MakeError(ErrorKind::kConfig,
                   "no provider module for \"" + std::string(label) + "\" in this build");
}

}  // namespace llmbox
