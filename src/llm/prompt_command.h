// `llm prompt` (the default command): assemble the prompt, pick the model and
// key, stream the answer, record it in logs.db.
//
// The answer is never lost: text is printed as it arrives; if the stream
// breaks, what arrived is logged marked incomplete and the exit status is 1
// (130 when Ctrl-C stopped it; a second Ctrl-C exits at once);
// if the log cannot be written, the answer has already been printed and the
// failure is reported as one line.
#pragma once

#include "llm/command.h"

namespace llmbox {

void AddPromptCommand(CLI::App& app, Context& ctx, Runner& run);

}  // namespace llmbox
