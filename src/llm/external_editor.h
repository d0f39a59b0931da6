// `!edit` in `llm chat`: the user writes the next prompt in their own editor,
// as llm does it with click.edit() (click/_termui_impl.py, Editor):
//   - the editor is $VISUAL, else $EDITOR, else the first of sensible-editor,
//     vim and nano found on $PATH, else vi;
//   - it runs on a new, empty temporary file (suffix .txt) and is waited for;
//   - a file it did not save means "closed without saving"; otherwise the
//     saved text comes back.
// Unlike click, the command is not handed to /bin/sh (the container has no
// shell): it is split into words with shell-like quoting ('...', "...",
// backslash) and run directly, so "code --wait" works but $VARS, pipes and
// redirections do not.
//
// What it guards against: the prompt being read or swapped by other users
// (the file is made by mkstemps, mode 0600, in $TMPDIR or /tmp, opened again
// without following symlinks, and removed afterwards, whatever happened);
// an editor that cannot be started ending the chat (a one-line error instead).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "llm/command.h"

namespace llmbox {

// The editor command click would pick (see above). `is_executable` says
// whether a path names an executable file (tests pass a fake).
std::string PickEditor(const EnvGetter& env,
                       const std::function<bool(const std::string&)>& is_executable);
std::string PickEditor(const EnvGetter& env);

// The words of a command line: blanks separate words; '...' quotes
// literally; "..." quotes with \" \\ \$ \` escapes; a backslash outside
// quotes takes the next character literally. kConfig for an unterminated
// quote or no words at all.
Result<std::vector<std::string>> SplitCommandWords(std::string_view command);

// Runs `command` (as PickEditor() returns it) on a new empty temporary file
// and returns what was saved, or nullopt when the file was left unsaved.
// Errors (kConfig, one line, naming the editor): no such editor, a failed
// start, a non-zero exit or a signal; kIo for the temporary file.
Result<std::optional<std::string>> EditNewText(const EnvGetter& env, const std::string& command);

}  // namespace llmbox
