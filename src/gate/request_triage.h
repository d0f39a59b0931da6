// The gate's decision on a request, from its header alone: which of the gate's
// jobs it asks for, whether the caller proved who it is, and whether policy
// allows it. Pure (no I/O), so the request fuzzer can drive it directly.
//
// Order matters and is part of the guard: framing first (a smuggling attempt
// is refused before anything else looks at it), then the caller token (an
// unauthenticated caller learns nothing about routes or the allowlist), then
// the target. Request-target forms per RFC 9112 3.2: origin-form
// (`/openai/v1/...`) for provider routes, authority-form (`host:port`) for
// CONNECT, absolute-form (`http://host/path`) for plain-HTTP proxying. An
// `https://` absolute-form is refused: TLS to other hosts goes through
// CONNECT, end to end. User info in a URI (`http://user:pw@host/`) is refused.
#pragma once

#include <string>
#include <variant>

#include "gate/asio.h"
#include "gate/caller_auth.h"
#include "gate/egress_policy.h"
#include "gate/gate_config.h"
#include "gate/provider_route.h"
#include "gate/refusal.h"

namespace llmbox::gate {

enum class RequestKind { kHealth, kProviderRoute, kConnect, kForwardHttp };

struct Triage {
  RequestKind kind = RequestKind::kHealth;
  ProviderRoute route;        // kProviderRoute
  Destination destination;    // kConnect, kForwardHttp
  std::string origin_target;  // kForwardHttp: path and query for the upstream request line
  std::string audit_path;     // path without query, for the audit log
};

struct TriageContext {
  const GateConfig& config;
  const EgressPolicy& policy;
  const CallerAuth& auth;
};

std::variant<Triage, Refusal> TriageRequest(const http::request_header<>& request,
                                            const TriageContext& context);

// "route", "connect", "http" or "health": the audit log's `kind`.
std::string_view RequestKindName(RequestKind kind);

}  // namespace llmbox::gate
