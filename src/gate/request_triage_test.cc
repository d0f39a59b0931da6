#include "gate/request_triage.h"

#include <gtest/gtest.h>

namespace llmbox::gate {
namespace {

constexpr const char* kToken = "test-token-0123456789";

class RequestTriageTest : public ::testing::Test {
 protected:
  RequestTriageTest()
      : config_(*ParseGateConfig(R"({"listen": {"tcp": "127.0.0.1:1"}, "caller_token": {"env": "T"},
            "allow_hosts": ["pypi.org", "example.org"], "allow_ports": [443, 80]})")),
        policy_(config_.egress),
        auth_(kToken) {}

  std::variant<Triage, Refusal> Run(http::verb verb, std::string_view target,
                                    bool with_token = true) {
    http::request_header<> h;
    h.method(verb);
    h.target(target);
    h.version(11);
    h.set(http::field::host, "llm-gate");
    if (with_token) h.set(kTokenHeader, kToken);
    return TriageRequest(h, TriageContext{config_, policy_, auth_});
  }

  static Refusal RefusalOf(const std::variant<Triage, Refusal>& v) {
    EXPECT_TRUE(std::holds_alternative<Refusal>(v));
    return std::holds_alternative<Refusal>(v) ? std::get<Refusal>(v) : Refusal{};
  }

  GateConfig config_;
  EgressPolicy policy_;
  CallerAuth auth_;
};

TEST_F(RequestTriageTest, ProviderRouteWithToken) {
  auto v = Run(http::verb::post, "/openai/v1/chat/completions");
  ASSERT_TRUE(std::holds_alternative<Triage>(v));
  EXPECT_EQ(std::get<Triage>(v).kind, RequestKind::kProviderRoute);
  EXPECT_EQ(std::get<Triage>(v).route.upstream_target, "/v1/chat/completions");
}

TEST_F(RequestTriageTest, RouteWithoutTokenIs401AndProxyWithoutTokenIs407) {
  EXPECT_EQ(RefusalOf(Run(http::verb::post, "/openai/v1/chat/completions", false)).status, 401u);
  EXPECT_EQ(RefusalOf(Run(http::verb::connect, "pypi.org:443", false)).status, 407u);
  EXPECT_EQ(RefusalOf(Run(http::verb::get, "http://example.org/", false)).status, 407u);
}

TEST_F(RequestTriageTest, UnauthenticatedCallerLearnsNothingAboutPolicy) {
  auto r = RefusalOf(Run(http::verb::connect, "evil.example:443", false));
  EXPECT_EQ(r.reason, "unauthenticated");
}

TEST_F(RequestTriageTest, HealthNeedsNoToken) {
  auto v = Run(http::verb::get, "/healthz", false);
  ASSERT_TRUE(std::holds_alternative<Triage>(v));
  EXPECT_EQ(std::get<Triage>(v).kind, RequestKind::kHealth);
}

TEST_F(RequestTriageTest, ConnectToListedHost) {
  auto v = Run(http::verb::connect, "pypi.org:443");
  ASSERT_TRUE(std::holds_alternative<Triage>(v));
  EXPECT_EQ(std::get<Triage>(v).kind, RequestKind::kConnect);
  EXPECT_EQ(std::get<Triage>(v).destination.port, 443);
}

TEST_F(RequestTriageTest, ConnectRefusals) {
  EXPECT_EQ(RefusalOf(Run(http::verb::connect, "evil.example:443")).reason, "host-not-allowed");
  EXPECT_EQ(RefusalOf(Run(http::verb::connect, "pypi.org:22")).reason, "port-not-allowed");
  EXPECT_EQ(RefusalOf(Run(http::verb::connect, "10.0.0.1:443")).reason, "ip-literal");
  EXPECT_EQ(RefusalOf(Run(http::verb::connect, "pypi.org")).status, 400u);
  EXPECT_EQ(RefusalOf(Run(http::verb::connect, "/openai/v1/x")).status, 400u);
}

TEST_F(RequestTriageTest, AbsoluteUriBecomesOriginFormForListedHost) {
  auto v = Run(http::verb::get, "http://example.org/simple/pkg?x=1");
  ASSERT_TRUE(std::holds_alternative<Triage>(v));
  const Triage& t = std::get<Triage>(v);
  EXPECT_EQ(t.kind, RequestKind::kForwardHttp);
  EXPECT_EQ(t.destination.port, 80);
  EXPECT_EQ(t.origin_target, "/simple/pkg?x=1");
  EXPECT_EQ(t.audit_path, "/simple/pkg");
  auto bare = Run(http::verb::get, "http://example.org");
  EXPECT_EQ(std::get<Triage>(bare).origin_target, "/");
}

TEST_F(RequestTriageTest, AbsoluteUriRefusals) {
  EXPECT_EQ(RefusalOf(Run(http::verb::get, "https://example.org/")).reason, "use-connect");
  EXPECT_EQ(RefusalOf(Run(http::verb::get, "ftp://example.org/")).reason, "use-connect");
  EXPECT_EQ(RefusalOf(Run(http::verb::get, "http://user:pw@example.org/")).status, 400u);
  EXPECT_EQ(RefusalOf(Run(http::verb::get, "http://evil.example/")).reason, "host-not-allowed");
  EXPECT_EQ(RefusalOf(Run(http::verb::get, "http://127.0.0.1/")).reason, "ip-literal");
  EXPECT_EQ(RefusalOf(Run(http::verb::get, "http://example.org:8080/")).reason, "port-not-allowed");
}

TEST_F(RequestTriageTest, RouteRefusesOtherMethods) {
  EXPECT_EQ(RefusalOf(Run(http::verb::delete_, "/openai/v1/files/x")).status, 405u);
}

TEST_F(RequestTriageTest, FramingIsCheckedBeforeTheToken) {
  http::request_header<> h;
  h.method(http::verb::post);
  h.target("/openai/v1/chat/completions");
  h.version(11);
  h.set(http::field::content_length, "5");
  h.set(http::field::transfer_encoding, "chunked");
  auto v = TriageRequest(h, TriageContext{config_, policy_, auth_});
  EXPECT_EQ(RefusalOf(v).reason, "ambiguous-framing");
}

TEST_F(RequestTriageTest, ProxyAuthorizationBearerIsAccepted) {
  http::request_header<> h;
  h.method(http::verb::connect);
  h.target("pypi.org:443");
  h.version(11);
  h.set(http::field::proxy_authorization, std::string("Bearer ") + kToken);
  auto v = TriageRequest(h, TriageContext{config_, policy_, auth_});
  EXPECT_TRUE(std::holds_alternative<Triage>(v));
}

}  // namespace
}  // namespace llmbox::gate
