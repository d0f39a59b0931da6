// libFuzzer target for the gate's response relay decoding (response_body.h):
// an upstream response, split into reads of sizes the input chooses, goes
// through ResponseBody as the relay drives it, views into the input buffer
// and all.
//
// Checks, beyond "does not crash": the result matches Beast's own parser
// reading the same bytes in one piece. A response that parses whole is
// relayed whole, byte for byte; one that does not is never reported complete.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

#include "gate/asio.h"
#include "gate/response_body_replay.h"

namespace {

using namespace llmbox::gate;

void Require(bool condition) {
  if (!condition) std::abort();
}

// Beast's parser over the whole message at once; the end of the input is
// the end of the stream. The body goes into one buffer as large as the input
// (a body is never larger), so nothing is allocated from a declared length.
bool ParseWhole(std::string_view message, std::string& body) {
  http::response_parser<http::buffer_body> parser;
  parser.header_limit(64 * 1024);
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  parser.eager(true);
  body.assign(message.size(), '\0');
  parser.get().body().data = body.data();
  parser.get().body().size = body.size();
  error_code ec;
  while (!parser.is_done() && !message.empty()) {
    size_t used = parser.put(asio::buffer(message.data(), message.size()), ec);
    message.remove_prefix(used);
    if (ec == http::error::need_more) ec = {};
    if (ec || used == 0) break;
  }
  if (!ec && parser.got_some() && !parser.is_done()) parser.put_eof(ec);
  body.resize(body.size() - parser.get().body().size);
  return !ec && parser.is_done();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  // Two read sizes taken in turns: small ones split everything, large ones
  // (a multiple of 1 KiB) let the buffer grow.
  const size_t first = data[0] < 128 ? data[0] + 1 : (data[0] - 127) * 1024;
  const size_t second = data[1] + 1;
  std::string_view message(reinterpret_cast<const char*>(data + 2), size - 2);

  std::string expected;
  const bool whole = ParseWhole(message, expected);
  Replayed r = ReplayResponse(message, [&](int n) { return n % 2 == 0 ? first : second; });
  if (whole) {
    Require(r.complete);
    Require(r.body == expected);
  } else {
    Require(!r.complete);
  }
  return 0;
}
