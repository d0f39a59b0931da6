#include "llm/keys_command.h"

#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "llm/key_store.h"

namespace llmbox {
namespace {

// Turns terminal echo off on `fd` for its lifetime, so a typed or pasted key
// does not appear on screen or in terminal scrollback. Does nothing when `fd`
// is not a terminal.
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (::isatty(fd_) == 0 || ::tcgetattr(fd_, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = ::tcsetattr(fd_, TCSANOW, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) ::tcsetattr(fd_, TCSANOW, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

std::string Trim(const std::string& s) {
  const char* ws = " \t\r\n\v\f";
  auto begin = s.find_first_not_of(ws);
  if (begin == std::string::npos) return "";
  auto end = s.find_last_not_of(ws);
  return s.substr(begin, end - begin + 1);
}

Result<std::string> ReadKeyFromInput(Context& ctx) {
  std::string line;
  if (ctx.stdin_is_tty) {
    *ctx.err << "Enter key: " << std::flush;
    {
      EchoOff quiet(STDIN_FILENO);
      std::getline(*ctx.in, line);
    }
    *ctx.err << "\n";  // the user's Enter was not echoed
  } else {
    std::getline(*ctx.in, line);
  }
  std::string key = Trim(line);
  if (key.empty()) return MakeError(ErrorKind::kUsage, "no key given; nothing was stored");
  return key;
}

Result<void> ListKeys(Context& ctx) {
  auto names = KeyStore(ctx.user_dir, ctx.env).List();
  if (!names) return names.error();
  if (names->empty()) {
    *ctx.out << "No keys found\n";
    return Ok();
  }
  for (const std::string& name : *names) *ctx.out << name << "\n";
  return Ok();
}

Result<void> PrintKeysPath(Context& ctx) {
  auto path = KeyStore(ctx.user_dir, ctx.env).Path();
  if (!path) return path.error();
  *ctx.out << *path << "\n";
  return Ok();
}

Result<void> GetKey(Context& ctx, const std::string& name) {
  auto value = KeyStore(ctx.user_dir, ctx.env).Get(name);
  if (!value) return value.error();
  if (!value->has_value()) {
    return MakeError(ErrorKind::kConfig, "No key found with name '" + name + "'");
  }
  // Printing the key is this command's whole purpose (export X=$(llm keys get x)).
  *ctx.out << **value << "\n";
  return Ok();
}

Result<void> SetKey(Context& ctx, const std::string& name,
                    const std::optional<std::string>& value) {
  std::string key;
  if (value.has_value()) {
    key = *value;
  } else {
    auto read = ReadKeyFromInput(ctx);
    if (!read) return read.error();
    key = std::move(*read);
  }
  return KeyStore(ctx.user_dir, ctx.env).Set(name, key);
}

struct KeysArgs {
  std::string get_name;
  std::string set_name;
  std::string set_value;
};

}  // namespace

void AddKeysCommand(CLI::App& app, Context& ctx, Runner& run) {
  // The parsed values must outlive this function; the callbacks own them.
  auto args = std::make_shared<KeysArgs>();
  CLI::App* keys = app.add_subcommand("keys", "Manage stored API keys for different models");
  keys->require_subcommand(0, 1);
  keys->callback([keys, &ctx, &run] {
    if (keys->get_subcommands().empty()) run = [&ctx] { return ListKeys(ctx); };
  });

  keys->add_subcommand("list", "List names of all stored keys")->callback([&ctx, &run] {
    run = [&ctx] { return ListKeys(ctx); };
  });
  keys->add_subcommand("path", "Output the path to the keys.json file")->callback([&ctx, &run] {
    run = [&ctx] { return PrintKeysPath(ctx); };
  });

  CLI::App* get = keys->add_subcommand("get", "Return the value of a stored key");
  get->add_option("name", args->get_name, "Key name")->required();
  get->callback([args, &ctx, &run] { run = [args, &ctx] { return GetKey(ctx, args->get_name); }; });

  CLI::App* set = keys->add_subcommand("set", "Save a key in the keys.json file");
  set->add_option("name", args->set_name, "Key name")->required();
  CLI::Option* value_opt =
      set->add_option("--value", args->set_value, "Value to set (default: read from stdin)");
  set->callback([args, value_opt, &ctx, &run] {
    std::optional<std::string> value;
    if (value_opt->count() > 0) value = args->set_value;
    run = [args, value, &ctx] { return SetKey(ctx, args->set_name, value); };
  });
}

}  // namespace llmbox
