// Earlier turns loaded from logs.db for -c/--cid carry the tool calls each
// answer asked for and the results the next prompt sent back, which the
// providers replay as llm does. Both APIs refuse a tool call whose result
// does not follow in the next turn, and a result with no call before it; a
// chain stopped by --cl, Ctrl-C or a cut stream leaves exactly that in the
// log. PairToolTurns() drops such unpaired calls and results so that a
// continued conversation is always a request the provider accepts.
#pragma once

#include <vector>

#include "llm/model_call.h"

namespace llmbox {

// Keeps a turn's tool_calls only when the next turn answers every one of
// them, and a turn's tool_results only when they answer the previous turn's
// calls. The last turn's calls are dropped: the new prompt carries no results.
void PairToolTurns(std::vector<Turn>& history);

}  // namespace llmbox
