#include "llm/aliases_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "llm/config_paths.h"
#include "llm/model_registry.h"

namespace llmbox {
namespace {

Result<void> ListAliases(Context& ctx, bool json) {
  auto registry = ModelRegistry::Load(ctx.user_dir, ctx.env);
  if (!registry) return registry.error();
  const AliasList aliases = registry->AllAliases();
  if (json) {
    nlohmann::ordered_json doc = nlohmann::ordered_json::object();
    for (const auto& [alias, id] : aliases) doc[alias] = id;
    // Same layout as llm's json.dumps(..., indent=4).
    *ctx.out << doc.dump(4, ' ', /*ensure_ascii=*/true) << "\n";
    return Ok();
  }
  size_t width = 0;
  for (const auto& entry : aliases) width = std::max(width, entry.first.size());
  for (const auto& [alias, id] : aliases) {
    *ctx.out << alias << std::string(width - alias.size(), ' ') << " : " << id << "\n";
  }
  return Ok();
}

Result<void> SetAlias(Context& ctx, const std::string& alias, const std::string& model) {
  auto registry = ModelRegistry::Load(ctx.user_dir, ctx.env);
  if (!registry) return registry.error();
  return registry->SetAlias(alias, model);
}

Result<void> RemoveAlias(Context& ctx, const std::string& alias) {
  auto registry = ModelRegistry::Load(ctx.user_dir, ctx.env);
  if (!registry) return registry.error();
  return registry->RemoveAlias(alias);
}

Result<void> PrintAliasesPath(Context& ctx) {
  auto dir = UserDirOr(ctx.user_dir, ctx.env);
  if (!dir) return dir.error();
  *ctx.out << AliasesPath(*dir) << "\n";
  return Ok();
}

struct AliasesArgs {
  bool json = false;
  std::string alias;
  std::string model;
};

}  // namespace

void AddAliasesCommand(CLI::App& app, Context& ctx, Runner& run) {
  auto args = std::make_shared<AliasesArgs>();
  CLI::App* aliases = app.add_subcommand("aliases", "Manage model aliases");
  aliases->require_subcommand(0, 1);
  // `llm aliases --json` works like `llm aliases list --json`, as with llm's default group.
  aliases->add_flag("--json", args->json, "Output as JSON");
  aliases->callback([aliases, args, &ctx, &run] {
    if (aliases->get_subcommands().empty()) {
      run = [args, &ctx] { return ListAliases(ctx, args->json); };
    }
  });

  CLI::App* list = aliases->add_subcommand("list", "List current aliases");
  list->add_flag("--json", args->json, "Output as JSON");
  list->callback(
      [args, &ctx, &run] { run = [args, &ctx] { return ListAliases(ctx, args->json); }; });

  CLI::App* set = aliases->add_subcommand("set", "Set an alias for a model");
  set->add_option("alias", args->alias, "The new alias")->required();
  set->add_option("model", args->model, "Model id or alias it refers to")->required();
  set->callback([args, &ctx, &run] {
    run = [args, &ctx] { return SetAlias(ctx, args->alias, args->model); };
  });

  CLI::App* remove = aliases->add_subcommand("remove", "Remove an alias");
  remove->add_option("alias", args->alias, "The alias to remove")->required();
  remove->callback(
      [args, &ctx, &run] { run = [args, &ctx] { return RemoveAlias(ctx, args->alias); }; });

  aliases->add_subcommand("path", "Output the path to the aliases.json file")
      ->callback([&ctx, &run] { run = [&ctx] { return PrintAliasesPath(ctx); }; });
}

}  // namespace llmbox
