// Load generator and TLS upstream for bench/gate_bench.sh: the same local
// upstream reached directly, through llm-gate (provider route or CONNECT) and
// through squid (CONNECT). Not part of the product; built by the script.
//
//   gate_bench_tool upstream PORT CERT KEY
//   gate_bench_tool latency    MODE COUNT  ENDPOINT...
//   gate_bench_tool latency-mix COUNT ENDPOINT -- ENDPOINT -- ...   (in turns)
//   gate_bench_tool throughput MODE BYTES  ENDPOINT...
//   gate_bench_tool streams    MODE COUNT  ENDPOINT...   (prints "ready" once all streams are open)
// MODE/ENDPOINT: direct CA PORT | route SOCKET TOKEN
//                | connect SOCKET TOKEN CA PORT | squid SQUIDPORT CA PORT
// clang-format off
#include <utility>  // before Boost 1.74's awaitable.hpp, which uses std::exchange
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// ---- upstream --------------------------------------------------------------

awaitable<void> SendChunked(asio::ssl::stream<tcp::socket>& s, size_t total, size_t event,
                            int gap_ms) {
  http::response<http::empty_body> res(http::status::ok, 11);
  res.set(http::field::content_type, "text/event-stream");
  res.chunked(true);
  http::response_serializer<http::empty_body> sr(res);
  co_await http::async_write_header(s, sr, use_awaitable);
  // OpenAI's chunk shape with stream_options.include_usage ("usage":null in each).
  const std::string head =
      "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":"
      "1747148049,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":"
      "{\"content\":\"";
  const std::string tail = "\"},\"finish_reason\":null}],\"usage\":null}\n\n";
  size_t pad = event > head.size() + tail.size() ? event - head.size() - tail.size() : 1;
  std::string line = head + std::string(pad, 'x') + tail;
  std::string batch;
  asio::steady_timer timer(s.get_executor());
  for (size_t sent = 0; sent < total;) {
    batch.clear();
    // Without a gap, send 64 KiB chunks: the upstream must not be the bottleneck.
    while (batch.size() < (gap_ms ? 1 : 65536) && sent + batch.size() < total) batch += line;
    co_await asio::async_write(s, http::make_chunk(asio::buffer(batch)), use_awaitable);
    sent += batch.size();
    if (gap_ms) {
      timer.expires_after(std::chrono::milliseconds(gap_ms));
      co_await timer.async_wait(use_awaitable);
    }
  }
  co_await asio::async_write(s, http::make_chunk_last(), use_awaitable);
}

size_t Param(std::string_view target, std::string_view name, size_t fallback) {
  auto at = target.find(std::string(name) + "=");
  return at == std::string_view::npos
             ? fallback
             : std::stoull(std::string(target.substr(at + name.size() + 1)));
}

awaitable<void> ServeUpstream(asio::ssl::stream<tcp::socket> s) {
  try {
    co_await s.async_handshake(asio::ssl::stream_base::server, use_awaitable);
    beast::flat_buffer buf;
    for (;;) {
      http::request<http::string_body> req;
      co_await http::async_read(s, buf, req, use_awaitable);
      std::string_view target = req.target();
      if (target.find("/v1/stream") != std::string_view::npos) {
        co_await SendChunked(s, Param(target, "bytes", 1 << 20), 1024, 0);
      } else if (target.find("/v1/slow") != std::string_view::npos) {
        co_await SendChunked(s, Param(target, "events", 10) * 200, 200,
                             static_cast<int>(Param(target, "gap", 1000)));
      } else {
        http::response<http::string_body> res(http::status::ok, 11);
        res.set(http::field::content_type, "application/json");
        res.body() =
            R"({"id":"x","model":"bench","choices":[{"message":{"content":"ok"}}],"usage":{"prompt_tokens":3,"completion_tokens":1}})";
        res.keep_alive(req.keep_alive());
        res.prepare_payload();
        co_await http::async_write(s, res, use_awaitable);
        if (!req.keep_alive()) break;
      }
    }
  } catch (const std::exception&) {
  }
}

