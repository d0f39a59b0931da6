// How the text of a prompt is assembled from the command line and standard
// input, the way `llm` does it: piped input comes first, then the argument,
// joined by a space; with neither, stdin is read even from a terminal.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "common/result.h"

namespace llmbox {

// Upper bound on a prompt read from stdin; larger input is a clear error
// rather than an out-of-memory kill inside a 1 GiB container.
inline constexpr size_t kMaxStdinPromptBytes = 64u << 20;

// All of `in` (standard input), up to kMaxStdinPromptBytes; "" at end of input.
Result<std::string> ReadPromptStdin(std::istream& in);

// `arg` is the positional PROMPT (absent when not given). `in` is read when it is
// not a terminal, or when there is no argument at all.
Result<std::string> AssemblePrompt(const std::optional<std::string>& arg, std::istream& in,
                                   bool stdin_is_tty);

}  // namespace llmbox
