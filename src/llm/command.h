// The shape every `llm` subcommand shares. Each command lives in its own file
// (keys_command.cc, logs_command.cc, ...) and exposes one function
//
//   void AddXCommand(CLI::App& app, Context& ctx, Runner& run);
//
// that adds its CLI11 subcommand(s) with their options and, in the CLI11
// callback, stores the work to do in `run`. main() parses, then calls `run`
// once, prints a returned Error as one line `Error: <message>` and maps its
// kind to the exit status (kUsage -> 2, kCancelled -> 130, everything else -> 1).
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace CLI {
class App;
}

namespace llmbox {

// Reads environment variables. Tests pass a map-backed one.
using EnvGetter = std::function<std::optional<std::string>(std::string_view name)>;
EnvGetter ProcessEnv();

struct Context {
  EnvGetter env;
  std::string user_dir;  // $LLM_USER_PATH or ~/.config/io.datasette.llm (see config_paths.h)
  std::istream* in = nullptr;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  bool stdin_is_tty = false;
  bool stdout_is_tty = false;
  bool stderr_is_tty = false;
};

using Runner = std::function<Result<void>()>;

}  // namespace llmbox
