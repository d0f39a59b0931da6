// The forward proxy for everything that is not a provider route: CONNECT
// tunnels (RFC 9110 9.3.6) and plain-HTTP requests in absolute form
// (RFC 9112 3.2.2), both deny-by-default.
//
// Guards against the client reaching anything the operator did not list:
// the destination was checked against the allowlist and port list by
// request_triage.h; here its name is resolved, every answer checked
// (egress_policy.h), and the connection made to exactly the checked
// addresses (upstream_dialer.h). A refused destination receives no bytes at
// all: nothing is dialled before every check has passed. The gate adds no
// credentials on this path and removes its own (the caller token,
// Proxy-Authorization); the caller's other headers are its own business.
#pragma once

#include "gate/exchange.h"

namespace llmbox::gate {

asio::awaitable<Outcome> ServeConnect(Exchange& exchange);
asio::awaitable<Outcome> ServeForwardHttp(Exchange& exchange);

}  // namespace llmbox::gate
