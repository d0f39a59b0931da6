#include "gate/provider_proxy.h"

#include "gate/header_policy.h"
#include "gate/request_body.h"
#include "gate/response_relay.h"
#include "gate/upstream_dialer.h"
#include "gate/upstream_pool.h"
#include "gate/upstream_tls.h"

namespace llmbox::gate {
namespace {

std::string UpstreamAuthority(const ProviderConfig& provider) {
  bool v6 = provider.upstream_host.find(':') != std::string::npos;
  std::string host = v6 ? "[" + provider.upstream_host + "]" : provider.upstream_host;
  return provider.upstream_port == 443 ? host : host + ":" + std::to_string(provider.upstream_port);
}

std::optional<Refusal> CheckModel(const ProviderConfig& provider, const std::string& model) {
  if (ModelAllowed(provider, model)) return std::nullopt;
  std::string allowed;
  for (const auto& m : provider.models) allowed += (allowed.empty() ? "" : ", ") + m;
  return Refuse(403, "model-not-allowed",
                "refused model \"" + Printable(model, 80) + "\" on /" + provider.name +
                    "/: it is not on the gate's model allowlist",
                "Allowed: " + allowed + ". An operator can change providers." + provider.name +
                    ".models in the gate config.");
}

// Everything before the first upstream byte: key, budget, body, model.
asio::awaitable<std::variant<BodyRequest, Refusal>> Admit(Exchange& ex,
                                                          const ProviderConfig& provider) {
  if (!ex.context.keys.count(provider.name)) {
    co_return Fail(
        503, "no-key", "the gate has no key for " + provider.name,
        "Give the gate the key (" + DescribeSecretSource(provider.key) + ") and restart it.");
  }
  if (auto spent = ex.context.budget.Check(provider, UtcDay(std::chrono::system_clock::now()))) {
    co_return *spent;
  }
  auto body = co_await ReadRequestBody(ex);
  if (auto* refused = std::get_if<Refusal>(&body)) co_return std::move(*refused);
  auto& request = std::get<BodyRequest>(body);
  ex.record.model = request.body().empty() ? "" : RequestModel(request.body());
  // Only requests that carry a body choose a model; GET /v1/models does not.
  if (request.method() == http::verb::post) {
    if (auto bad_model = CheckModel(provider, ex.record.model)) co_return *bad_model;
  }
  co_return std::move(request);
}

asio::awaitable<std::variant<std::unique_ptr<TlsStream>, Refusal>> Connect(
    Exchange& ex, const ProviderConfig& provider) {
  auto host = ParseHostName(provider.upstream_host);
  if (!host.ok()) co_return Fail(502, "upstream-config", "bad upstream host for " + provider.name);
  Destination dest{*host, provider.upstream_port};
  auto socket = co_await DialTrusted(ex.context.config, dest, ex.watchdog);
  if (auto* refused = std::get_if<Refusal>(&socket)) co_return std::move(*refused);
  co_return co_await StartTls(ex.context.tls, std::move(std::get<TcpSocket>(socket)), *host,
                              ex.context.config.timeouts.connect, ex.watchdog);
}

}  // namespace

http::request<http::string_body> BuildUpstreamRequest(http::request<http::string_body> request,
                                                      const ProviderConfig& provider,
                                                      const std::string& upstream_target,
                                                      std::string_view key) {
  request.version(11);
  request.target(upstream_target);
  StripHopByHop(request);
  StripCallerCredentials(request);
  for (auto f : {http::field::expect, http::field::host, http::field::content_length,
                 http::field::accept_encoding, http::field::forwarded, http::field::via}) {
    request.erase(f);
  }
  request.set(http::field::host, UpstreamAuthority(provider));
  request.set(http::field::accept_encoding, "identity");
  InjectProviderKey(request, provider.key_style, key);
  request.keep_alive(true);  // the connection goes back to the pool afterwards
  request.prepare_payload();
  return request;
}

// Sends the request and lets it go: a long stream should not keep the
// caller's prompt in memory while the answer trickles back.
asio::awaitable<error_code> SendUpstream(Exchange& ex, TlsStream& upstream,
                                         const http::request<http::string_body>& request) {
  const auto& timeouts = ex.context.config.timeouts;
  ex.watchdog.Arm(timeouts.idle, timeouts.total, [&upstream] {
    error_code ignored;
    upstream.lowest_layer().close(ignored);
  });
  error_code ec;
  co_await http::async_write(upstream, request, Await(ec));
  ex.watchdog.Disarm();
  co_return ec;
}

struct Forwarded {
  RelayResult relay;
  std::optional<Refusal> refusal;
};

// Sends the request on a pooled connection if there is one, else a new one,
// and relays the answer. A pooled connection the provider closed while it
// sat idle fails before any answer byte: then the request is sent once more
// on a new connection. The prompt is kept only as long as a retry is possible.
asio::awaitable<Forwarded> Forward(Exchange& ex, const ProviderConfig& provider,
                                   std::optional<http::request<http::string_body>>& request,
                                   const RelayOptions& options) {
  Forwarded out;
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto upstream =
        attempt == 0 ? ex.context.pool.Take(provider.name, UpstreamPool::Clock::now()) : nullptr;
    const bool reused = upstream != nullptr;
    if (!reused) {
      auto connected = co_await Connect(ex, provider);
      if (auto* refused = std::get_if<Refusal>(&connected)) {
        out.refusal = std::move(*refused);
        co_return out;
      }
      upstream = std::move(std::get<std::unique_ptr<TlsStream>>(connected));
    }
    error_code ec = co_await SendUpstream(ex, *upstream, *request);
    if (ec && reused) continue;
    if (ec) {
      out.refusal =
          Fail(502, "upstream-failed", "sending to " + provider.name + " failed: " + ec.message());
      co_return out;
    }
    if (!reused) request.reset();
    beast::flat_buffer upstream_buffer;
    out.relay = co_await RelayResponse(*upstream, upstream_buffer, ex.caller, options, ex.watchdog);
    ex.watchdog.Disarm();
    if (reused && !out.relay.headers_sent && out.relay.upstream_silent) continue;
    if (out.relay.complete && out.relay.upstream_reusable) {
      ex.context.pool.Put(provider.name, std::move(upstream), UpstreamPool::Clock::now());
    }
    break;
  }
  request.reset();
  if (!out.relay.headers_sent) {
    out.refusal =
        Fail(502, "upstream-failed", provider.name + " did not answer: " + out.relay.error);
  }
  co_return out;
}

