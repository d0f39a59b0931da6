#include "gate/listener.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "gate/session.h"

namespace llmbox::gate {
namespace {

Error SysError(const std::string& what) {
  return MakeError(ErrorKind::kIo, what + ": " + std::strerror(errno));
}

// Counts open connections; the session's lifetime holds one.
struct ConnectionTicket {
  explicit ConnectionTicket(GateContext& c) : context(c) { ++context.open_connections; }
  ~ConnectionTicket() { --context.open_connections; }
  GateContext& context;
};

void Spawn(GateContext& context, Downstream socket, std::string caller) {
  auto executor = socket.get_executor();
  auto ticket = std::make_shared<ConnectionTicket>(context);
  asio::co_spawn(executor, RunSession(context, std::move(socket), std::move(caller)),
                 [ticket](std::exception_ptr error) {
                   if (!error) return;
                   try {
                     std::rethrow_exception(error);
                   } catch (const std::exception& e) {
                     std::fprintf(stderr, "llm-gate: error: a connection failed: %s\n", e.what());
                   }
                 });
}

// After a failed accept (EMFILE, ENOBUFS) the pending connection is still
// queued; retrying at once would spin. Waiting briefly lets sessions finish.
asio::awaitable<void> Backoff() {
  asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
  error_code ignored;
  co_await timer.async_wait(Await(ignored));
}

bool OverConnectionLimit(GateContext& context) {
  return context.open_connections.load() >= context.config.limits.max_connections;
}

}  // namespace

std::optional<uid_t> PeerUid(int fd) {
  struct ucred cred {};
  socklen_t len = sizeof cred;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return std::nullopt;
  return cred.uid;
}

Result<UnixAcceptor> OpenUnixListener(asio::io_context& io, const UnixListen& config) {
  struct stat st {};
  if (::lstat(config.path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      return MakeError(ErrorKind::kConfig,
                       config.path + " exists and is not a socket; not replacing it");
    }
    if (::unlink(config.path.c_str()) != 0) return SysError("removing stale socket " + config.path);
  }
  UnixAcceptor acceptor(io);
  error_code ec;
  acceptor.open(asio::local::stream_protocol(), ec);
  if (ec) return MakeError(ErrorKind::kIo, "socket: " + ec.message());
  // The file gets its final permissions at creation: no window in which it is wider.
  mode_t old_mask = ::umask(0777 & ~static_cast<mode_t>(config.mode));
  acceptor.bind(asio::local::stream_protocol::endpoint(config.path), ec);
  ::umask(old_mask);
  if (ec) return MakeError(ErrorKind::kIo, "binding " + config.path + ": " + ec.message());
  if (config.group && ::chown(config.path.c_str(), static_cast<uid_t>(-1), *config.group) != 0) {
    return SysError("giving " + config.path + " to group " + std::to_string(*config.group));
  }
  if (::chmod(config.path.c_str(), config.mode) != 0) return SysError("chmod " + config.path);
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return MakeError(ErrorKind::kIo, "listen on " + config.path + ": " + ec.message());
  return acceptor;
}

Result<TcpAcceptor> OpenTcpListener(asio::io_context& io, const std::string& host_port) {
  size_t colon = host_port.rfind(':');
  std::string host = host_port.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) return MakeError(ErrorKind::kConfig, "listen.tcp: bad address " + host);
  asio::ip::tcp::endpoint endpoint(address,
                                   static_cast<uint16_t>(std::stoi(host_port.substr(colon + 1))));
  TcpAcceptor acceptor(io);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return MakeError(ErrorKind::kIo, "listening on " + host_port + ": " + ec.message());
  return acceptor;
}

asio::awaitable<void> AcceptUnix(GateContext& context, UnixAcceptor& acceptor) {
  const auto& allowed = context.config.unix_listen->allowed_uids;
  for (;;) {
    error_code ec;
    auto strand = asio::any_io_executor(asio::make_strand(acceptor.get_executor()));
    auto socket = co_await acceptor.async_accept(strand, Await(ec));
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) {
      co_await Backoff();
      continue;
    }
    if (OverConnectionLimit(context)) continue;
    auto uid = PeerUid(socket.native_handle());
    std::string caller = uid ? "unix uid=" + std::to_string(*uid) : "unix";
    if (!allowed.empty() &&
        (!uid || std::find(allowed.begin(), allowed.end(), *uid) == allowed.end())) {
      AuditRecord record;
      record.time = std::chrono::system_clock::now();
      record.caller = caller;
      record.kind = "connection";
      record.decision = "refuse";
      record.reason = "peer-uid-not-allowed";
      context.audit->Write(record);
      continue;  // the socket closes as it goes out of scope
    }
    Spawn(context, Downstream(std::move(socket)), std::move(caller));
  }
}

asio::awaitable<void> AcceptTcp(GateContext& context, TcpAcceptor& acceptor) {
  for (;;) {
    error_code ec;
    auto strand = asio::any_io_executor(asio::make_strand(acceptor.get_executor()));
    auto socket = co_await acceptor.async_accept(strand, Await(ec));
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) {
      co_await Backoff();
      continue;
    }
    if (OverConnectionLimit(context)) continue;
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    auto peer = socket.remote_endpoint(ec);
    std::string caller =
        ec ? "tcp" : "tcp " + peer.address().to_string() + ":" + std::to_string(peer.port());
    Spawn(context, Downstream(std::move(socket)), std::move(caller));
  }
}

}  // namespace llmbox::gate
