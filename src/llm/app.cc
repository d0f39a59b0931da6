#include "llm/app.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <ostream>

#include "common/redact.h"
#include "llm/aliases_command.h"
#include "llm/chat_command.h"
#include "llm/config_paths.h"
#include "llm/fragments_command.h"
#include "llm/health.h"
#include "llm/keys_command.h"
#include "llm/logs_command.h"
#include "llm/models_command.h"
#include "llm/prompt_command.h"
#include "llm/templates_command.h"
#include "llm/tools_command.h"

namespace llmbox {
namespace {

// 130 for a Ctrl-C (128 + SIGINT), what a shell reports for a command the
// signal ended: scripts can tell a user's abort from a failure.
int ExitStatus(ErrorKind kind) {
  if (kind == ErrorKind::kUsage) return 2;
  if (kind == ErrorKind::kCancelled) return 130;
  return 1;
}

// Errors are one line: newlines inside a message (from a server, say) are folded.
void PrintError(std::ostream& err, std::string_view message) {
  std::string line = Redact(message);
  std::replace(line.begin(), line.end(), '\n', ' ');
  std::replace(line.begin(), line.end(), '\r', ' ');
  err << "Error: " << line << "\n";
}

}  // namespace

std::vector<std::string> WithDefaultCommand(std::vector<std::string> args,
                                            const std::vector<std::string>& commands) {
  if (!args.empty()) {
    const std::string& first = args.front();
    if (first == "--help" || first == "-h" || first == "--version") return args;
    if (std::find(commands.begin(), commands.end(), first) != commands.end()) return args;
  }
  args.insert(args.begin(), "prompt");
  return args;
}

int RunLlm(std::vector<std::string> args, Context& ctx) {
  CLI::App app{"Access large language models from the command-line (llmbox)", "llm"};
  app.set_version_flag("--version", std::string("llm, version ") + LLMBOX_VERSION);
  app.set_help_flag("-h,--help", "Show this message and exit");
  app.require_subcommand(0, 1);
  app.fallthrough(false);

  Runner run;
  AddPromptCommand(app, ctx, run);
  AddChatCommand(app, ctx, run);
  AddKeysCommand(app, ctx, run);
  AddLogsCommand(app, ctx, run);
  AddModelsCommand(app, ctx, run);
  AddAliasesCommand(app, ctx, run);
  AddHealthCommand(app, ctx, run);
  AddTemplatesCommand(app, ctx, run);
  AddToolsCommand(app, ctx, run);
  AddFragmentsCommand(app, ctx, run);

  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) {
    names.push_back(sub->get_name());
    for (const auto& alias : sub->get_aliases()) names.push_back(alias);
  }
  args = WithDefaultCommand(std::move(args), names);
  std::reverse(args.begin(), args.end());  // CLI11 takes argv-like vectors in reverse

  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    *ctx.out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    *ctx.out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion& v) {
    *ctx.out << app.version() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    PrintError(*ctx.err, std::string(e.what()) + " (see llm --help)");
    return 2;
  }
  if (!run) {
    *ctx.out << app.help();
    return 0;
  }
  Result<void> result = run();
  if (!result) {
    PrintError(*ctx.err, result.error().message);
    return ExitStatus(result.error().kind);
  }
  return 0;
}

}  // namespace llmbox
