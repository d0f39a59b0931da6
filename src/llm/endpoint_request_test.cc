#include "llm/endpoint_request.h"

#include <gtest/gtest.h>

#include <atomic>

namespace llmbox {
namespace {

TEST(EndpointRequest, JoinsBaseAndPathWithOneSlash) {
  Endpoint e;
  e.api_base = "https://api.example.test/v1//";
  EXPECT_EQ(EndpointRequest(e, "/responses").url, "https://api.example.test/v1/responses");
}

TEST(EndpointRequest, CarriesTheTransportAndExtraHeadersButNoKey) {
  Endpoint e;
  e.api_base = "http://llm-gate/openai/v1";
  e.api_key = "sk-not-here";
  e.unix_socket = "/run/llm-gate/gate.sock";
  e.gate_proxy_socket = "/run/llm-gate/gate.sock";
  e.gate_proxy_token = "tok";
  e.headers = {{"X-Llmbox-Token", "t"}};
  HttpRequest r = EndpointRequest(e, "/chat/completions");
  EXPECT_EQ(r.unix_socket, "/run/llm-gate/gate.sock");
  EXPECT_EQ(r.gate_proxy_socket, "/run/llm-gate/gate.sock");
  EXPECT_EQ(r.gate_proxy_token, "tok");
  ASSERT_EQ(r.headers.size(), 3u);
  EXPECT_EQ(r.headers[2].first, "X-Llmbox-Token");
  for (const auto& [name, value] : r.headers) EXPECT_EQ(value.find("sk-not-here"), std::string::npos);
}

TEST(EndpointRequest, CarriesTheCtrlCFlagSoEveryProviderCanBeStopped) {
  std::atomic<bool> cancel{false};
  Endpoint endpoint;
  endpoint.cancel = &cancel;
  EXPECT_EQ(EndpointRequest(endpoint, "/messages").cancel, &cancel);
  EXPECT_EQ(EndpointRequest(Endpoint{}, "/messages").cancel, nullptr);
}

}  // namespace
}  // namespace llmbox
