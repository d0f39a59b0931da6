#include "gate/request_body.h"

namespace llmbox::gate {

asio::awaitable<std::variant<BodyRequest, Refusal>> ReadRequestBody(Exchange& exchange) {
  const auto& limits = exchange.context.config.limits;
  const auto& timeouts = exchange.context.config.timeouts;
  error_code ec;
  if (beast::iequals(exchange.header.get()[http::field::expect], "100-continue")) {
    http::response<http::empty_body> go_on(http::status::continue_, 11);
    exchange.watchdog.Arm(timeouts.header, timeouts.header, [&caller = exchange.caller] {
      error_code ignored;
      caller.close(ignored);
    });
    co_await http::async_write(exchange.caller, go_on, Await(ec));
    exchange.watchdog.Disarm();
    if (ec) co_return Refuse(400, "caller-gone", "the caller went away");
  }
  http::request_parser<http::string_body> parser(std::move(exchange.header));
  parser.body_limit(limits.max_body_bytes);
  exchange.watchdog.Arm(timeouts.idle, timeouts.idle, [&caller = exchange.caller] {
    error_code ignored;
    caller.cancel(ignored);
  });
  co_await http::async_read(exchange.caller, exchange.buffer, parser, Await(ec));
  bool timed_out = exchange.watchdog.expired();
  exchange.watchdog.Disarm();
  if (timed_out) {
    co_return Refuse(408, "body-timeout", "the request body did not arrive in time");
  }
  if (ec == http::error::body_limit) {
    co_return Refuse(
        413, "body-too-large",
        "the request body is larger than " + std::to_string(limits.max_body_bytes) + " bytes",
        "An operator can raise limits.max_body_bytes in the gate config.");
  }
  if (ec) co_return Refuse(400, "bad-body", "malformed request body: " + ec.message());
  exchange.record.bytes_in = parser.get().body().size();
  co_return parser.release();
}

}  // namespace llmbox::gate
