// libFuzzer target for the gate's request handling path: bytes from a caller
// go through Beast's request parser (with the gate's header and body limits),
// then the gate's decision (framing, caller token, route, policy), then, for
// provider routes, the construction of the upstream request.
//
// Checks, beyond "does not crash": a request the parser rejects maps to a
// refusal; an allowed CONNECT or plain-HTTP destination passed the policy; an
// upstream request never carries a caller credential, only the gate's key,
// and its framing is the gate's own (Content-Length, no Transfer-Encoding).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gate/asio.h"
#include "gate/caller_auth.h"
#include "gate/egress_policy.h"
#include "gate/gate_config.h"
#include "gate/header_policy.h"
#include "gate/provider_proxy.h"
#include "gate/request_triage.h"
#include "gate/session.h"
#include "gate/usage_meter.h"

namespace {

using namespace llmbox::gate;

constexpr std::string_view kToken = "fuzz-token-0123456789";
constexpr std::string_view kKey = "sk-gate-fuzz-key";

void Require(bool condition) {
  if (!condition) std::abort();
}

struct Fixture {
  Fixture()
      : config(*ParseGateConfig(R"({"listen": {"tcp": "127.0.0.1:1"}, "caller_token": {"env": "T"},
            "providers": {"openai": {"upstream": "https://api.openai.com/base", "models": ["gpt-*"]}},
            "allow_hosts": ["pypi.org", "*.example.com", "203.0.113.7"], "allow_ports": [443, 80]})")),
        policy(config.egress),
        auth(kToken) {}
  GateConfig config;
  EgressPolicy policy;
  CallerAuth auth;
};

void CheckUpstreamRequest(const http::request<http::string_body>& request, const Triage& triage) {
  auto upstream =
      BuildUpstreamRequest(request, *triage.route.provider, triage.route.upstream_target, kKey);
  const bool bearer = triage.route.provider->key_style == KeyStyle::kBearer;
  const std::string injected = bearer ? "Bearer " + std::string(kKey) : std::string(kKey);
  int credentials = 0;
  for (const auto& field : upstream) {
    if (!IsCredentialHeader(field.name_string())) continue;
    ++credentials;
    Require(beast::iequals(field.name_string(), bearer ? "authorization" : "x-api-key"));
    Require(field.value() == injected);
  }
  Require(credentials == 1);
  Require(upstream.count(http::field::transfer_encoding) == 0);
  Require(upstream.target() == triage.route.upstream_target);
  (void)RequestModel(request.body());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Fixture* fixture = new Fixture();
  http::request_parser<http::string_body> parser;
  parser.header_limit(8192);
  parser.body_limit(64 * 1024);
  parser.eager(true);
  llmbox::gate::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec && ec != http::error::need_more) {
    Require(HeaderReadRefusal(ec, false).status >= 400);
    return 0;
  }
  if (!parser.is_header_done()) return 0;
  const auto& request = parser.get();
  auto verdict =
      TriageRequest(request, TriageContext{fixture->config, fixture->policy, fixture->auth});
  if (const auto* refusal = std::get_if<Refusal>(&verdict)) {
    Require(refusal->status >= 400 && !refusal->reason.empty());
    return 0;
  }
  const Triage& triage = std::get<Triage>(verdict);
  switch (triage.kind) {
    case RequestKind::kConnect:
    case RequestKind::kForwardHttp:
      Require(!fixture->policy.CheckDestination(triage.destination).has_value());
      break;
    case RequestKind::kProviderRoute:
      if (parser.is_done()) CheckUpstreamRequest(request, triage);
      break;
    case RequestKind::kHealth:
      break;
  }
  return 0;
}
