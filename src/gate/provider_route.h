// Provider routes: `/openai/v1/chat/completions` goes to the openai upstream
// as `/v1/chat/completions` (after the upstream's base path).
//
// Guards against a caller using the gate's key for more than model calls:
// only configured path prefixes (default /v1/) are forwarded, and paths with
// dot segments (`/openai/v1/../../admin`), encoded dots or slashes, or
// backslashes are refused before an upstream could normalise them into
// something else. Origin-form targets per RFC 9112 3.2.1, path segments per
// RFC 3986 3.3.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "gate/gate_config.h"
#include "gate/refusal.h"

namespace llmbox::gate {

struct ProviderRoute {
  const ProviderConfig* provider = nullptr;
  std::string upstream_target;  // base path + path + query, for the upstream request line
  std::string path;             // the upstream path without query, for the audit log
};

// `target` is the request target as received; it must start with "/<provider>/".
std::variant<ProviderRoute, Refusal> MatchProviderRoute(const GateConfig& config,
                                                        std::string_view target);

// True when `model` is allowed by the provider's list ("name" or "prefix*"); an empty list allows
// all.
bool ModelAllowed(const ProviderConfig& provider, std::string_view model);

}  // namespace llmbox::gate