awaitable<void> Upstream(asio::ssl::context& ctx, unsigned short port) {
  auto ex = co_await asio::this_coro::executor;
  tcp::acceptor acceptor(ex, {asio::ip::make_address("127.0.0.1"), port});
  for (;;) {
    auto sock = co_await acceptor.async_accept(use_awaitable);
    sock.set_option(tcp::no_delay(true));
    asio::co_spawn(ex, ServeUpstream(asio::ssl::stream<tcp::socket>(std::move(sock), ctx)),
                   asio::detached);
  }
}

// ---- clients -----------------------------------------------------------------

struct Endpoint {
  std::string mode, path, token, ca;
  unsigned short port = 0, proxy_port = 0;
};

Endpoint ParseEndpoint(char** a) {
  Endpoint e;
  e.mode = a[0];
  if (e.mode == "direct") {
    e.ca = a[1];
    e.port = std::stoi(a[2]);
  }
  if (e.mode == "route") {
    e.path = a[1];
    e.token = a[2];
  }
  if (e.mode == "connect") {
    e.path = a[1];
    e.token = a[2];
    e.ca = a[3];
    e.port = std::stoi(a[4]);
  }
  if (e.mode == "squid") {
    e.proxy_port = std::stoi(a[1]);
    e.ca = a[2];
    e.port = std::stoi(a[3]);
  }
  return e;
}

// One request on a fresh connection, reading the body as it arrives; returns
// body bytes, calls on_first once the first body bytes arrive.
template <class Stream>
awaitable<size_t> Exchange(Stream& s, const std::string& target, const Endpoint& e,
                           std::function<void()> on_first) {
  http::request<http::empty_body> req(http::verb::get, target, 11);
  req.set(http::field::host, "upstream.test");
  if (e.mode == "route") req.set("X-Llmbox-Token", e.token);
  req.keep_alive(false);
  co_await http::async_write(s, req, use_awaitable);
  // Room for 64 KiB per read, as curl or the gate itself reads; Beast's
  // default (the header's size, 512 bytes at least) would make the plaintext
  // route cost the client one system call per 512 bytes.
  beast::flat_buffer buf;
  buf.reserve(64 * 1024);
  http::response_parser<http::buffer_body> p;
  p.body_limit(std::numeric_limits<std::uint64_t>::max());
  co_await http::async_read_header(s, buf, p, use_awaitable);
  if (p.get().result_int() != 200)
    throw std::runtime_error("status " + std::to_string(p.get().result_int()));
  std::vector<char> chunk(64 * 1024);
  size_t total = 0;
  bool first = true;
  while (!p.is_done()) {
    p.get().body().data = chunk.data();
    p.get().body().size = chunk.size();
    boost::system::error_code ec;
    co_await http::async_read_some(s, buf, p, asio::redirect_error(use_awaitable, ec));
    if (ec && ec != http::error::need_buffer) throw boost::system::system_error(ec);
    size_t got = chunk.size() - p.get().body().size;
    total += got;
    if (got && first) {
      first = false;
      if (on_first) on_first();
    }
  }
  co_return total;
}

awaitable<void> ProxyConnect(tcp::socket& sock, const Endpoint& e) {
  std::string req =
      "CONNECT upstream.test:" + std::to_string(e.port) + " HTTP/1.1\r\nHost: upstream.test\r\n";
  if (!e.token.empty()) req += "Proxy-Authorization: Bearer " + e.token + "\r\n";
  req += "\r\n";
  co_await asio::async_write(sock, asio::buffer(req), use_awaitable);
  std::string reply;
  co_await asio::async_read_until(sock, asio::dynamic_buffer(reply), "\r\n\r\n", use_awaitable);
  if (reply.compare(0, 12, "HTTP/1.1 200") != 0 && reply.compare(0, 12, "HTTP/1.0 200") != 0)
    throw std::runtime_error("CONNECT refused");
}

