#include "llm/tools_command.h"

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "llm/tool_custom.h"
#include "llm/tool_registry.h"

namespace llmbox {
namespace {

Result<void> ListTools(Context& ctx, bool json) {
  auto tools = LoadAvailableTools(ctx);
  if (!tools.ok()) return tools.error();
  for (const std::string& problem : tools->Unavailable())
    *ctx.err << "Warning: " << problem << "\n";
  *ctx.out << (json ? RenderToolListJson(tools->All()) : RenderToolList(tools->All()));
  return Ok();
}

}  // namespace

void AddToolsCommand(CLI::App& app, Context& ctx, Runner& run) {
  auto json = std::make_shared<bool>(false);
  CLI::App* tools = app.add_subcommand("tools", "Manage tools that can be made available to LLMs");
  tools->require_subcommand(0, 1);
  tools->add_flag("--json", *json, "Output as JSON");
  tools->callback([tools, json, &ctx, &run] {
    if (tools->get_subcommands().empty()) run = [json, &ctx] { return ListTools(ctx, *json); };
  });
  CLI::App* list =
      tools->add_subcommand("list", "List available tools that have been provided by plugins");
  list->add_flag("--json", *json, "Output as JSON");
  list->callback([json, &ctx, &run] { run = [json, &ctx] { return ListTools(ctx, *json); }; });
}

}  // namespace llmbox
