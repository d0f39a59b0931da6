#include "llm/tool_options.h"

#include <CLI/CLI.hpp>

#include "common/ascii.h"

namespace llmbox {
namespace {

// click's truthy values for a boolean flag read from the environment.
bool EnvFlag(const EnvGetter& env, std::string_view name) {
  auto value = env(name);
  if (!value) return false;
  const std::string v = AsciiLower(*value);
  return v == "1" || v == "true" || v == "t" || v == "yes" || v == "y" || v == "on";
}

}  // namespace

void AddToolOptions(CLI::App& cmd, ToolArgs& args) {
  ToolLoopOptions& t = args.loop;
  cmd.add_option("-T,--tool", t.tools, "Name of a tool to make available to the model")
      ->allow_extra_args(false);
  cmd.add_option("--functions", args.functions,
                 "Not supported: llmbox has no Python; use custom tools (tools/*.yaml)")
      ->allow_extra_args(false);
  cmd.add_flag("--td,--tools-debug", t.debug,
               "Show full details of tool executions (also LLM_TOOLS_DEBUG)");
  cmd.add_flag("--ta,--tools-approve", t.approve, "Manually approve every tool execution");
  cmd.add_option("--cl,--chain-limit", t.chain_limit,
                 "How many chained tool responses to allow, default 5, set 0 for unlimited");
}

Result<ToolLoopOptions> FinishToolArgs(const EnvGetter& env, const ToolArgs& args) {
  if (!args.functions.empty()) {
    return MakeError(ErrorKind::kUsage,
                     "--functions needs Python, which llmbox does not have; define a custom tool "
                     "(tools/NAME.yaml in the config directory) and pass it with -T NAME");
  }
  ToolLoopOptions out = args.loop;
  if (EnvFlag(env, "LLM_TOOLS_DEBUG")) out.debug = true;
  return out;
}

}  // namespace llmbox
