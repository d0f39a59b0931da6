// Turns a logged conversation into the message list sent to a chat model,
// as `llm` does: each earlier exchange becomes a user and an assistant
// message, and a system prompt is sent again only when it changes. In a
// tool chain, an answer's tool calls follow as an assistant message with
// "tool_calls" and the next prompt's results as "tool" messages; an empty
// prompt (a tool-driven follow-up) or an empty answer sends no message.
// A turn's attachments go with its user message, earlier turns' included.
#pragma once

#include <string>
#include <vector>

#include "llm/model_call.h"
#include "llm/openai_chat.h"

namespace llmbox {

// The returned messages point into `history` and `current` (attachments).
std::vector<ChatMessage> BuildMessages(const std::vector<Turn>& history, const Turn& current);

std::vector<ChatMessage> BuildMessages(const std::vector<Turn>& history,
                                       const std::string& system, const std::string& prompt);

}  // namespace llmbox
