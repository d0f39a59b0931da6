#include "llm/conversation.h"

namespace llmbox {
namespace {

void AddToolResults(std::vector<ChatMessage>& messages, const Turn& turn) {
  for (const ToolOutput& result : turn.tool_results) {
    messages.push_back({"tool", result.output, {}, result.tool_call_id});
  }
}

}  // namespace

std::vector<ChatMessage> BuildMessages(const std::vector<Turn>& history, const Turn& current) {
  std::vector<ChatMessage> messages;
  std::string current_system;
  for (const Turn& e : history) {
    if (!e.system.empty() && e.system != current_system) {
      messages.push_back({"system", e.system});
      current_system = e.system;
    }
    // Earlier attachments are sent again with their prompts, as llm does on -c.
    if (!e.prompt.empty() || !e.attachments.empty()) {
      messages.push_back({"user", e.prompt, {}, {}, &e.attachments});
    }
    AddToolResults(messages, e);
    if (!e.response.empty()) messages.push_back({"assistant", e.response});
    if (!e.tool_calls.empty()) messages.push_back({"assistant", "", e.tool_calls});
  }
  if (!current.system.empty() && current.system != current_system) {
    messages.push_back({"system", current.system});
  }
  AddToolResults(messages, current);
  if (!current.prompt.empty() || !current.attachments.empty() || current.tool_results.empty()) {
    messages.push_back({"user", current.prompt, {}, {}, &current.attachments});
  }
  return messages;
}

std::vector<ChatMessage> BuildMessages(const std::vector<Turn>& history, const std::string& system,
                                       const std::string& prompt) {
  Turn current;
  current.system = system;
  current.prompt = prompt;
  return BuildMessages(history, current);
}

}  // namespace llmbox
