#include "llm/provider.h"

#include <array>

#include "llm/openai_chat.h"
#include "llm/openai_chat_options.h"
#include "llm/model_info.h"

namespace llmbox {
namespace {

const std::array kProviders = {
    Provider{kOpenAiChat, ParseChatOptions, CompleteOpenAiChat, OpenAiChatPromptJson,
             "https://api.openai.com/v1", "OPENAI_BASE_URL", "/openai/v1"},
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
