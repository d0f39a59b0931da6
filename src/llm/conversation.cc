#include "llm/conversation.h"

namespace llmbox {

std::vector<ChatMessage> BuildMessages(const std::vector<Turn>& history,
                                       const std::string& system, const std::string& prompt) {
  std::vector<ChatMessage> messages;
  std::string current_system;
  for (const Turn& e : history) {
    if (!e.system.empty() && e.system != current_system) {
      messages.push_back({"system", e.system});
      current_system = e.system;
    }
    messages.push_back({"user", e.prompt});
    messages.push_back({"assistant", e.response});
  }
  if (!system.empty() && system != current_system) messages.push_back({"system", system});
  messages.push_back({"user", prompt});
  return messages;
}

}  // namespace llmbox
