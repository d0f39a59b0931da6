// Test helpers for the config, key and model tests: a private temporary
// directory per test and an environment backed by a map, so no test ever
// reads the real $HOME or the real environment.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "llm/command.h"

namespace llmbox::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "llmbox-cfg-XXXXXX").string();
    char* made = ::mkdtemp(tmpl.data());
    path_ = made != nullptr ? tmpl : std::string();
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline EnvGetter MapEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

inline void WriteText(const std::string& path, const std::string& text, mode_t mode = 0600) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  ::chmod(path.c_str(), mode);
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline mode_t ModeOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

// Output and context of one command run, with in-memory streams.
struct CommandHarness {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  Context ctx;

  CommandHarness(const std::string& user_dir, std::map<std::string, std::string> env,
                 const std::string& input = "") {
    in.str(input);
    ctx.env = MapEnv(std::move(env));
    ctx.user_dir = user_dir;
    ctx.in = &in;
    ctx.out = &out;
    ctx.err = &err;
  }

  // Parses `args` (without the program name) against a fresh app built by
  // `add`, then runs the stored work. Parse errors surface as kUsage.
  template <typename AddFn>
  Result<void> Run(AddFn add, std::vector<std::string> args) {
    CLI::App app("test");
    Runner run;
    add(app, ctx, run);
    std::reverse(args.begin(), args.end());  // CLI11 consumes a reversed vector
    try {
      app.parse(args);
    } catch (const CLI::ParseError& e) {
      return MakeError(ErrorKind::kUsage, e.what());
    }
    if (!run) return MakeError(ErrorKind::kInternal, "no command selected");
    return run();
  }
};

}  // namespace llmbox::testing
