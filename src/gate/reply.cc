#include "gate/reply.h"

namespace llmbox::gate {
namespace {

asio::awaitable<bool> WriteBounded(Downstream& caller, http::response<http::string_body>& response,
                                   Watchdog& watchdog, Millis timeout) {
  watchdog.Arm(timeout, timeout, [&caller] {
    error_code ignored;
    caller.close(ignored);
  });
  error_code ec;
  co_await http::async_write(caller, response, Await(ec));
  watchdog.Disarm();
  co_return !ec;
}

// Lingering close (RFC 9112 9.6): a caller may still be sending the body of a
// refused request. Closing with unread bytes would make the kernel send a
// reset that can destroy the refusal before the caller reads it, so read and
// discard for a short while first.
asio::awaitable<void> Linger(Downstream& caller, Watchdog& watchdog) {
  constexpr size_t kMaxDiscard = 256 * 1024;
  watchdog.Arm(Millis(1000), Millis(1000), [&caller] {
    error_code ignored;
    caller.close(ignored);
  });
  char sink[4096];
  size_t discarded = 0;
  error_code ec;
  while (!ec && discarded < kMaxDiscard) {
    discarded += co_await caller.async_read_some(asio::buffer(sink), Await(ec));
  }
  watchdog.Disarm();
}

}  // namespace

http::response<http::string_body> RefusalResponse(const Refusal& refusal, unsigned version) {
  http::response<http::string_body> response(static_cast<http::status>(refusal.status),
                                             version == 10 ? 10 : 11);
  response.set(http::field::server, "llm-gate");
  response.set(RefusalHeaderName(refusal), Printable(refusal.reason, 64));
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.set(http::field::cache_control, "no-store");
  if (refusal.status == 407)
    response.set(http::field::proxy_authenticate, "Basic realm=\"llm-gate\"");
  if (refusal.status == 401)
    response.set(http::field::www_authenticate, "X-Llmbox-Token realm=\"llm-gate\"");
  response.keep_alive(false);
  response.body() = RefusalBody(refusal);
  response.prepare_payload();
  return response;
}

asio::awaitable<void> SendRefusal(Downstream& caller, const Refusal& refusal, unsigned version,
                                  Watchdog& watchdog, Millis timeout) {
  auto response = RefusalResponse(refusal, version);
  if (co_await WriteBounded(caller, response, watchdog, timeout)) {
    // Half-close so the refusal is delivered before the caller sees the connection end.
    error_code ignored;
    caller.shutdown(asio::socket_base::shutdown_send, ignored);
    co_await Linger(caller, watchdog);
  }
}

asio::awaitable<bool> SendHealth(Downstream& caller, unsigned version, bool keep_alive,
                                 Watchdog& watchdog, Millis timeout) {
  http::response<http::string_body> response(http::status::ok, version == 10 ? 10 : 11);
  response.set(http::field::server, "llm-gate");
  response.set(http::field::content_type, "text/plain");
  response.keep_alive(keep_alive);
  response.body() = "ok\n";
  response.prepare_payload();
  co_return co_await WriteBounded(caller, response, watchdog, timeout) && keep_alive;
}

}  // namespace llmbox::gate
