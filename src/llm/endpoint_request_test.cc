#include "llm/endpoint_request.h"

#include <gtest/gtest.h>

#include <atomic>

namespace llmbox {
namespace {

TEST(EndpointRequest, JoinsBaseAndPathWithoutADoubleSlash) {
  Endpoint endpoint;
  endpoint.api_base = "http://127.0.0.1:1/v1/";
  EXPECT_EQ(EndpointRequest(endpoint, "/responses").url, "http://127.0.0.1:1/v1/responses");
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
