#include "llm/fragment_input.h"

#include <unistd.h>

#include <memory>
#include <optional>

#include "llm/gateway_env.h"
#include "llm/log_fragments.h"
#include "llm/log_store.h"
#include "llm/logs_command.h"

namespace llmbox {

Result<FragmentResolver> MakeFragmentResolver(Context& ctx, FragmentLookup lookup) {
  auto policy = FragmentPolicy::FromEnv(ctx.env);
  if (!policy) return policy.error();
  auto gateway = FindGateway(ctx.env);
  if (!gateway) return gateway.error();
  if (lookup) {
    return FragmentResolver(std::move(*policy), *ctx.in,
                            HttpUrlFetcher(ForwardProxyOf(*gateway)), std::move(lookup));
  }
  auto store = std::make_shared<std::optional<LogStore>>();
  const std::string db_path = LogsDbPath(ctx.user_dir);
  lookup = [store, db_path](const std::string& key) -> Result<std::optional<Fragment>> {
    if (!store->has_value()) {
      if (::access(db_path.c_str(), F_OK) != 0) return std::optional<Fragment>();  // no log yet
      auto opened = LogStore::Open(db_path);
      if (!opened) return opened.error();
      store->emplace(std::move(*opened));
    }
    return FindStoredFragment((*store)->db(), key);
  };
  return FragmentResolver(std::move(*policy), *ctx.in, HttpUrlFetcher(ForwardProxyOf(*gateway)),
                          std::move(lookup));
}

Result<ResolvedFragments> ResolveFragmentArgs(Context& ctx, const std::vector<std::string>& fragments,
                                              const std::vector<std::string>& system_fragments) {
  ResolvedFragments out;
  if (fragments.empty() && system_fragments.empty()) return out;
  auto resolver = MakeFragmentResolver(ctx);
  if (!resolver) return resolver.error();
  auto f = resolver->ResolveAll(fragments);
  if (!f) return f.error();
  auto sf = resolver->ResolveAll(system_fragments);
  if (!sf) return sf.error();
  out.fragments = std::move(*f);
  out.system_fragments = std::move(*sf);
  return out;
}

}  // namespace llmbox
