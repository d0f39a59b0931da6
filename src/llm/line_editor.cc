// See line_editor.h for what this guards against.
#include "llm/line_editor.h"

#include <errno.h>
#include <histedit.h>
#include <locale.h>
#include <stdio.h>
#include <sys/stat.h>
#include <termcap.h>
#include <unistd.h>
#include <wchar.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <istream>
#include <ostream>


namespace llmbox {
namespace {

class PlainLineEditor final : public LineEditor {
 public:
  PlainLineEditor(std::istream& in, std::ostream& out) : in_(in), out_(out) {}

  LineRead Read(std::string_view prompt) override {
    out_ << prompt << std::flush;
    LineRead read;
    if (!std::getline(in_, read.text)) return {LineStatus::kEnd, ""};
    if (!read.text.empty() && read.text.back() == '\r') read.text.pop_back();
    read.status = LineStatus::kLine;
    return read;
  }

  void Remember(const std::string&) override {}

 private:
  std::istream& in_;
  std::ostream& out_;
};

// libedit's line buffer is per call, its history per object; both live as
// long as this object.
class TerminalLineEditor final : public LineEditor {
 public:
  TerminalLineEditor(std::string history_path, const std::atomic<bool>* interrupt,
                     std::ostream& err)
      : history_path_(std::move(history_path)), interrupt_(interrupt), err_(err) {
    history_ = history_init();
    HistEvent event;
    history(history_, &event, H_SETSIZE, kHistoryLines);
    history(history_, &event, H_SETUNIQUE, 1);
    LoadHistory();
    editor_ = el_init("llm", stdin, stdout, stderr);
    el_set(editor_, EL_CLIENTDATA, this);
    el_set(editor_, EL_EDITOR, "emacs");
    el_set(editor_, EL_SIGNAL, 0);  // SIGINT belongs to InterruptFlag
    el_set(editor_, EL_HIST, history, history_);
    el_set(editor_, EL_PROMPT, &TerminalLineEditor::Prompt);
    el_set(editor_, EL_GETCFN, &TerminalLineEditor::GetChar);
  }

  ~TerminalLineEditor() override {
    el_end(editor_);
    history_end(history_);
  }

  TerminalLineEditor(const TerminalLineEditor&) = delete;
  TerminalLineEditor& operator=(const TerminalLineEditor&) = delete;

  LineRead Read(std::string_view prompt) override {
    prompt_.assign(prompt);
    int count = 0;
    const char* line = el_gets(editor_, &count);
    // A read cut by Ctrl-C makes el_gets return what was typed as if it were
    // a line: the flag, not the return value, says what happened.
    if (Interrupted()) {
      fputs("^C\n", stdout);
      fflush(stdout);
      return {LineStatus::kInterrupted, ""};
    }
    if (line == nullptr) return {LineStatus::kEnd, ""};
    LineRead read{LineStatus::kLine, line};
    if (!read.text.empty() && read.text.back() == '\n') read.text.pop_back();
    return read;
  }

  void Remember(const std::string& line) override {
    if (line.find_first_not_of(" \t") == std::string::npos) return;
    HistEvent event;
    history(history_, &event, H_ENTER, line.c_str());
    SaveHistory();
  }

 private:
  bool Interrupted() const { return interrupt_ != nullptr && interrupt_->load(); }

  static TerminalLineEditor* Self(EditLine* editor) {
    void* data = nullptr;
    el_get(editor, EL_CLIENTDATA, &data);
    return static_cast<TerminalLineEditor*>(data);
  }

  static char* Prompt(EditLine* editor) { return Self(editor)->prompt_.data(); }

