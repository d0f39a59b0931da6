#include "llm/models_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "llm/model_listing.h"
#include "llm/model_options_store.h"
#include "llm/model_registry.h"
#include "llm/provider.h"

namespace llmbox {
namespace {

struct ModelsArgs {
  std::vector<std::string> queries;
  bool options = false;
  std::string default_model;
  std::string model;  // models options show|set|clear MODEL
  std::string key;
  std::string value;
};

Result<void> ListModels(Context& ctx, const ModelsArgs& args) {
  auto registry = ModelRegistry::Load(ctx.user_dir, ctx.env);
  if (!registry) return registry.error();
  std::set<std::string> described;
  for (const ModelInfo& m : registry->models()) {
    bool all_match = std::all_of(args.queries.begin(), args.queries.end(),
                                 [&m](const std::string& q) { return ModelMatchesQuery(m, q); });
    if (!all_match) continue;
    *ctx.out << (args.options ? RenderModelWithOptions(m, described) : ModelListLine(m)) << "\n";
  }
  // llm prints the default only for the plain, unfiltered list.
  if (args.queries.empty() && !args.options) {
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

// llm resolves an alias to its model id; an unknown name is used as given.
struct Named {
  std::string model_id;
  const Provider* provider = nullptr;  // null: unknown model or no module
};

Result<Named> ResolveForOptions(Context& ctx, const std::string& name) {
  auto registry = ModelRegistry::Load(ctx.user_dir, ctx.env);
  if (!registry) return registry.error();
  auto model = registry->Resolve(name);
  if (!model) return Named{name, nullptr};
  auto provider = FindProvider(model->provider);
  return Named{model->model_id, provider.ok() ? *provider : nullptr};
}

Result<void> OptionsList(Context& ctx) {
  auto all = ModelOptionsStore(ctx.user_dir).All();
  if (!all) return all.error();
  if (all->empty()) {
    *ctx.err << "No default options set for any models.\n";
    return Ok();
  }
  for (const ModelOptionsEntry& entry : *all) {
    *ctx.out << entry.model_id << ":\n";
    for (const auto& [key, value] : entry.options) *ctx.out << "  " << key << ": " << value << "\n";
  }
  return Ok();
}

Result<void> OptionsShow(Context& ctx, const std::string& name) {
  auto named = ResolveForOptions(ctx, name);
  if (!named) return named.error();
  auto options = ModelOptionsStore(ctx.user_dir).For(named->model_id);
  if (!options) return options.error();
  if (options->empty()) {
    *ctx.err << "No default options set for model '" << named->model_id << "'.\n";
    return Ok();
  }
  for (const auto& [key, value] : *options) *ctx.out << key << ": " << value << "\n";
  return Ok();
}

Result<void> OptionsSet(Context& ctx, const ModelsArgs& args) {
  auto named = ResolveForOptions(ctx, args.model);
  if (!named) return named.error();
  if (named->provider != nullptr) {
    auto checked = named->provider->parse_options({{args.key, args.value}});
    // llm reports an invalid option as a plain error (status 1).
    if (!checked) return MakeError(ErrorKind::kConfig, checked.error().message);
  }
  auto saved = ModelOptionsStore(ctx.user_dir).Set(named->model_id, args.key, args.value);
  if (!saved) return saved.error();
  *ctx.err << "Set default option " << args.key << "=" << args.value << " for model "
           << named->model_id << "\n";
  return Ok();
}

Result<void> OptionsClear(Context& ctx, const ModelsArgs& args) {
  auto named = ResolveForOptions(ctx, args.model);
  if (!named) return named.error();
  auto cleared = ModelOptionsStore(ctx.user_dir).Clear(named->model_id, args.key);
  if (!cleared) return cleared.error();
  if (cleared->size() == 1) {
    *ctx.out << "Cleared option '" << cleared->front() << "' for model " << named->model_id << "\n";
  } else if (!cleared->empty()) {
    std::string keys;
    for (const std::string& k : *cleared) keys += (keys.empty() ? "" : ", ") + k;
    *ctx.out << "Cleared " << keys << " options for model " << named->model_id << "\n";
  }
  return Ok();
}

void AddListOptions(CLI::App* app, ModelsArgs& args) {
  app->add_option("-q,--query", args.queries, "Search for models matching these strings");
  app->add_flag("--options", args.options, "Show options for each model, if available");
}

void AddOptionsCommands(CLI::App* models, const std::shared_ptr<ModelsArgs>& args, Context& ctx,
                        Runner& run) {
  CLI::App* options = models->add_subcommand("options", "Manage default options for models");
  options->require_subcommand(0, 1);
  options->callback([options, &ctx, &run] {
    if (options->get_subcommands().empty()) run = [&ctx] { return OptionsList(ctx); };
  });
  options->add_subcommand("list", "List default options for all models")->callback([&ctx, &run] {
    run = [&ctx] { return OptionsList(ctx); };
  });
  CLI::App* show = options->add_subcommand("show", "List default options set for a model");
  show->add_option("model", args->model, "Model id or alias")->required();
  show->callback(
      [args, &ctx, &run] { run = [args, &ctx] { return OptionsShow(ctx, args->model); }; });
  CLI::App* set = options->add_subcommand("set", "Set a default option for a model");
  set->add_option("model", args->model, "Model id or alias")->required();
  set->add_option("key", args->key, "Option name")->required();
  set->add_option("value", args->value, "Option value")->required();
  set->callback([args, &ctx, &run] { run = [args, &ctx] { return OptionsSet(ctx, *args); }; });
  CLI::App* clear = options->add_subcommand("clear", "Clear default option(s) for a model");
  clear->add_option("model", args->model, "Model id or alias")->required();
  clear->add_option("key", args->key, "Option to clear; all when left out");
  clear->callback([args, &ctx, &run] { run = [args, &ctx] { return OptionsClear(ctx, *args); }; });
}

}  // namespace

void AddModelsCommand(CLI::App& app, Context& ctx, Runner& run) {
  auto args = std::make_shared<ModelsArgs>();
  CLI::App* models = app.add_subcommand("models", "Manage available models");
  models->require_subcommand(0, 1);
  // `llm models -q x` works like `llm models list -q x`, as with llm's default group.
  AddListOptions(models, *args);
  models->callback([models, args, &ctx, &run] {
    if (models->get_subcommands().empty()) {
      run = [args, &ctx] { return ListModels(ctx, *args); };
    }
  });

  CLI::App* list = models->add_subcommand("list", "List available models");
  AddListOptions(list, *args);
  list->callback([args, &ctx, &run] { run = [args, &ctx] { return ListModels(ctx, *args); }; });

  CLI::App* def = models->add_subcommand("default", "Show or set the default model");
  def->add_option("model", args->default_model, "Model id or alias to make the default");
  def->callback([args, &ctx, &run] {
    run = [args, &ctx] { return DefaultModel(ctx, args->default_model); };
  });
  AddOptionsCommands(models, args, ctx, run);
}

}  // namespace llmbox
