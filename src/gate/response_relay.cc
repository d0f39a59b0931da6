#include "gate/response_relay.h"

#include <limits>
#include <optional>

#include "gate/header_policy.h"
#include "gate/response_body.h"

namespace llmbox::gate {
namespace {

constexpr size_t kUpstreamHeaderLimit = 64 * 1024;

void CloseLowest(TlsStream& s) {
  error_code ignored;
  s.lowest_layer().close(ignored);
}
void CloseLowest(TcpSocket& s) {
  error_code ignored;
  s.close(ignored);
}

using Parser = ResponseBody::Parser;

// Reads response headers, skipping informational responses.
template <class Upstream>
asio::awaitable<error_code> ReadHead(Upstream& upstream, beast::flat_buffer& buffer,
                                     std::optional<Parser>& parser, bool head_request) {
  error_code ec;
  for (int informational = 0; informational < 8; ++informational) {
    parser.emplace();
    parser->header_limit(kUpstreamHeaderLimit);
    // Long streams are bounded by the total timeout instead. Not boost::none:
    // Boost 1.74 compares Content-Length against an empty optional as "over".
    parser->body_limit(std::numeric_limits<std::uint64_t>::max());
    if (head_request) parser->skip(true);
    co_await http::async_read_header(upstream, buffer, *parser, Await(ec));
    if (ec) co_return ec;
    unsigned status = parser->get().result_int();
    if (status == 101) co_return http::error::bad_status;
    if (status / 100 != 1) co_return ec;
  }
  co_return http::error::bad_status;
}

// The caller's view of the response head; returns whether the body goes out chunked.
bool CallerHead(const Parser& parser, const RelayOptions& options,
                http::response<http::empty_body>& out, bool& keep_alive) {
  const auto& head = parser.get();
  out.version(options.client_version);
  out.result(head.result_int());
  out.reason(head.reason());
  for (const auto& field : head) out.insert(field.name_string(), field.value());
  StripHopByHop(out);
  unsigned status = head.result_int();
  bool has_body = !options.head_request && status != 204 && status != 304;
  bool chunked = false;
  keep_alive = options.client_keep_alive;
  if (has_body) {
    if (auto length = parser.content_length()) {
      out.content_length(*length);
    } else if (options.client_version == 11) {
      out.chunked(true);
      chunked = true;
    } else {
      keep_alive = false;  // HTTP/1.0 caller: the end of the body is the end of the connection
    }
  }
  out.keep_alive(keep_alive);
  return chunked;
}

// Writes the caller's response head; its header copy and serializer are
// freed before the (possibly long) body relay starts.
asio::awaitable<error_code> WriteCallerHead(Downstream& caller, const Parser& parser,
                                            const RelayOptions& options, bool& chunked,
                                            bool& keep_alive) {
  http::response<http::empty_body> out;
  chunked = CallerHead(parser, options, out, keep_alive);
  http::response_serializer<http::empty_body> serializer(out);
  error_code ec;
  co_await http::async_write_header(caller, serializer, Await(ec));
  co_return ec;
}

// One read from the upstream into `buffer`; an end of stream is handed to the
// parser (it ends a close-delimited body and is an error anywhere else).
template <class Upstream>
asio::awaitable<error_code> ReadMore(Upstream& upstream, beast::flat_buffer& buffer, Parser& parser,
                                     size_t& got) {
  // Body bytes never wait here (they are decoded as they come), so a full
  // buffer is one oversized chunk header, extension or trailer.
  if (buffer.size() >= ResponseBody::kMaxBuffer) co_return http::error::buffer_overflow;
  error_code ec;
  got = co_await upstream.async_read_some(
      buffer.prepare(beast::read_size(buffer, ResponseBody::kMaxBuffer)), Await(ec));
  buffer.commit(got);
  if (ec == asio::error::eof) {
    ec = {};
    parser.put_eof(ec);
  }
  co_return ec;
}

// Copies the body to the caller as it arrives; returns why it stopped early,
// or "" once the whole body (and the last chunk) has been written.
template <class Upstream>
asio::awaitable<std::string> RelayBody(Upstream& upstream, beast::flat_buffer& buffer,
                                       Parser& parser, Downstream& caller, bool chunked,
                                       UsageMeter* meter, Watchdog& watchdog, uint64_t& bytes_out) {
  ResponseBody body(parser);
  error_code ec;
  size_t got = 0;
  // The header read may have brought body bytes along: decode those first.
  bool need_more = body.Parse(buffer, ec);
  for (;;) {
    // What was decoded before an error still goes out.
    if (body.bytes() > 0) {
      watchdog.Touch();
      error_code wec;
      if (chunked) {
        co_await asio::async_write(caller, http::make_chunk(body.pieces()), Await(wec));
      } else {
        co_await asio::async_write(caller, body.pieces(), Await(wec));
      }
      if (wec) co_return "writing to the caller: " + wec.message();
      bytes_out += body.bytes();
      if (meter != nullptr) {
        for (const auto& piece : body.pieces()) {
          meter->Feed(std::string_view(static_cast<const char*>(piece.data()), piece.size()));
        }
      }
      body.GrowIfFast(buffer, got);
    }
    if (ec || parser.is_done()) break;
    if (need_more) {
      ec = co_await ReadMore(upstream, buffer, parser, got);
      if (ec || parser.is_done()) break;
    }
    need_more = body.Parse(buffer, ec);
  }
  if (ec) {
    co_return watchdog.expired() ? "upstream idle or total timeout"
                                 : "reading the upstream body: " + ec.message();
  }
  if (chunked) {
    co_await asio::async_write(caller, http::make_chunk_last(), Await(ec));
    if (ec) co_return "writing to the caller: " + ec.message();
  }
  co_return std::string();
}

template <class Upstream>
asio::awaitable<RelayResult> Relay(Upstream& upstream, beast::flat_buffer& buffer,
                                   Downstream& caller, const RelayOptions& options,
                                   Watchdog& watchdog) {
  RelayResult result;
  watchdog.Arm(options.idle, options.total, [&upstream, &caller] {
    CloseLowest(upstream);
    error_code ignored;
    caller.close(ignored);
  });
  std::optional<Parser> parser;
  error_code ec = co_await ReadHead(upstream, buffer, parser, options.head_request);
  if (ec) {
    result.error = watchdog.expired() ? "upstream timed out"
                                      : "reading the upstream response: " + ec.message();
    result.upstream_silent =
        !watchdog.expired() && (!parser || !parser->got_some()) && buffer.size() == 0;
    co_return result;
  }
  watchdog.Touch();
  result.status = parser->get().result_int();
  bool keep_alive = false;
  bool chunked = false;
  std::optional<UsageMeter> meter;
  if (options.meter_usage) meter.emplace(parser->get()[http::field::content_type]);
  ec = co_await WriteCallerHead(caller, *parser, options, chunked, keep_alive);
  if (ec) {
    result.error = "writing to the caller: " + ec.message();
    co_return result;
  }
  result.headers_sent = true;
  result.error = co_await RelayBody(upstream, buffer, *parser, caller, chunked,
                                    meter ? &*meter : nullptr, watchdog, result.bytes_out);
  if (!result.error.empty()) co_return result;
  watchdog.Disarm();
  if (meter) {
    meter->Finish();
    result.usage = meter->usage();
    result.model = meter->model();
  }
  result.complete = true;
  result.keep_alive = keep_alive;
  result.upstream_reusable = parser->keep_alive() && !parser->need_eof() && buffer.size() == 0;
  co_return result;
}

}  // namespace

asio::awaitable<RelayResult> RelayResponse(TlsStream& upstream, beast::flat_buffer& buffer,
                                           Downstream& caller, const RelayOptions& options,
                                           Watchdog& watchdog) {
  co_return co_await Relay(upstream, buffer, caller, options, watchdog);
}

asio::awaitable<RelayResult> RelayResponse(TcpSocket& upstream, beast::flat_buffer& buffer,
                                           Downstream& caller, const RelayOptions& options,
                                           Watchdog& watchdog) {
  co_return co_await Relay(upstream, buffer, caller, options, watchdog);
}

}  // namespace llmbox::gate
