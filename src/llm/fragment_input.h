// The fragments a command names (-f, --sf, `llm fragments set/show`,
// `!fragment`), resolved for this process: limits and workspace from the
// environment, URLs through the gate's forward proxy when LLM_GATEWAY names
// its socket, aliases and hashes from logs.db when it exists. See
// fragment_resolver.h for the rules and what they guard against.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "llm/command.h"
#include "llm/fragment.h"
#include "llm/fragment_resolver.h"

namespace llmbox {

// A resolver for `ctx`; aliases and hashes come from `lookup`, by default
// from logs.db, opened on the first lookup.
Result<FragmentResolver> MakeFragmentResolver(Context& ctx, FragmentLookup lookup = nullptr);

struct ResolvedFragments {
  std::vector<Fragment> fragments;         // -f
  std::vector<Fragment> system_fragments;  // --sf
};

// Both lists with one resolver, so the total limit covers them together.
Result<ResolvedFragments> ResolveFragmentArgs(Context& ctx, const std::vector<std::string>& fragments,
                                              const std::vector<std::string>& system_fragments);

}  // namespace llmbox
