// For the unit tests and the fuzz target: replays a recorded upstream
// response through ResponseBody the way the relay does (header first, then
// decode, "write" the pieces, grow, read again), with reads of at most a
// given size, so every way a body can be split across reads is reachable.
#pragma once

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <string_view>

#include "gate/response_body.h"

namespace llmbox::gate {

struct Replayed {
  std::string body;  // what the relay would have written, in order
  error_code error;
  bool complete = false;
  int writes = 0;              // rounds that wrote something
  size_t buffer_capacity = 0;  // the input buffer's size at the end
};

// `read_size(n)` says how many bytes the n-th read may take (at least 1).
inline Replayed ReplayResponse(std::string_view message,
                               const std::function<size_t(int)>& read_size) {
  Replayed out;
  ResponseBody::Parser parser;
  parser.header_limit(64 * 1024);  // as the relay sets them
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  beast::flat_buffer buffer;
  size_t at = 0;
  int reads = 0;
  auto read = [&] {
    size_t room = beast::read_size(buffer, ResponseBody::kMaxBuffer);
    size_t n = std::min({std::max<size_t>(read_size(reads++), 1), room, message.size() - at});
    std::memcpy(buffer.prepare(n).data(), message.data() + at, n);
    buffer.commit(n);
    at += n;
    return n;
  };
  error_code ec;
  while (!parser.is_header_done()) {
    if (at == message.size()) {
      out.error = http::error::partial_message;
      return out;
    }
    read();
    buffer.consume(parser.put(buffer.data(), ec));
    if (ec == http::error::need_more) ec = {};
    if (ec) {
      out.error = ec;
      return out;
    }
  }
  ResponseBody body(parser);
  size_t got = 0;
  bool need_more = body.Parse(buffer, ec);
  for (;;) {
    for (const auto& piece : body.pieces()) {
      out.body.append(static_cast<const char*>(piece.data()), piece.size());
    }
    if (body.bytes() > 0) {
      ++out.writes;
      body.GrowIfFast(buffer, got);
    }
    if (ec || parser.is_done()) break;
    if (need_more) {
      if (at == message.size()) {
        parser.put_eof(ec);
        break;
      }
      got = read();
    }
    need_more = body.Parse(buffer, ec);
  }
  out.error = ec;
  out.complete = !ec && parser.is_done();
  out.buffer_capacity = buffer.capacity();
  return out;
}

}  // namespace llmbox::gate