awaitable<size_t> Request(asio::ssl::context& tls, const Endpoint& e, std::string target,
                          std::function<void()> on_first) {
  auto ex = co_await asio::this_coro::executor;
  if (e.mode == "route") {
    asio::local::stream_protocol::socket s(ex);
    co_await s.async_connect({e.path}, use_awaitable);
    co_return co_await Exchange(s, "/openai" + target, e, on_first);
  }
  tcp::socket sock(ex);
  if (e.mode == "connect") {
    // The gate's CONNECT over its Unix socket: wrap the local socket's fd for TLS.
    asio::local::stream_protocol::socket ls(ex);
    co_await ls.async_connect({e.path}, use_awaitable);
    std::string req = "CONNECT upstream.test:" + std::to_string(e.port) +
                      " HTTP/1.1\r\nProxy-Authorization: Bearer " + e.token + "\r\n\r\n";
    co_await asio::async_write(ls, asio::buffer(req), use_awaitable);
    std::string reply;
    co_await asio::async_read_until(ls, asio::dynamic_buffer(reply), "\r\n\r\n", use_awaitable);
    if (reply.compare(0, 12, "HTTP/1.1 200") != 0)
      throw std::runtime_error("gate CONNECT refused: " + reply);
    asio::ssl::stream<asio::local::stream_protocol::socket> s(std::move(ls), tls);
    SSL_set_tlsext_host_name(s.native_handle(), "upstream.test");
    co_await s.async_handshake(asio::ssl::stream_base::client, use_awaitable);
    co_return co_await Exchange(s, target, e, on_first);
  }
  co_await sock.async_connect(
      {asio::ip::make_address("127.0.0.1"), e.mode == "squid" ? e.proxy_port : e.port},
      use_awaitable);
  sock.set_option(tcp::no_delay(true));
  if (e.mode == "squid") co_await ProxyConnect(sock, e);
  asio::ssl::stream<tcp::socket> s(std::move(sock), tls);
  SSL_set_tlsext_host_name(s.native_handle(), "upstream.test");
  co_await s.async_handshake(asio::ssl::stream_base::client, use_awaitable);
  co_return co_await Exchange(s, target, e, on_first);
}

awaitable<void> Latency(asio::ssl::context& tls, Endpoint e, int count) {
  std::vector<double> us;
  for (int i = 0; i < count + 50; ++i) {
    auto t0 = Clock::now();
    co_await Request(tls, e, "/v1/small", nullptr);
    if (i >= 50)
      us.push_back(
          std::chrono::duration<double, std::micro>(Clock::now() - t0).count());  // 50 warm-up
  }
  std::sort(us.begin(), us.end());
  auto pct = [&](double q) {
    return us[std::min(us.size() - 1, static_cast<size_t>(q * us.size()))];
  };
  std::printf("latency_us p50=%.0f p90=%.0f p99=%.0f max=%.0f n=%zu\n", pct(0.5), pct(0.9),
              pct(0.99), us.back(), us.size());
}

