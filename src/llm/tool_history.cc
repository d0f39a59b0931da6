#include "llm/tool_history.h"

#include <set>
#include <string>

namespace llmbox {

void PairToolTurns(std::vector<Turn>& history) {
  for (size_t i = 0; i < history.size(); ++i) {
    Turn& turn = history[i];
    std::set<std::string> answered;
    if (i + 1 < history.size()) {
      for (const ToolOutput& r : history[i + 1].tool_results) answered.insert(r.tool_call_id);
    }
    std::set<std::string> asked;
    for (const ToolCall& c : turn.tool_calls) asked.insert(c.id);
    const bool paired = !asked.empty() && asked == answered;
    if (!paired) turn.tool_calls.clear();
    if (i + 1 < history.size() && !paired) history[i + 1].tool_results.clear();
  }
  if (!history.empty()) history.front().tool_results.clear();
}

}  // namespace llmbox
