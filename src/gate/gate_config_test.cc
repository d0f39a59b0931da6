#include "gate/gate_config.h"

#include <gtest/gtest.h>

namespace llmbox::gate {
namespace {

constexpr const char* kMinimal = R"({
  "listen": {"unix": {"path": "/run/llm-gate/gate.sock"}},
  "caller_token": {"file": "/run/secrets/llm_gateway_token"}
})";

Result<GateConfig> ParseWith(const std::string& extra) {
  std::string text = kMinimal;
  text.insert(text.rfind('}'), "," + extra);
  return ParseGateConfig(text);
}

std::string ErrorOf(const Result<GateConfig>& r) { return r.ok() ? "" : r.error().message; }

TEST(GateConfig, MinimalConfigGetsSafeDefaults) {
  auto c = ParseGateConfig(kMinimal);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->unix_listen->mode, 0660u);
  EXPECT_EQ(c->egress.ports, std::vector<uint16_t>{443});
  EXPECT_TRUE(c->egress.hosts.empty());
  ASSERT_NE(FindProvider(*c, "openai"), nullptr);
  EXPECT_EQ(FindProvider(*c, "openai")->upstream_host, "api.openai.com");
  EXPECT_EQ(FindProvider(*c, "openai")->key.env, "OPENAI_API_KEY");
  EXPECT_EQ(FindProvider(*c, "anthropic")->key_style, KeyStyle::kXApiKey);
}

TEST(GateConfig, OverridesProviderUpstreamAndKeySource) {
  auto c = ParseWith(R"("providers": {"openai": {"upstream": "https://127.0.0.1:8443/base/",
      "key": {"file": "/run/secrets/openai"}, "models": ["gpt-4o-mini"], "daily_token_budget": 1000}})");
  ASSERT_TRUE(c.ok()) << ErrorOf(c);
  const ProviderConfig* p = FindProvider(*c, "openai");
  EXPECT_EQ(p->upstream_host, "127.0.0.1");
  EXPECT_EQ(p->upstream_port, 8443);
  EXPECT_EQ(p->upstream_base, "/base");
  EXPECT_EQ(p->key.file, "/run/secrets/openai");
  EXPECT_EQ(p->key_style, KeyStyle::kBearer);
  EXPECT_EQ(p->daily_token_budget, 1000u);
}

TEST(GateConfig, RejectsUnknownKeysSoTyposAreNotIgnored) {
  EXPECT_NE(ErrorOf(ParseWith(R"("allow_host": ["pypi.org"])")).find("unknown key \"allow_host\""),
            std::string::npos);
  EXPECT_FALSE(ParseWith(R"("limits": {"max_body": 5})").ok());
}

TEST(GateConfig, RejectsStarAndBareTldsAtLoadTime) {
  EXPECT_FALSE(ParseWith(R"("allow_hosts": ["*"])").ok());
  EXPECT_FALSE(ParseWith(R"("allow_hosts": ["*.com"])").ok());
  EXPECT_FALSE(ParseWith(R"("allow_hosts": ["org"])").ok());
  EXPECT_TRUE(ParseWith(R"("allow_hosts": ["*.pythonhosted.org", "pypi.org"])").ok());
}

TEST(GateConfig, RejectsNonHttpsUpstream) {
  EXPECT_FALSE(ParseWith(R"("providers": {"openai": {"upstream": "http://api.openai.com"}})").ok());
}

TEST(GateConfig, NewProviderNeedsUpstreamAndKey) {
  EXPECT_FALSE(ParseWith(R"("providers": {"mistral": {"key": {"env": "K"}}})").ok());
  EXPECT_FALSE(
      ParseWith(R"("providers": {"mistral": {"upstream": "https://api.mistral.ai"}})").ok());
  auto c = ParseWith(
      R"("providers": {"mistral": {"upstream": "https://api.mistral.ai", "key": {"env": "K"}}})");
  ASSERT_TRUE(c.ok()) << ErrorOf(c);
  EXPECT_EQ(c->providers.size(), 3u);
}

TEST(GateConfig, RequiresListenerAndCallerToken) {
  EXPECT_FALSE(ParseGateConfig(R"({"caller_token": {"env": "T"}})").ok());
  EXPECT_FALSE(ParseGateConfig(R"({"listen": {"tcp": "127.0.0.1:1"}})").ok());
  EXPECT_FALSE(ParseGateConfig(R"({"listen": {}, "caller_token": {"env": "T"}})").ok());
}

TEST(GateConfig, SecretSourceNeedsExactlyOneOfEnvAndFile) {
  EXPECT_FALSE(ParseGateConfig(R"({"listen": {"tcp": "127.0.0.1:1"}, "caller_token": {}})").ok());
  EXPECT_FALSE(
      ParseGateConfig(
          R"({"listen": {"tcp": "127.0.0.1:1"}, "caller_token": {"env": "T", "file": "/f"}})")
          .ok());
}

TEST(GateConfig, SocketModeMustBeOctalAndExcludeOthers) {
  auto with_mode = [](const char* mode) {
    return ParseGateConfig(std::string(R"({"listen": {"unix": {"path": "/s", "mode": ")") + mode +
                           R"("}}, "caller_token": {"env": "T"}})");
  };
  EXPECT_EQ(with_mode("0600")->unix_listen->mode, 0600u);
  EXPECT_FALSE(with_mode("0666").ok());
  EXPECT_FALSE(with_mode("rw").ok());
  EXPECT_FALSE(with_mode("0999").ok());
}

TEST(GateConfig, ReadsTimeoutsInSecondsAndStaticHosts) {
  auto c = ParseWith(R"("timeouts": {"header_seconds": 0.5, "idle_seconds": 2},
                        "hosts": {"Upstream.Test": ["127.0.0.1", "::1"]},
                        "allow_addresses": ["127.0.0.0/8"], "allow_ports": [443, 8443])");
  ASSERT_TRUE(c.ok()) << ErrorOf(c);
  EXPECT_EQ(c->timeouts.header, Millis(500));
  EXPECT_EQ(c->timeouts.idle, Millis(2000));
  EXPECT_EQ(c->static_hosts.at("upstream.test").size(), 2u);
  EXPECT_EQ(c->egress.ports.size(), 2u);
  EXPECT_EQ(c->egress.allowed_ranges.size(), 1u);
}

TEST(GateConfig, RejectsBadValuesWithTheFieldNamed) {
  EXPECT_NE(ErrorOf(ParseWith(R"("allow_ports": [0])")).find("allow_ports"), std::string::npos);
  EXPECT_NE(ErrorOf(ParseWith(R"("hosts": {"x.test": ["not-an-ip"]})")).find("hosts"),
            std::string::npos);
  EXPECT_NE(ErrorOf(ParseWith(R"("allow_addresses": ["10.0.0.0/40"])")).find("allow_addresses"),
            std::string::npos);
  EXPECT_FALSE(ParseWith(R"("timeouts": {"idle_seconds": -1})").ok());
  EXPECT_FALSE(ParseGateConfig("{not json").ok());
}

}  // namespace
}  // namespace llmbox::gate
