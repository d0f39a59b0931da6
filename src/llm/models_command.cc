#include "llm/models_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "llm/model_registry.h"

namespace llmbox {
namespace {

Result<void> ListModels(Context& ctx, const std::vector<std::string>& queries) {
  auto registry = ModelRegistry::Load(ctx.user_dir, ctx.env);
  if (!registry) return registry.error();
  for (const ModelInfo& m : registry->models()) {
    bool all_match = std::all_of(queries.begin(), queries.end(),
                                 [&m](const std::string& q) { return ModelMatchesQuery(m, q); });
    if (all_match) *ctx.out << ModelListLine(m) << "\n";
  }
  // llm prints the default only for the unfiltered list.
  if (queries.empty()) {
    auto id = registry->DefaultModelId();
    if (!id) return id.error();
    *ctx.out << "Default: " << *id << "\n";
  }
  return Ok();
}

Result<void> DefaultModel(Context& ctx, const std::string& model) {
  auto registry = ModelRegistry::Load(ctx.user_dir, ctx.env);
  if (!registry) return registry.error();
  if (!model.empty()) return registry->SetDefaultModel(model);
  auto id = registry->DefaultModelId();
  if (!id) return id.error();
  *ctx.out << *id << "\n";
  return Ok();
}

struct ModelsArgs {
  std::vector<std::string> queries;
  std::string default_model;
};

void AddQueryOption(CLI::App* app, ModelsArgs& args) {
  app->add_option("-q,--query", args.queries, "Search for models matching these strings");
}

}  // namespace

void AddModelsCommand(CLI::App& app, Context& ctx, Runner& run) {
  auto args = std::make_shared<ModelsArgs>();
  CLI::App* models = app.add_subcommand("models", "Manage available models");
  models->require_subcommand(0, 1);
  // `llm models -q x` works like `llm models list -q x`, as with llm's default group.
  AddQueryOption(models, *args);
  models->callback([models, args, &ctx, &run] {
    if (models->get_subcommands().empty()) {
      run = [args, &ctx] { return ListModels(ctx, args->queries); };
    }
  });

  CLI::App* list = models->add_subcommand("list", "List available models");
  AddQueryOption(list, *args);
  list->callback(
      [args, &ctx, &run] { run = [args, &ctx] { return ListModels(ctx, args->queries); }; });

  CLI::App* def = models->add_subcommand("default", "Show or set the default model");
  def->add_option("model", args->default_model, "Model id or alias to make the default");
  def->callback([args, &ctx, &run] {
    run = [args, &ctx] { return DefaultModel(ctx, args->default_model); };
  });
}

}  // namespace llmbox
