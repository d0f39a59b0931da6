#include "gate/request_triage.h"

#include "gate/header_policy.h"

namespace llmbox::gate {
namespace {

bool IsProxyForm(const http::request_header<>& request) {
  return request.method() == http::verb::connect ||
         request.target().find("://") != std::string_view::npos;
}

std::optional<Refusal> CheckCaller(const http::request_header<>& request, const CallerAuth& auth) {
  auto presented =
      CallerAuth::PresentedToken(request[kTokenHeader], request[http::field::proxy_authorization]);
  if (presented && auth.Verify(*presented)) return std::nullopt;
  bool proxy = IsProxyForm(request);
  return Refuse(proxy ? 407 : 401, "unauthenticated",
                presented ? "the caller token is wrong" : "the request carries no caller token",
                proxy ? "Send Proxy-Authorization: Bearer <token> (the stack's LLM_GATEWAY_TOKEN)."
                      : "Send X-Llmbox-Token: <token> (the stack's LLM_GATEWAY_TOKEN).");
}

Refusal BadTarget(std::string why) {
  return Refuse(400, "bad-target", "malformed request target: " + why);
}

std::variant<Triage, Refusal> TriageConnect(const http::request_header<>& request,
                                            const TriageContext& context) {
  auto dest = ParseAuthority(request.target(), 0);
  if (!dest.ok()) return BadTarget(dest.error().message);
  if (auto refused = context.policy.CheckDestination(*dest)) return *refused;
  Triage t;
  t.kind = RequestKind::kConnect;
  t.destination = std::move(*dest);
  return t;
}

std::variant<Triage, Refusal> TriageAbsolute(const http::request_header<>& request,
                                             const TriageContext& context) {
  std::string_view target = request.target();
  constexpr std::string_view kHttp = "http://";
  if (target.substr(0, kHttp.size()) != kHttp) {
    return Refuse(400, "use-connect", "the proxy forwards only http:// URLs in plain form",
                  "For https:// URLs, configure the client to use CONNECT through the gate.");
  }
  std::string_view rest = target.substr(kHttp.size());
  size_t path_at = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_at);
  if (authority.find('@') != std::string_view::npos)
    return BadTarget("user info in a URL is refused");
  auto dest = ParseAuthority(authority, 80);
  if (!dest.ok()) return BadTarget(dest.error().message);
  if (auto refused = context.policy.CheckDestination(*dest)) return *refused;
  if (request.method() == http::verb::trace) {
    return Refuse(405, "method-not-allowed", "TRACE is not forwarded");
  }
  Triage t;
  t.kind = RequestKind::kForwardHttp;
  t.destination = std::move(*dest);
  t.origin_target = path_at == std::string_view::npos ? "/" : std::string(rest.substr(path_at));
  if (t.origin_target.front() == '?') t.origin_target.insert(0, "/");
  t.audit_path = t.origin_target.substr(0, t.origin_target.find('?'));
  return t;
}

std::variant<Triage, Refusal> TriageRoute(const http::request_header<>& request,
                                          const TriageContext& context) {
  if (request.method() != http::verb::get && request.method() != http::verb::post) {
    return Refuse(405, "method-not-allowed", "provider routes take GET and POST only");
  }
  auto matched = MatchProviderRoute(context.config, request.target());
  if (auto* refused = std::get_if<Refusal>(&matched)) return *refused;
  Triage t;
  t.kind = RequestKind::kProviderRoute;
  t.route = std::move(std::get<ProviderRoute>(matched));
  t.audit_path = t.route.path;
  return t;
}

}  // namespace

std::variant<Triage, Refusal> TriageRequest(const http::request_header<>& request,
                                            const TriageContext& context) {
  if (auto bad = CheckRequestFraming(request)) return *bad;
  if (request.method() == http::verb::get && request.target() == "/healthz") {
    Triage t;
    t.kind = RequestKind::kHealth;
    t.audit_path = "/healthz";
    return t;
  }
  if (auto refused = CheckCaller(request, context.auth)) return *refused;
  std::string_view target = request.target();
  if (request.method() == http::verb::connect) return TriageConnect(request, context);
  if (target.find("://") != std::string_view::npos && target.front() != '/') {
    return TriageAbsolute(request, context);
  }
  if (!target.empty() && target.front() == '/') return TriageRoute(request, context);
  return BadTarget("expected /path, http://host/path, or host:port with CONNECT");
}

std::string_view RequestKindName(RequestKind kind) {
  switch (kind) {
    case RequestKind::kHealth:
      return "health";
    case RequestKind::kProviderRoute:
      return "route";
    case RequestKind::kConnect:
      return "connect";
    case RequestKind::kForwardHttp:
      return "http";
  }
  return "invalid";
}

}  // namespace llmbox::gate
