// llm: a static, llm-compatible command-line client for large language models.
#include <unistd.h>

#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "llm/app.h"
#include "llm/config_paths.h"

int main(int argc, char** argv) {
  // A closed pipe downstream (llm ... | head) must not kill us before logging.
  std::signal(SIGPIPE, SIG_IGN);
  std::ios::sync_with_stdio(false);

  llmbox::Context ctx;
  ctx.env = llmbox::ProcessEnv();
  ctx.in = &std::cin;
  ctx.out = &std::cout;
  ctx.err = &std::cerr;
  ctx.stdin_is_tty = isatty(STDIN_FILENO) == 1;
  ctx.stdout_is_tty = isatty(STDOUT_FILENO) == 1;
  ctx.stderr_is_tty = isatty(STDERR_FILENO) == 1;
  if (auto dir = llmbox::UserDir(ctx.env)) ctx.user_dir = *dir;

  std::vector<std::string> args(argv + 1, argv + argc);
  int status = llmbox::RunLlm(std::move(args), ctx);
  std::cout.flush();
  return status;
}
