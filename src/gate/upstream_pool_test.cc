#include "gate/upstream_pool.h"

#include <gtest/gtest.h>

#include <thread>

namespace llmbox::gate {
namespace {

using Clock = UpstreamPool::Clock;

// Connected TCP pairs on loopback; the gate side is wrapped in a TlsSocket
// (no handshake: the pool never looks inside TLS beyond SSL_pending).
class UpstreamPoolTest : public ::testing::Test {
 protected:
  UpstreamPoolTest() : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {}

  std::unique_ptr<TlsSocket> Connection(asio::ip::tcp::socket* peer_out = nullptr) {
    asio::ip::tcp::socket client(io_);
    client.connect(acceptor_.local_endpoint());
    asio::ip::tcp::socket peer = acceptor_.accept();
    if (peer_out != nullptr)
      *peer_out = std::move(peer);
    else
      peers_.push_back(std::move(peer));
    return std::make_unique<TlsSocket>(std::move(client), ctx_.native_handle());
  }

  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  asio::ssl::context ctx_{asio::ssl::context::tls_client};
  std::vector<asio::ip::tcp::socket> peers_;
};

TEST_F(UpstreamPoolTest, ReturnsWhatWasPutForTheSameUpstreamOnly) {
  UpstreamPool pool(4, std::chrono::seconds(10));
  auto now = Clock::now();
  pool.Put("openai", Connection(), now);
  EXPECT_EQ(pool.Take("anthropic", now), nullptr);
  EXPECT_NE(pool.Take("openai", now), nullptr);
  EXPECT_EQ(pool.Take("openai", now), nullptr);
}

TEST_F(UpstreamPoolTest, DropsConnectionsThePeerClosed) {
  UpstreamPool pool(4, std::chrono::seconds(10));
  asio::ip::tcp::socket peer(io_);
  auto connection = Connection(&peer);
  peer.close();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(UpstreamPool::LooksIdle(*connection));
  pool.Put("openai", std::move(connection), Clock::now());
  EXPECT_EQ(pool.Take("openai", Clock::now()), nullptr);
}

TEST_F(UpstreamPoolTest, DropsConnectionsWithUnaskedData) {
  asio::ip::tcp::socket peer(io_);
  auto connection = Connection(&peer);
  asio::write(peer, asio::buffer("x", 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(UpstreamPool::LooksIdle(*connection));
}

TEST_F(UpstreamPoolTest, DropsConnectionsIdleLongerThanTheTtl) {
  UpstreamPool pool(4, std::chrono::seconds(10));
  auto then = Clock::now();
  pool.Put("openai", Connection(), then);
  EXPECT_EQ(pool.Take("openai", then + std::chrono::seconds(11)), nullptr);
}

TEST_F(UpstreamPoolTest, KeepsAtMostMaxIdle) {
  UpstreamPool pool(2, std::chrono::seconds(10));
  auto now = Clock::now();
  for (int i = 0; i < 5; ++i) pool.Put("openai", Connection(), now);
  EXPECT_EQ(pool.idle("openai"), 2u);
}

TEST_F(UpstreamPoolTest, ClearDropsEverything) {
  UpstreamPool pool(4, std::chrono::seconds(10));
  pool.Put("openai", Connection(), Clock::now());
  pool.Clear();
  EXPECT_EQ(pool.idle("openai"), 0u);
}

}  // namespace
}  // namespace llmbox::gate