// Latency of several endpoints measured in turns (one request to each, then
// again), so a busy machine slows all of them alike.
awaitable<void> LatencyMix(asio::ssl::context& tls, std::vector<Endpoint> endpoints, int count) {
  std::vector<std::vector<double>> us(endpoints.size());
  for (int i = 0; i < count + 20; ++i) {
    for (size_t e = 0; e < endpoints.size(); ++e) {
      auto t0 = Clock::now();
      co_await Request(tls, endpoints[e], "/v1/small", nullptr);
      if (i >= 20)
        us[e].push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
  }
  for (size_t e = 0; e < endpoints.size(); ++e) {
    auto& v = us[e];
    std::sort(v.begin(), v.end());
    auto pct = [&](double q) {
      return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
    };
    std::printf("%s p50=%.0f p90=%.0f p99=%.0f\n", endpoints[e].mode.c_str(), pct(0.5), pct(0.9),
                pct(0.99));
  }
}

awaitable<void> Throughput(asio::ssl::context& tls, Endpoint e, size_t bytes) {
  auto t0 = Clock::now();
  size_t got = co_await Request(tls, e, "/v1/stream?bytes=" + std::to_string(bytes), nullptr);
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf("throughput_MBps=%.0f bytes=%zu seconds=%.2f\n", got / s / 1e6, got, s);
}

awaitable<void> Streams(asio::ssl::context& tls, Endpoint e, int count) {
  auto ex = co_await asio::this_coro::executor;
  auto started = std::make_shared<int>(0), done = std::make_shared<int>(0),
       failed = std::make_shared<int>(0);
  for (int i = 0; i < count; ++i) {
    asio::co_spawn(ex,
                   Request(tls, e, "/v1/slow?events=20&gap=500",
                           [started, count] {
                             if (++*started == count) {
                               std::printf("ready\n");
                               std::fflush(stdout);
                             }
                           }),
                   [done, failed](std::exception_ptr ep, size_t) {
                     ++*done;
                     if (ep) ++*failed;
                   });
    if (i % 50 == 49) {  // do not overflow the listen backlog
      asio::steady_timer t(ex, std::chrono::milliseconds(20));
      co_await t.async_wait(use_awaitable);
    }
  }
  asio::steady_timer t(ex);
  while (*done < count) {
    t.expires_after(std::chrono::milliseconds(50));
    co_await t.async_wait(use_awaitable);
  }
  std::printf("streams=%d started=%d failed=%d\n", count, *started, *failed);
}

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  std::string cmd = argv[1];
  asio::io_context io;
  if (cmd == "upstream") {
    asio::ssl::context ctx(asio::ssl::context::tls_server);
    ctx.use_certificate_chain_file(argv[3]);
    ctx.use_private_key_file(argv[4], asio::ssl::context::pem);
    asio::co_spawn(io, Upstream(ctx, static_cast<unsigned short>(std::stoi(argv[2]))),
                   asio::detached);
    io.run();
    return 0;
  }
  if (cmd == "latency-mix") {  // latency-mix COUNT ENDPOINT -- ENDPOINT -- ...
    std::vector<Endpoint> endpoints;
    for (int i = 3; i < argc; ++i) {
      endpoints.push_back(ParseEndpoint(argv + i));
      while (i < argc && std::string(argv[i]) != "--") ++i;
    }
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.load_verify_file(endpoints.back().ca.empty() ? endpoints.front().ca : endpoints.back().ca);
    tls.set_verify_mode(asio::ssl::verify_peer);
    asio::co_spawn(io, LatencyMix(tls, endpoints, std::stoi(argv[2])), [](std::exception_ptr ep) {
      if (ep) try {
          std::rethrow_exception(ep);
        } catch (const std::exception& x) {
          std::fprintf(stderr, "error: %s\n", x.what());
          std::exit(1);
        }
    });
    io.run();
    return 0;
  }
  Endpoint e = ParseEndpoint(argv + 3);
  asio::ssl::context tls(asio::ssl::context::tls_client);
  if (!e.ca.empty()) tls.load_verify_file(e.ca);
  tls.set_verify_mode(asio::ssl::verify_peer);
  long n = std::stol(argv[2]);
  auto report = [](std::exception_ptr ep) {
    if (ep) try {
        std::rethrow_exception(ep);
      } catch (const std::exception& x) {
        std::fprintf(stderr, "error: %s\n", x.what());
        std::exit(1);
      }
  };
  if (cmd == "latency") asio::co_spawn(io, Latency(tls, e, static_cast<int>(n)), report);
  if (cmd == "throughput") asio::co_spawn(io, Throughput(tls, e, static_cast<size_t>(n)), report);
  if (cmd == "streams") asio::co_spawn(io, Streams(tls, e, static_cast<int>(n)), report);
  io.run();
  return 0;
}
