// `llm chat`: a conversation with one model, prompt after prompt, each turn
// sent with the earlier ones and logged into one conversation, exactly as
// `llm prompt -c` would (PromptSession). On a terminal lines are edited with
// libedit and kept in <config dir>/chat_history; from a pipe they are read
// plainly. Ctrl-C while an answer streams stops that answer (what arrived
// stays on screen and is logged as incomplete) and returns to the prompt;
// Ctrl-C at the prompt drops the line; Ctrl-D on an empty line, "exit" or
// "quit" end the chat. "!edit" takes the next prompt from the user's editor
// (external_editor.h); "!fragment A B" adds fragments to the message
// (chat_input.h), as -f/--sf add theirs to the first one. With -T a turn may
// run a tool chain (tool_loop.h):
// each request is its own row of the conversation, and later turns send the
// calls and results again.
#pragma once

#include <string>

#include "llm/chat_template.h"
#include "llm/command.h"
#include "llm/fragment_input.h"
#include "llm/interrupt.h"
#include "llm/line_editor.h"
#include "llm/prompt_session.h"

namespace llmbox {

void AddChatCommand(CLI::App& app, Context& ctx, Runner& run);

// The chat loop over a started session: reads from `editor`, answers go to
// ctx.out, errors to ctx.err (one line each; the chat goes on). `interrupt`
// is the Ctrl-C flag the session was started with, or null. The system
// prompt goes with the first turn only, as llm sends it. `chat_template`
// (-t), when not null, shapes each prompt (chat_template.h). `first`, when
// not null, holds -f/--sf fragments for the first turn. Returns when the user
// ends the chat.
void RunChatLoop(Context& ctx, PromptSession& session, LineEditor& editor,
                 const std::string& system, InterruptFlag* interrupt,
                 const ChatTemplate* chat_template = nullptr,
                 const ResolvedFragments* first = nullptr);

// "Chatting with <model>" and the hint lines llm prints.
std::string ChatBanner(const std::string& model_id);

// <config dir>/chat_history.
std::string ChatHistoryPath(const std::string& user_dir);

}  // namespace llmbox
