#include "gate/provider_route.h"

#include <gtest/gtest.h>

namespace llmbox::gate {
namespace {

GateConfig Config() {
  auto c = ParseGateConfig(R"({"listen": {"tcp": "127.0.0.1:1"}, "caller_token": {"env": "T"},
      "providers": {"openai": {"upstream": "https://upstream.test:8443/api"}}})");
  EXPECT_TRUE(c.ok());
  return *c;
}

TEST(ProviderRoute, MapsPrefixToUpstreamPathKeepingQuery) {
  auto config = Config();
  auto r = MatchProviderRoute(config, "/openai/v1/chat/completions?x=1");
  auto* route = std::get_if<ProviderRoute>(&r);
  ASSERT_NE(route, nullptr);
  EXPECT_EQ(route->provider->name, "openai");
  EXPECT_EQ(route->upstream_target, "/api/v1/chat/completions?x=1");
  EXPECT_EQ(route->path, "/v1/chat/completions");
}

TEST(ProviderRoute, AnthropicRouteUsesItsOwnUpstream) {
  auto config = Config();
  auto r = MatchProviderRoute(config, "/anthropic/v1/messages");
  auto* route = std::get_if<ProviderRoute>(&r);
  ASSERT_NE(route, nullptr);
  EXPECT_EQ(route->provider->upstream_host, "api.anthropic.com");
  EXPECT_EQ(route->upstream_target, "/v1/messages");
}

TEST(ProviderRoute, RefusesUnknownProviderWith403) {
  auto config = Config();
  for (const char* t : {"/", "/gemini/v1/x", "/openai", "/openaix/v1/x"}) {
    auto r = MatchProviderRoute(config, t);
    auto* refusal = std::get_if<Refusal>(&r);
    ASSERT_NE(refusal, nullptr) << t;
    EXPECT_EQ(refusal->status, 403u) << t;
  }
}

TEST(ProviderRoute, RefusesPathsOutsideThePrefixes) {
  auto config = Config();
  auto r = MatchProviderRoute(config, "/openai/admin/keys");
  ASSERT_NE(std::get_if<Refusal>(&r), nullptr);
  EXPECT_EQ(std::get<Refusal>(r).reason, "path-not-allowed");
}

TEST(ProviderRoute, RefusesTraversalAndEncodedSeparators) {
  auto config = Config();
  for (const char* t :
       {"/openai/v1/../../admin", "/openai/v1/./x", "/openai/v1/%2e%2e/admin", "/openai/v1/a%2Fb",
        "/openai/v1/a\\b", "/openai/v1//x", "/openai/v1/x#f", "/openai/v1/.."}) {
    auto r = MatchProviderRoute(config, t);
    auto* refusal = std::get_if<Refusal>(&r);
    ASSERT_NE(refusal, nullptr) << t;
    EXPECT_EQ(refusal->status, 400u) << t;
  }
}

TEST(ProviderRoute, ModelAllowlistTakesNamesAndPrefixes) {
  ProviderConfig p;
  EXPECT_TRUE(ModelAllowed(p, "anything"));
  p.models = {"gpt-4o-mini", "claude-3-5-*"};
  EXPECT_TRUE(ModelAllowed(p, "gpt-4o-mini"));
  EXPECT_TRUE(ModelAllowed(p, "claude-3-5-sonnet-latest"));
  EXPECT_FALSE(ModelAllowed(p, "gpt-4o"));
  EXPECT_FALSE(ModelAllowed(p, ""));
}

}  // namespace
}  // namespace llmbox::gate
