#include "gate/provider_proxy.h"

#include <gtest/gtest.h>

namespace llmbox::gate {
namespace {

ProviderConfig Provider(KeyStyle style, const char* host, uint16_t port) {
  ProviderConfig p;
  p.name = "test";
  p.key_style = style;
  p.upstream_host = host;
  p.upstream_port = port;
  return p;
}

http::request<http::string_body> CallerRequest() {
  http::request<http::string_body> r(http::verb::post, "/openai/v1/chat/completions", 11);
  r.set(http::field::host, "llm-gate");
  r.set("X-Llmbox-Token", "caller-token");
  r.set(http::field::authorization, "Bearer sk-caller");
  r.set("x-api-key", "sk-ant-caller");
  r.set(http::field::accept_encoding, "gzip, br");
  r.set(http::field::expect, "100-continue");
  r.set(http::field::connection, "keep-alive");
  r.set(http::field::content_type, "application/json");
  r.set("OpenAI-Beta", "assistants=v2");
  r.body() = R"({"model":"m"})";
  r.set(http::field::transfer_encoding, "chunked");
  return r;
}

TEST(ProviderProxy, UpstreamRequestCarriesOnlyTheGatesBearerKey) {
  auto up =
      BuildUpstreamRequest(CallerRequest(), Provider(KeyStyle::kBearer, "api.openai.com", 443),
                           "/v1/chat/completions", "sk-gate");
  EXPECT_EQ(up.target(), "/v1/chat/completions");
  EXPECT_EQ(up[http::field::authorization], "Bearer sk-gate");
  EXPECT_EQ(up.count("x-api-key"), 0u);
  EXPECT_EQ(up.count("X-Llmbox-Token"), 0u);
  EXPECT_EQ(up[http::field::host], "api.openai.com");
  EXPECT_EQ(up["OpenAI-Beta"], "assistants=v2");
}

TEST(ProviderProxy, UpstreamRequestIsReframedAndUncompressed) {
  auto up =
      BuildUpstreamRequest(CallerRequest(), Provider(KeyStyle::kBearer, "api.openai.com", 443),
                           "/v1/chat/completions", "sk-gate");
  EXPECT_EQ(up.count(http::field::transfer_encoding), 0u);
  EXPECT_EQ(up[http::field::content_length], "13");
  EXPECT_EQ(up[http::field::accept_encoding], "identity");
  EXPECT_EQ(up.count(http::field::expect), 0u);
  EXPECT_EQ(up.version(), 11u);
}

TEST(ProviderProxy, AnthropicStyleAndNonDefaultPortInHost) {
  auto up = BuildUpstreamRequest(CallerRequest(), Provider(KeyStyle::kXApiKey, "::1", 8443),
                                 "/base/v1/messages", "sk-ant-gate");
  EXPECT_EQ(up["x-api-key"], "sk-ant-gate");
  EXPECT_EQ(up.count(http::field::authorization), 0u);
  EXPECT_EQ(up[http::field::host], "[::1]:8443");
}

}  // namespace
}  // namespace llmbox::gate
