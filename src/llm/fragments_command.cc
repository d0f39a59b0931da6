#include "llm/fragments_command.h"

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "llm/fragment_input.h"
#include "llm/log_fragments.h"
#include "llm/log_store.h"
#include "llm/logs_command.h"
#include "llm/logs_format.h"
#include "llm/logs_yaml.h"

namespace llmbox {
namespace {

using OrderedJson = nlohmann::ordered_json;

struct FragmentsArgs {
  std::vector<std::string> queries;
  bool aliases = false;
  bool json = false;
  std::string alias;
  std::string fragment;
};

OrderedJson AsJson(const StoredFragment& f, bool truncate) {
  OrderedJson o;
  o["hash"] = f.hash;
  o["aliases"] = f.aliases;
  o["datetime_utc"] = f.datetime_utc;
  o["source"] = f.source ? OrderedJson(*f.source) : OrderedJson();
  o["content"] = truncate ? TruncateLikeLlm(f.content) : f.content;
  return o;
}

Result<void> ListFragments(Context& ctx, const FragmentsArgs& args) {
  auto store = LogStore::Open(LogsDbPath(ctx.user_dir));
  if (!store) return store.error();
  auto found = ListStoredFragments(store->db(), args.queries, args.aliases);
  if (!found) return found.error();
  if (args.json) {
    OrderedJson array = OrderedJson::array();
    for (const StoredFragment& f : *found) array.push_back(AsJson(f, false));
    *ctx.out << array.dump(4, ' ', /*ensure_ascii=*/true, OrderedJson::error_handler_t::replace)
             << "\n";
    return Ok();
  }
  // llm dumps each fragment as its own one-item list, lines unfolded.
  PyYamlStyle style;
  style.width = 1 << 30;
  style.literal_multiline = true;
  for (const StoredFragment& f : *found) {
    std::string item = DumpYamlLikePyYaml(OrderedJson::array({AsJson(f, true)}), style);
    while (!item.empty() && (item.back() == '\n' || item.back() == ' ')) item.pop_back();  // strip()
    *ctx.out << item << "\n";
  }
  return Ok();
}

Result<void> CheckAlias(const std::string& alias) {
  if (IsValidFragmentAlias(alias)) return Ok();
  return MakeError(ErrorKind::kUsage, "Invalid value for 'ALIAS': Fragment alias must be "
                                      "alphanumeric (letters, digits, '_' and '-')");
}

Result<void> SetFragment(Context& ctx, const FragmentsArgs& args) {
  if (auto ok = CheckAlias(args.alias); !ok) return ok;
  auto resolver = MakeFragmentResolver(ctx);
  if (!resolver) return resolver.error();
  auto fragment = resolver->Resolve(args.fragment);
  if (!fragment) return fragment.error();
  auto store = LogStore::Open(LogsDbPath(ctx.user_dir));
  if (!store) return store.error();
  return SetFragmentAlias(store->db(), args.alias, *fragment);
}

Result<void> ShowFragment(Context& ctx, const FragmentsArgs& args) {
  auto resolver = MakeFragmentResolver(ctx);
  if (!resolver) return resolver.error();
  auto fragment = resolver->Resolve(args.fragment);
  if (!fragment) return fragment.error();
  *ctx.out << fragment->content << "\n";
  return Ok();
}

Result<void> RemoveFragment(Context& ctx, const FragmentsArgs& args) {
  if (auto ok = CheckAlias(args.alias); !ok) return ok;
  auto store = LogStore::Open(LogsDbPath(ctx.user_dir));
  if (!store) return store.error();
  return RemoveFragmentAlias(store->db(), args.alias);
}

void AddListOptions(CLI::App* cmd, FragmentsArgs& args) {
  cmd->add_option("-q,--query", args.queries, "Search for fragments matching these strings")
      ->type_size(1)
      ->allow_extra_args(false);
  cmd->add_flag("--aliases", args.aliases, "Show only fragments with aliases");
  cmd->add_flag("--json", args.json, "Output as JSON");
}

}  // namespace

void AddFragmentsCommand(CLI::App& app, Context& ctx, Runner& run) {
  auto args = std::make_shared<FragmentsArgs>();
  CLI::App* fragments =
      app.add_subcommand("fragments", "Manage fragments that are stored in the database");
  fragments->require_subcommand(0, 1);
  // `llm fragments -q x` works like `llm fragments list -q x` (llm's default group).
  AddListOptions(fragments, *args);
  fragments->callback([fragments, args, &ctx, &run] {
    if (fragments->get_subcommands().empty()) {
      run = [args, &ctx] { return ListFragments(ctx, *args); };
    }
  });

  CLI::App* list = fragments->add_subcommand("list", "List current fragments");
  AddListOptions(list, *args);
  list->callback([args, &ctx, &run] { run = [args, &ctx] { return ListFragments(ctx, *args); }; });

  CLI::App* set = fragments->add_subcommand("set", "Set an alias for a fragment");
  set->add_option("alias", args->alias, "The alias (letters, digits, '_', '-')")->required();
  set->add_option("fragment", args->fragment, "File path, URL, hash, alias or - for stdin")
      ->required();
  set->callback([args, &ctx, &run] { run = [args, &ctx] { return SetFragment(ctx, *args); }; });

  CLI::App* show = fragments->add_subcommand("show", "Display the fragment stored under an alias or hash");
  show->add_option("alias_or_hash", args->fragment, "Alias, hash, file path or URL")->required();
  show->callback([args, &ctx, &run] { run = [args, &ctx] { return ShowFragment(ctx, *args); }; });

  CLI::App* remove = fragments->add_subcommand("remove", "Remove a fragment alias");
  remove->add_option("alias", args->alias, "The alias to remove")->required();
  remove->callback(
      [args, &ctx, &run] { run = [args, &ctx] { return RemoveFragment(ctx, *args); }; });

  fragments->add_subcommand("loaders", "Show fragment loaders registered by plugins")
      ->callback([&ctx, &run] {
        run = [&ctx] {
          *ctx.out << "No fragment loaders found\n";
          return Result<void>(Ok());
        };
      });
}

}  // namespace llmbox
