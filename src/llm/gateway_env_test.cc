#include "llm/gateway_env.h"

#include <gtest/gtest.h>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::MapEnv;

TEST(GatewayEnv, NoGatewayWithoutLlmGateway) {
  auto g = FindGateway(MapEnv({}));
  ASSERT_TRUE(g.ok());
  EXPECT_FALSE(g->has_value());
  EXPECT_TRUE(ForwardProxyOf(*g).socket.empty());
}

TEST(GatewayEnv, SocketGatewayGivesTheForwardProxyWithTheToken) {
  auto g = FindGateway(MapEnv({{"LLM_GATEWAY", "unix:/run/gate.sock"}, {"LLM_GATEWAY_TOKEN", "tok"}}));
  ASSERT_TRUE(g.ok() && g->has_value());
  EXPECT_EQ((*g)->unix_socket, "/run/gate.sock");
  EXPECT_EQ((*g)->base, "http://llm-gate");
  const GateProxy proxy = ForwardProxyOf(*g);
  EXPECT_EQ(proxy.socket, "/run/gate.sock");
  EXPECT_EQ(proxy.token, "tok");
}

TEST(GatewayEnv, UrlGatewayHasNoForwardProxy) {
  auto g = FindGateway(MapEnv({{"LLM_GATEWAY", "http://gate:8080/"}}));
  ASSERT_TRUE(g.ok() && g->has_value());
  EXPECT_EQ((*g)->base, "http://gate:8080");
  EXPECT_TRUE(ForwardProxyOf(*g).socket.empty());
}

TEST(GatewayEnv, TokenFileIsReadWithoutItsLineEnd) {
  testing::TempDir dir;
  testing::WriteText(dir.Sub("token"), "secret-token\n");
  auto g = FindGateway(MapEnv({{"LLM_GATEWAY", "/s"}, {"LLM_GATEWAY_TOKEN_FILE", dir.Sub("token")}}));
  ASSERT_TRUE(g.ok() && g->has_value());
  EXPECT_EQ((*g)->token, "secret-token");
}

TEST(GatewayEnv, UnreadableTokenFileIsAConfigError) {
  auto g = FindGateway(MapEnv({{"LLM_GATEWAY", "/s"}, {"LLM_GATEWAY_TOKEN_FILE", "/nonexistent/x"}}));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().kind, ErrorKind::kConfig);
}

}  // namespace
}  // namespace llmbox
