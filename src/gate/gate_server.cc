#include "gate/gate_server.h"

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <optional>
#include <thread>
#include <vector>

#include "gate/listener.h"

namespace llmbox::gate {
namespace {

// Each proxied stream holds two descriptors; the default soft limit (1024)
// would cap the gate near 500 streams. The hard limit is the operator's.
void RaiseFileLimit() {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

void Announce(const GateContext& context) {
  std::string where;
  if (context.config.unix_listen) where += "unix:" + context.config.unix_listen->path;
  if (!context.config.tcp_listen.empty())
    where += (where.empty() ? "tcp:" : ", tcp:") + context.config.tcp_listen;
  std::string routes;
  for (const auto& p : context.config.providers) {
    routes += " /" + p.name + "/" + (context.keys.count(p.name) ? "" : "(no key)");
  }
  std::fprintf(stderr, "llm-gate: listening on %s; routes:%s; %zu allowlist entries\n",
               where.c_str(), routes.c_str(), context.config.egress.hosts.size());
}

}  // namespace

Result<void> RunGate(GateContext& context) {
  std::signal(SIGPIPE, SIG_IGN);
  RaiseFileLimit();
  asio::io_context io(static_cast<int>(context.config.threads));
  std::optional<UnixAcceptor> unix_acceptor;
  std::optional<TcpAcceptor> tcp_acceptor;
  if (context.config.unix_listen) {
    auto opened = OpenUnixListener(io, *context.config.unix_listen);
    if (!opened.ok()) return opened.error();
    unix_acceptor.emplace(std::move(*opened));
    asio::co_spawn(io, AcceptUnix(context, *unix_acceptor), asio::detached);
  }
  if (!context.config.tcp_listen.empty()) {
    auto opened = OpenTcpListener(io, context.config.tcp_listen);
    if (!opened.ok()) return opened.error();
    tcp_acceptor.emplace(std::move(*opened));
    asio::co_spawn(io, AcceptTcp(context, *tcp_acceptor), asio::detached);
  }
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&io](const error_code&, int) { io.stop(); });
  Announce(context);
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < context.config.threads; ++i) workers.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& worker : workers) worker.join();
  context.pool.Clear();  // its sockets belong to `io`, which ends here
  if (context.config.unix_listen) ::unlink(context.config.unix_listen->path.c_str());
  return Ok();
}

}  // namespace llmbox::gate
