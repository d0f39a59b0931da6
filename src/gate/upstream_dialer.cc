#include "gate/upstream_dialer.h"

#include <algorithm>

namespace llmbox::gate {
namespace {

Refusal Timeout(std::string_view what) {
  return Fail(504, "upstream-timeout", "timed out connecting to " + std::string(what),
              "The destination did not answer within timeouts.connect_seconds.");
}

}  // namespace

asio::awaitable<std::variant<std::vector<Address>, Refusal>> ResolveHost(const GateConfig& config,
                                                                         const HostName& host,
                                                                         Watchdog& watchdog) {
  if (host.kind != HostKind::kName) {
    error_code ec;
    Address literal = asio::ip::make_address(host.text, ec);
    if (ec) co_return Refuse(400, "bad-target", "malformed address " + Printable(host.text));
    co_return std::vector<Address>{literal};
  }
  if (auto it = config.static_hosts.find(host.text); it != config.static_hosts.end()) {
    co_return it->second;
  }
  auto executor = co_await asio::this_coro::executor;
  asio::ip::tcp::resolver resolver(executor);
  watchdog.Arm(config.timeouts.connect, config.timeouts.connect,
               [&resolver] { resolver.cancel(); });
  error_code ec;
  auto results = co_await resolver.async_resolve(host.text, "", Await(ec));
  watchdog.Disarm();
  if (ec == asio::error::operation_aborted) co_return Timeout(host.text);
  if (ec) {
    co_return Fail(502, "resolve-failed", "could not resolve " + host.text + ": " + ec.message(),
                   "Check the name, and that the gate's container has DNS.");
  }
  std::vector<Address> addresses;
  for (const auto& entry : results) {
    Address a = entry.endpoint().address();
    if (std::find(addresses.begin(), addresses.end(), a) == addresses.end()) addresses.push_back(a);
  }
  co_return addresses;
}

asio::awaitable<std::variant<TcpSocket, Refusal>> DialAddresses(
    const std::vector<Address>& addresses, uint16_t port, std::string_view what, Watchdog& watchdog,
    Millis timeout) {
  auto executor = co_await asio::this_coro::executor;
  TcpSocket socket(executor);
  std::vector<asio::ip::tcp::endpoint> endpoints;
  for (const auto& a : addresses) endpoints.emplace_back(a, port);
  watchdog.Arm(timeout, timeout, [&socket] {
    error_code ignored;
    socket.close(ignored);
  });
  error_code ec;
  co_await asio::async_connect(socket, endpoints, Await(ec));
  bool timed_out = watchdog.expired();
  watchdog.Disarm();
  if (timed_out) co_return Timeout(what);
  if (ec) {
    co_return Fail(502, "upstream-unreachable",
                   "could not connect to " + std::string(what) + ": " + ec.message());
  }
  socket.set_option(asio::ip::tcp::no_delay(true), ec);
  co_return std::move(socket);
}

asio::awaitable<std::variant<TcpSocket, Refusal>> DialChecked(const GateConfig& config,
                                                              const EgressPolicy& policy,
                                                              const Destination& destination,
                                                              Watchdog& watchdog) {
  auto resolved = co_await ResolveHost(config, destination.host, watchdog);
  if (auto* refused = std::get_if<Refusal>(&resolved)) co_return std::move(*refused);
  auto checked = policy.FilterAddresses(destination, std::get<std::vector<Address>>(resolved));
  if (auto* refused = std::get_if<Refusal>(&checked)) co_return std::move(*refused);
  co_return co_await DialAddresses(std::get<std::vector<Address>>(checked), destination.port,
                                   DestinationText(destination), watchdog, config.timeouts.connect);
}

asio::awaitable<std::variant<TcpSocket, Refusal>> DialTrusted(const GateConfig& config,
                                                              const Destination& destination,
                                                              Watchdog& watchdog) {
  auto resolved = co_await ResolveHost(config, destination.host, watchdog);
  if (auto* refused = std::get_if<Refusal>(&resolved)) co_return std::move(*refused);
  co_return co_await DialAddresses(std::get<std::vector<Address>>(resolved), destination.port,
                                   DestinationText(destination), watchdog, config.timeouts.connect);
}

}  // namespace llmbox::gate
