// Where callers connect: a Unix socket on a volume shared with the llm
// container (and optionally TCP on an internal network).
//
// Guards against other local users and containers using the gate. The socket
// file is created with its final mode already in place (umask during bind, so
// there is no moment at which it is more open), then given the configured
// group; "other" permission bits are refused at config load. When
// `allowed_uids` is set the peer's uid (SO_PEERCRED, unix(7)) must be one of
// them. A stale socket from an earlier run is replaced; any other file at the
// path is left alone and start-up fails. Connections beyond
// limits.max_connections are closed at once, so a flood cannot exhaust the
// gate's file descriptors.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "common/result.h"
#include "gate/asio.h"
#include "gate/gate_context.h"

namespace llmbox::gate {

using UnixAcceptor = asio::local::stream_protocol::acceptor;
using TcpAcceptor = asio::ip::tcp::acceptor;

Result<UnixAcceptor> OpenUnixListener(asio::io_context& io, const UnixListen& config);
Result<TcpAcceptor> OpenTcpListener(asio::io_context& io, const std::string& host_port);

// Accept loops: each connection runs RunSession on its own strand.
asio::awaitable<void> AcceptUnix(GateContext& context, UnixAcceptor& acceptor);
asio::awaitable<void> AcceptTcp(GateContext& context, TcpAcceptor& acceptor);

// The peer's uid on a connected Unix socket, if the kernel reports it.
std::optional<uid_t> PeerUid(int fd);

}  // namespace llmbox::gate
