// Where `llm chat` reads its lines from. On a terminal: libedit (emacs keys,
// Up/Down through a history kept in a file); otherwise: plain lines from a
// stream, so pipes and tests need no terminal.
//
// What it guards against: prompts leaking through the history file (created
// 0600, never through a symlink, like keys.json); a Ctrl-C at the prompt
// being lost (libedit retries a read() that a signal interrupted, so the
// terminal reader reads keys itself and returns as soon as the InterruptFlag
// is raised).
// libedit reference: editline(3), https://thrysoee.dk/editline/
#pragma once

#include <atomic>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace llmbox {

enum class LineStatus {
  kLine,         // `text` holds the line, without its newline
  kEnd,          // end of input (Ctrl-D on an empty line, or EOF)
  kInterrupted,  // Ctrl-C: the line typed so far is dropped
};

struct LineRead {
  LineStatus status = LineStatus::kEnd;
  std::string text;
};

class LineEditor {
 public:
  virtual ~LineEditor() = default;
  // Shows `prompt`, then reads one line.
  virtual LineRead Read(std::string_view prompt) = 0;
  // Adds a line to the history (and its file); a no-op without a terminal.
  virtual void Remember(const std::string& line) = 0;
};

// Writes the prompt to `out` and reads `in` line by line.
std::unique_ptr<LineEditor> MakePlainLineEditor(std::istream& in, std::ostream& out);

// libedit on standard input/output. `history_path` (may be empty) is loaded
// now and rewritten after each Remember(); `interrupt` is the Ctrl-C flag.
// Warnings (an unreadable history file) go to `err` once.
std::unique_ptr<LineEditor> MakeTerminalLineEditor(const std::string& history_path,
                                                   const std::atomic<bool>* interrupt,
                                                   std::ostream& err);

// Lines the history keeps (and its file holds) at most.
inline constexpr int kHistoryLines = 10000;

}  // namespace llmbox