  // Reads one character (a UTF-8 sequence in a UTF-8 locale). Returns 1 with
  // the character, 0 at end of input, -1 on an error or a Ctrl-C.
  static int GetChar(EditLine* editor, wchar_t* out) {
    TerminalLineEditor* self = Self(editor);
    mbstate_t state{};
    for (;;) {
      if (self->Interrupted()) {
        errno = EINTR;
        return -1;
      }
      char byte = 0;
      const ssize_t n = ::read(STDIN_FILENO, &byte, 1);
      if (n == 0) return 0;
      if (n < 0) {
        if (errno == EINTR) continue;  // the loop looks at the flag
        return -1;
      }
      wchar_t wide = 0;
      const size_t used = mbrtowc(&wide, &byte, 1, &state);
      if (used == static_cast<size_t>(-2)) continue;  // more bytes of one character
      if (used == static_cast<size_t>(-1)) {          // not valid here: skip the byte
        state = mbstate_t{};
        continue;
      }
      *out = wide;
      return 1;
    }
  }

  void Warn(const std::string& message) {
    if (warned_) return;
    warned_ = true;
    err_ << "Warning: " << message << "\n";
  }

  void LoadHistory() {
    if (history_path_.empty()) return;
    struct stat st {};
    if (::stat(history_path_.c_str(), &st) != 0) return;  // none yet
    HistEvent event;
    if (history(history_, &event, H_LOAD, history_path_.c_str()) < 0) {
      Warn("cannot read the chat history " + history_path_ + "; it will be rewritten");
    }
  }

  // The whole history, written to a new temporary file (0600, O_EXCL) and
  // renamed over the old one: never readable by others, and a symlink at the
  // history path is replaced, not followed.
  void SaveHistory() {
    if (history_path_.empty()) return;
    std::string temp = history_path_ + ".XXXXXX";
    const int fd = ::mkstemp(temp.data());  // mode 0600
    if (fd < 0) {
      Warn("cannot save the chat history " + history_path_ + ": " + std::strerror(errno));
      return;
    }
    FILE* file = ::fdopen(fd, "w");
    if (file == nullptr) {
      ::close(fd);
      ::unlink(temp.c_str());
      return;
    }
    HistEvent event;
    const bool saved = history(history_, &event, H_SAVE_FP, file) >= 0;
    const bool closed = std::fclose(file) == 0;
    if (!saved || !closed || std::rename(temp.c_str(), history_path_.c_str()) != 0) {
      ::unlink(temp.c_str());
      Warn("cannot save the chat history " + history_path_);
    }
  }

  std::string history_path_;
  const std::atomic<bool>* interrupt_;
  std::ostream& err_;
  std::string prompt_;
  History* history_ = nullptr;
  EditLine* editor_ = nullptr;
  bool warned_ = false;
};

// libedit reads the terminal's keys and cursor motions from its terminfo
// description; without one it falls back to a "dumb" terminal that cannot move
// the cursor. Terminals the system (in the image: a handful) does not describe
// are run as xterm, which nearly every emulator follows.
void UseDescribedTerminal() {
  const char* term = std::getenv("TERM");
  if (term == nullptr || *term == '\0' || tgetent(nullptr, term) == 1) return;
  if (tgetent(nullptr, "xterm") == 1) setenv("TERM", "xterm", 1);
}

}  // namespace

std::unique_ptr<LineEditor> MakePlainLineEditor(std::istream& in, std::ostream& out) {
  return std::make_unique<PlainLineEditor>(in, out);
}

std::unique_ptr<LineEditor> MakeTerminalLineEditor(const std::string& history_path,
                                                   const std::atomic<bool>* interrupt,
                                                   std::ostream& err) {
  // libedit decodes and displays characters by the locale; without one,
  // anything but ASCII would be dropped. A static binary finds C.UTF-8 only
  // where the system has it installed.
  if (setlocale(LC_CTYPE, "") == nullptr || MB_CUR_MAX == 1) setlocale(LC_CTYPE, "C.UTF-8");
  UseDescribedTerminal();
  return std::make_unique<TerminalLineEditor>(history_path, interrupt, err);
}

}  // namespace llmbox
