// TLS from the gate to provider upstreams.
//
// Guards against a man in the middle receiving the provider key: the peer
// certificate must chain to a trusted CA (the system bundle named by
// tls.ca_file plus an optional tls.extra_ca_file, e.g. a test CA) and must
// name the upstream host (RFC 6125 via OpenSSL's SSL_set1_host) or its IP
// address; TLS 1.2 is the minimum. SNI (RFC 6066 section 3) is sent for names,
// never for IP literals. A scratch image has no /usr/lib/ssl, so the bundle
// path is always explicit.
#pragma once

#include <memory>
#include <variant>

#include "common/result.h"
#include "gate/asio.h"
#include "gate/gate_config.h"
#include "gate/refusal.h"
#include "gate/tls_socket.h"
#include "gate/watchdog.h"

namespace llmbox::gate {

using TlsStream = TlsSocket;

Result<void> ConfigureUpstreamTls(asio::ssl::context& context, const GateConfig& config);

// Wraps a connected socket, sets SNI and the name to verify, and shakes hands.
asio::awaitable<std::variant<std::unique_ptr<TlsStream>, Refusal>> StartTls(
    asio::ssl::context& context, asio::ip::tcp::socket socket, const HostName& host, Millis timeout,
    Watchdog& watchdog);

}  // namespace llmbox::gate
