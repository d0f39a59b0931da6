// Provider routes: the request the llm client sends to
// `http://llm-gate/openai/v1/chat/completions` leaves the gate for the
// configured upstream over verified TLS, carrying the gate's key instead of
// anything the caller sent, and the answer streams back as it arrives.
//
// Guards against the client ever holding or choosing a provider key: every
// credential-bearing header from the caller is dropped and the gate's key is
// injected (header_policy.h); the upstream must prove its name with TLS
// (upstream_tls.h) before the key is sent. Also enforces the provider's model
// allowlist and daily token budget, and records model and usage for the audit
// log. Upstream bodies are requested uncompressed (Accept-Encoding: identity)
// so usage stays readable and streams are never held for decompression.
#pragma once

#include "gate/exchange.h"

namespace llmbox::gate {

asio::awaitable<Outcome> ServeProviderRoute(Exchange& exchange);

// The upstream request for `request` (the caller's, with body): target
// rewritten, caller credentials and hop-by-hop headers dropped, the gate's
// key injected, framing recomputed. Pure; unit-tested.
http::request<http::string_body> BuildUpstreamRequest(http::request<http::string_body> request,
                                                      const ProviderConfig& provider,
                                                      const std::string& upstream_target,
                                                      std::string_view key);

}  // namespace llmbox::gate
