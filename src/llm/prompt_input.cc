#include "llm/prompt_input.h"

#include <istream>

namespace llmbox {

Result<std::string> ReadPromptStdin(std::istream& in) {
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxStdinPromptBytes) {
      return MakeError(ErrorKind::kUsage, "standard input is larger than 64 MiB; pass a smaller file");
    }
  }
  return text;
}

Result<std::string> AssemblePrompt(const std::optional<std::string>& arg, std::istream& in,
                                   bool stdin_is_tty) {
  std::string piped;
  if (!stdin_is_tty || !arg) {
    auto read = ReadPromptStdin(in);
    if (!read) return read.error();
    piped = std::move(*read);
  }
  if (!arg) {
    if (piped.empty()) return MakeError(ErrorKind::kUsage, "no prompt given; pass one as an argument or on stdin");
    return piped;
  }
  if (piped.empty()) return *arg;
  return piped + " " + *arg;
}

}  // namespace llmbox
