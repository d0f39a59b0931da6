#include "gate/forward_proxy.h"

#include <vector>

#include "gate/header_policy.h"
#include "gate/request_body.h"
#include "gate/response_relay.h"
#include "gate/upstream_dialer.h"

namespace llmbox::gate {
namespace {

constexpr size_t kFirstChunk = 2048;
constexpr size_t kMaxChunk = 256 * 1024;

// Copies one direction of a tunnel until end of stream, then half-closes the
// other side so the peer sees the end too. A hard error closes both sockets,
// which ends the opposite direction as well.
template <class From, class To>
asio::awaitable<void> Pump(From& from, To& to, uint64_t& count, Watchdog& watchdog) {
  std::vector<char> buffer(kFirstChunk);
  error_code ec;
  for (;;) {
    size_t n = co_await from.async_read_some(asio::buffer(buffer), Await(ec));
    if (n > 0) {
      watchdog.Touch();
      error_code wec;
      co_await asio::async_write(to, asio::buffer(buffer.data(), n), Await(wec));
      if (wec) break;
      count += n;
      if (n == buffer.size() && buffer.size() < kMaxChunk) buffer.resize(buffer.size() * 4);
    }
    if (ec) break;
  }
  error_code ignored;
  if (ec == asio::error::eof) {
    to.shutdown(asio::socket_base::shutdown_send, ignored);
  } else {
    from.close(ignored);
    to.close(ignored);
  }
}

asio::awaitable<void> Tunnel(Downstream& caller, TcpSocket& upstream, AuditRecord& record,
                             Watchdog& watchdog) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer done(executor, asio::steady_timer::time_point::max());
  bool finished = false;
  asio::co_spawn(executor, Pump(upstream, caller, record.bytes_out, watchdog),
                 [&finished, &done](std::exception_ptr) {
                   finished = true;
                   done.cancel();
                 });
  co_await Pump(caller, upstream, record.bytes_in, watchdog);
  while (!finished) {
    error_code ec;
    co_await done.async_wait(Await(ec));
  }
}

std::string HostHeader(const Destination& d) {
  std::string host = d.host.kind == HostKind::kIpv6 ? "[" + d.host.text + "]" : d.host.text;
  return d.port == 80 ? host : host + ":" + std::to_string(d.port);
}

}  // namespace

asio::awaitable<Outcome> ServeConnect(Exchange& ex) {
  const Destination& dest = ex.triage.destination;
  auto dialed = co_await DialChecked(ex.context.config, ex.context.policy, dest, ex.watchdog);
  if (auto* refused = std::get_if<Refusal>(&dialed)) co_return Refused(std::move(*refused));
  TcpSocket& upstream = std::get<TcpSocket>(dialed);
  const auto& timeouts = ex.context.config.timeouts;
  ex.watchdog.Arm(timeouts.idle, timeouts.total, [&upstream, &caller = ex.caller] {
    error_code ignored;
    upstream.close(ignored);
    caller.close(ignored);
  });
  http::response<http::empty_body> established(http::status::ok, ex.header.get().version());
  established.reason("Connection Established");
  error_code ec;
  co_await http::async_write(ex.caller, established, Await(ec));
  if (!ec && ex.buffer.size() > 0) {
    // The caller may have sent its first tunnel bytes (a TLS ClientHello) right behind the request.
    size_t n = co_await asio::async_write(upstream, ex.buffer.data(), Await(ec));
    ex.record.bytes_in += n;
    ex.buffer.consume(n);
  }
  ex.record.decision = "allow";
  ex.record.status = 200;
  if (!ec) co_await Tunnel(ex.caller, upstream, ex.record, ex.watchdog);
  if (ex.watchdog.expired()) ex.record.reason = "tunnel idle or total timeout";
  ex.watchdog.Disarm();
  co_return Outcome{false, std::nullopt};
}

asio::awaitable<Outcome> ServeForwardHttp(Exchange& ex) {
  const Destination& dest = ex.triage.destination;
  auto body = co_await ReadRequestBody(ex);
  if (auto* refused = std::get_if<Refusal>(&body)) co_return Refused(std::move(*refused));
  auto& request = std::get<BodyRequest>(body);
  auto dialed = co_await DialChecked(ex.context.config, ex.context.policy, dest, ex.watchdog);
  if (auto* refused = std::get_if<Refusal>(&dialed)) co_return Refused(std::move(*refused));
  TcpSocket& upstream = std::get<TcpSocket>(dialed);
  RelayOptions options{request.version(),
                       request.method() == http::verb::head,
                       false,
                       false,
                       ex.context.config.timeouts.idle,
                       ex.context.config.timeouts.total};
  request.version(11);
  request.target(ex.triage.origin_target);
  StripHopByHop(request);
  request.erase(kTokenHeader);
  request.erase(http::field::expect);
  request.set(http::field::host, HostHeader(dest));
  request.keep_alive(false);
  request.prepare_payload();
  ex.watchdog.Arm(ex.context.config.timeouts.idle, ex.context.config.timeouts.total, [&upstream] {
    error_code ignored;
    upstream.close(ignored);
  });
  error_code ec;
  co_await http::async_write(upstream, request, Await(ec));
  ex.watchdog.Disarm();
  if (ec)
    co_return Refused(
        Fail(502, "upstream-failed", "sending to " + DestinationText(dest) + " failed"));
  beast::flat_buffer upstream_buffer;
  RelayResult relay =
      co_await RelayResponse(upstream, upstream_buffer, ex.caller, options, ex.watchdog);
  ex.watchdog.Disarm();
  if (!relay.headers_sent) {
    co_return Refused(
        Fail(502, "upstream-failed", DestinationText(dest) + " did not answer: " + relay.error));
  }
  ex.record.decision = "allow";
  ex.record.status = relay.status;
  ex.record.reason = relay.error;
  ex.record.bytes_out = relay.bytes_out;
  co_return Outcome{false, std::nullopt};
}

}  // namespace llmbox::gate