asio::awaitable<Outcome> ServeProviderRoute(Exchange& ex) {
  const ProviderConfig& provider = *ex.triage.route.provider;
  const auto& timeouts = ex.context.config.timeouts;
  ex.record.route = provider.name;
  ex.record.host = UpstreamAuthority(provider);
  std::optional<http::request<http::string_body>> upstream_request;
  RelayOptions options;
  {
    auto admitted = co_await Admit(ex, provider);
    if (auto* refused = std::get_if<Refusal>(&admitted)) co_return Refused(std::move(*refused));
    auto& request = std::get<BodyRequest>(admitted);
    options = RelayOptions{request.version(),    request.method() == http::verb::head,
                           request.keep_alive(), true,
                           timeouts.idle,        timeouts.total};
    upstream_request =
        BuildUpstreamRequest(std::move(request), provider, ex.triage.route.upstream_target,
                             ex.context.keys.at(provider.name));
  }
  // The caller's bytes are all read: give back what a large prompt grew the buffer to.
  ex.buffer.shrink_to_fit();
  Forwarded forwarded = co_await Forward(ex, provider, upstream_request, options);
  if (forwarded.refusal) co_return Refused(std::move(*forwarded.refusal));
  const RelayResult& relay = forwarded.relay;
  ex.record.decision = "allow";
  ex.record.status = relay.status;
  ex.record.reason = relay.error;
  ex.record.bytes_out = relay.bytes_out;
  ex.record.usage = relay.usage;
  if (ex.record.model.empty()) ex.record.model = relay.model;
  if (relay.usage.total() > 0) {
    ex.context.budget.Record(provider.name, relay.usage.total(),
                             UtcDay(std::chrono::system_clock::now()));
  }
  co_return Outcome{relay.complete && relay.keep_alive, std::nullopt};
}

}  // namespace llmbox::gate
