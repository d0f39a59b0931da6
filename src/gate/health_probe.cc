#include "gate/health_probe.h"

#include "gate/asio.h"

namespace llmbox::gate {
namespace {

template <class Socket>
Result<void> Ask(asio::io_context& io, Socket& socket) {
  http::request<http::empty_body> request(http::verb::get, "/healthz", 11);
  request.set(http::field::host, "llm-gate");
  request.keep_alive(false);
  http::response<http::string_body> response;
  beast::flat_buffer buffer;
  error_code result = asio::error::timed_out;
  http::async_write(socket, request, [&](const error_code& ec, size_t) {
    if (ec) {
      result = ec;
      return;
    }
    http::async_read(socket, buffer, response,
                     [&](const error_code& rec, size_t) { result = rec; });
  });
  io.run_for(std::chrono::seconds(2));
  if (result) return MakeError(ErrorKind::kNetwork, "health check failed: " + result.message());
  if (response.result() != http::status::ok) {
    return MakeError(ErrorKind::kNetwork,
                     "health check answered " + std::to_string(response.result_int()));
  }
  return Ok();
}

}  // namespace

Result<void> ProbeHealth(const GateConfig& config) {
  asio::io_context io;
  error_code ec;
  if (config.unix_listen) {
    asio::local::stream_protocol::socket socket(io);
    socket.connect(asio::local::stream_protocol::endpoint(config.unix_listen->path), ec);
    if (ec)
      return MakeError(ErrorKind::kNetwork,
                       "cannot connect to " + config.unix_listen->path + ": " + ec.message());
    return Ask(io, socket);
  }
  size_t colon = config.tcp_listen.rfind(':');
  std::string host = config.tcp_listen.substr(0, colon);
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "[::]") host = "::1";
  if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  asio::ip::tcp::socket socket(io);
  asio::ip::tcp::endpoint endpoint(
      asio::ip::make_address(host, ec),
      static_cast<uint16_t>(std::stoi(config.tcp_listen.substr(colon + 1))));
  if (!ec) socket.connect(endpoint, ec);
  if (ec)
    return MakeError(ErrorKind::kNetwork,
                     "cannot connect to " + config.tcp_listen + ": " + ec.message());
  return Ask(io, socket);
}

}  // namespace llmbox::gate
