// Resolving names and opening TCP connections for the gate.
//
// Guards against DNS rebinding: a destination is resolved once, the answer
// is checked (egress_policy.h), and the connection goes to exactly those
// checked addresses; nothing re-resolves the name between check and connect.
// Names in the config's `hosts` map are answered from it without DNS; IP
// literals are used as they are; anything else goes to getaddrinfo through
// Asio's resolver (static glibc reads /etc/hosts and DNS without NSS).
// Configured provider upstreams are dialled with DialTrusted: the operator
// chose them, and TLS verification (upstream_tls.h) authenticates them.
#pragma once

#include <variant>
#include <vector>

#include "gate/asio.h"
#include "gate/egress_policy.h"
#include "gate/gate_config.h"
#include "gate/refusal.h"
#include "gate/watchdog.h"

namespace llmbox::gate {

using Address = asio::ip::address;
using TcpSocket = asio::ip::tcp::socket;

// Resolves `host` (from the static map, as a literal, or by getaddrinfo).
// The watchdog, if it expires meanwhile, abandons the lookup.
asio::awaitable<std::variant<std::vector<Address>, Refusal>> ResolveHost(const GateConfig& config,
                                                                         const HostName& host,
                                                                         Watchdog& watchdog);

// Connects to the first address that answers; every address must already be checked.
asio::awaitable<std::variant<TcpSocket, Refusal>> DialAddresses(
    const std::vector<Address>& addresses, uint16_t port, std::string_view what, Watchdog& watchdog,
    Millis timeout);

// Forward-proxy destinations: resolve, refuse forbidden answers, connect to what was checked.
asio::awaitable<std::variant<TcpSocket, Refusal>> DialChecked(const GateConfig& config,
                                                              const EgressPolicy& policy,
                                                              const Destination& destination,
                                                              Watchdog& watchdog);

// Provider upstreams: resolve and connect without the address check.
asio::awaitable<std::variant<TcpSocket, Refusal>> DialTrusted(const GateConfig& config,
                                                              const Destination& destination,
                                                              Watchdog& watchdog);

}  // namespace llmbox::gate
