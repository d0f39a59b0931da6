// Turns a logged conversation into the message list sent to a chat model,
// as `llm` does: each earlier exchange becomes a user and an assistant
// message, and a system prompt is sent again only when it changes.
#pragma once

#include <string>
#include <vector>

#include "llm/model_call.h"
#include "llm/openai_chat.h"

namespace llmbox {

std::vector<ChatMessage> BuildMessages(const std::vector<Turn>& history,
                                       const std::string& system, const std::string& prompt);

}  // namespace llmbox
