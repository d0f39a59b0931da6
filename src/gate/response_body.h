// Decodes an upstream response body, read by read, into the pieces the relay
// writes to the caller (response_relay.cc reads the upstream and writes).
//
// The parser is Beast's, run eagerly with put(): every chunk one read brought
// is decoded before anything is written, so a fast stream goes out in one
// write per read and a burst of small SSE events in one write, not one each.
// A chunked body is handed over as views into the input buffer
// (on_chunk_body, no copy). Guards against one thing: those views must stay
// valid until the write. flat_buffer's consume() never moves bytes; only
// prepare() and reserve() can, so the caller writes the pieces before it
// reads again or calls GrowIfFast. Any other body is copied by buffer_body.
// Framing itself (RFC 9112 6 and 7.1) is Beast's.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "gate/asio.h"

namespace llmbox::gate {

class ResponseBody {
 public:
  using Parser = http::response_parser<http::buffer_body>;
  // The input buffer (and the copy) start small and grow to this only while
  // reads fill them: a thousand slow streams stay cheap.
  static constexpr size_t kFirstBuffer = 2048;
  static constexpr size_t kMaxBuffer = 256 * 1024;

  // `parser` has read the response header; it must outlive this object.
  explicit ResponseBody(Parser& parser);
  ResponseBody(const ResponseBody&) = delete;  // Beast holds a reference to on_chunk_
  ResponseBody& operator=(const ResponseBody&) = delete;

  // Decodes what `buffer` holds into pieces(); returns whether the parser
  // needs more input (false once the body is complete, or when the copy is
  // full and must be written out before decoding goes on).
  bool Parse(beast::flat_buffer& buffer, error_code& ec);

  // A read that filled half the input buffer or more means a fast sender:
  // read more per round trip. Slow streams of small events never grow.
  void GrowIfFast(beast::flat_buffer& buffer, size_t last_read);

  const std::vector<asio::const_buffer>& pieces() const { return pieces_; }
  size_t bytes() const { return bytes_; }

 private:
  Parser& parser_;
  bool views_;
  std::function<size_t(std::uint64_t, std::string_view, error_code&)> on_chunk_;
  std::vector<char> copy_;
  std::vector<asio::const_buffer> pieces_;
  size_t bytes_ = 0;
};

}  // namespace llmbox::gate
