// Turns -f/--fragment and --sf/--system-fragment values into Fragments, in
// llm 0.32's order (llm/cli.py resolve_fragments): an http:// or https://
// URL is fetched, "-" reads standard input, a "name:" loader prefix belongs
// to an llm plugin (refused: llmbox runs no plugins), then a stored alias or
// hash in logs.db, and last a file path.
//
// What it guards against:
//  - reading outside the workspace, special files and unbounded files: paths
//    go through ReadConfinedFile (attachment_loader.h), the same checks as
//    attachments: with LLM_WORKSPACE set a file must resolve inside it, only
//    regular files, at most LLM_FRAGMENT_MAX_BYTES (default 20 MiB) each;
//  - unbounded input overall: all fragments of one prompt together at most
//    LLM_FRAGMENTS_TOTAL_MAX_BYTES (default 50 MiB); standard input and URL
//    downloads stop as soon as they pass the per-fragment limit;
//  - egress around the gate: URLs are fetched like attachment URLs
//    (HttpUrlFetcher: through llm-gate's forward proxy when LLM_GATEWAY is its
//    socket), only http/https; redirects are followed as llm's httpx client
//    follows them (at most 3), each hop a new fetch, so the gate's allowlist
//    judges every host on the way, and a redirect to any other scheme is
//    refused;
//  - text that is not text: a file or standard input that is not valid UTF-8
//    is refused (llm fails on it with a UnicodeDecodeError); a URL's invalid
//    bytes become U+FFFD, as llm's HTTP client decodes them.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "llm/attachment_loader.h"
#include "llm/command.h"
#include "llm/fragment.h"

namespace llmbox {

inline constexpr uint64_t kDefaultFragmentMaxBytes = uint64_t{20} << 20;
inline constexpr uint64_t kDefaultFragmentsTotalMaxBytes = uint64_t{50} << 20;

struct FragmentPolicy {
  std::string workspace;  // resolved LLM_WORKSPACE; empty: any readable file
  uint64_t max_bytes = kDefaultFragmentMaxBytes;
  uint64_t total_max_bytes = kDefaultFragmentsTotalMaxBytes;

  // LLM_WORKSPACE (as for attachments), LLM_FRAGMENT_MAX_BYTES,
  // LLM_FRAGMENTS_TOTAL_MAX_BYTES; kConfig for bad values.
  static Result<FragmentPolicy> FromEnv(const EnvGetter& env);
};

// A stored fragment by alias or hash (logs.db), or nothing.
using FragmentLookup = std::function<Result<std::optional<Fragment>>(const std::string& key)>;

class FragmentResolver {
 public:
  FragmentResolver(FragmentPolicy policy, std::istream& in, UrlFetcher fetch, FragmentLookup lookup)
      : policy_(std::move(policy)), in_(&in), fetch_(std::move(fetch)), lookup_(std::move(lookup)) {}

  // Errors are one line naming the value, kConfig (exit status 1, as llm's).
  Result<Fragment> Resolve(const std::string& value);
  Result<std::vector<Fragment>> ResolveAll(const std::vector<std::string>& values);

 private:
  Result<Fragment> FromUrl(const std::string& url);
  Result<FetchedUrl> FetchFollowingRedirects(const std::string& url);
  Result<Fragment> FromStdin();
  Result<Fragment> FromFile(const std::string& path);
  Result<void> Count(const std::string& value, uint64_t size);

  FragmentPolicy policy_;
  std::istream* in_;
  UrlFetcher fetch_;
  FragmentLookup lookup_;
  uint64_t total_ = 0;
};

}  // namespace llmbox
