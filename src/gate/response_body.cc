#include "gate/response_body.h"

#include <algorithm>

namespace llmbox::gate {

ResponseBody::ResponseBody(Parser& parser) : parser_(parser), views_(parser.chunked()) {
  parser.eager(true);
  if (views_) {
    on_chunk_ = [this](std::uint64_t, std::string_view body, error_code&) {
      pieces_.emplace_back(body.data(), body.size());
      bytes_ += body.size();
      return body.size();
    };
    parser.on_chunk_body(on_chunk_);
  } else {
    copy_.resize(kFirstBuffer);
  }
}

bool ResponseBody::Parse(beast::flat_buffer& buffer, error_code& ec) {
  pieces_.clear();
  bytes_ = 0;
  if (!views_) {
    parser_.get().body().data = copy_.data();
    parser_.get().body().size = copy_.size();
  }
  bool need_more = buffer.size() == 0;
  while (buffer.size() > 0 && !parser_.is_done()) {
    size_t used = parser_.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == http::error::need_buffer) {  // the copy is full: write it out first
      ec = {};
      break;
    }
    if (ec == http::error::need_more || (!ec && used == 0)) {
      ec = {};
      need_more = true;
    }
    if (ec || need_more) break;
  }
  if (!views_) {
    bytes_ = copy_.size() - parser_.get().body().size;
    if (bytes_ > 0) pieces_.emplace_back(copy_.data(), bytes_);
  }
  return need_more && !parser_.is_done();
}

void ResponseBody::GrowIfFast(beast::flat_buffer& buffer, size_t last_read) {
  size_t room = buffer.capacity();
  if (room >= kMaxBuffer || last_read * 2 < room) return;
  size_t grown = std::min(room * 4, kMaxBuffer);
  if (!views_) copy_.resize(grown);
  buffer.reserve(grown);
}

}  // namespace llmbox::gate
