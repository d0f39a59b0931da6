// See sse_parser.h for what this guards against and the spec it follows.
#include "llm/sse_parser.h"

#include <utility>

namespace llmbox {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string SizeText(size_t bytes) {
  constexpr size_t kMiB = size_t{1} << 20;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

// Where the next CR or LF is. std::string_view::find_first_of calls memchr on
// the two-byte set once per byte of input, which showed up in profiles.
size_t FindLineEnd(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\n' || bytes[i] == '\r') return i;
  }
  return std::string_view::npos;
}

}  // namespace

Result<void> SseParser::Feed(std::string_view bytes, const SseHandler& on_event) {
  if (failed_) return error_;
  if (!bom_done_) {
    // The spec drops one leading BOM; it may itself arrive split across reads.
    while (!bytes.empty() && bom_seen_ < kBom.size() && bytes[0] == kBom[bom_seen_]) {
      ++bom_seen_;
      bytes.remove_prefix(1);
    }
    if (bom_seen_ == kBom.size()) {
      bom_done_ = true;
    } else if (bytes.empty()) {
      return Ok();  // everything so far could still be the start of a BOM
    } else {
      // Not a BOM after all: the bytes held back are ordinary stream bytes.
      bom_done_ = true;
      if (auto r = FeedBody(kBom.substr(0, bom_seen_), on_event); !r) return r;
    }
  }
  return FeedBody(bytes, on_event);
}

Result<void> SseParser::FeedBody(std::string_view bytes, const SseHandler& on_event) {
  if (pending_cr_ && !bytes.empty()) {
    pending_cr_ = false;
    if (bytes[0] == '\n') bytes.remove_prefix(1);  // second half of a split CRLF
  }
  while (!bytes.empty()) {
    size_t end = FindLineEnd(bytes);
    std::string_view piece = bytes.substr(0, end);
    if (line_.size() + piece.size() > max_bytes_) {
      return Fail("event stream: a line is longer than " + SizeText(max_bytes_));
    }
    if (end == std::string_view::npos) {
      line_.append(piece);
      return Ok();
    }
    Result<void> r;
    if (line_.empty()) {
      r = ProcessLine(piece, on_event);  // common case: the whole line is in this read
    } else {
      line_.append(piece);
      r = ProcessLine(line_, on_event);
      line_.clear();
    }
    const bool cr = bytes[end] == '\r';
    bytes.remove_prefix(end + 1);
    if (cr) {
      if (bytes.empty()) {
        pending_cr_ = true;
      } else if (bytes[0] == '\n') {
        bytes.remove_prefix(1);
      }
    }
    if (!r) return r;
  }
  return Ok();
}

Result<void> SseParser::ProcessLine(std::string_view line, const SseHandler& on_event) {
  if (line.empty()) {
    Dispatch(on_event);
    return Ok();
  }
  if (line[0] == ':') return Ok();  // comment, often a keep-alive
  const size_t colon = line.find(':');
  std::string_view field = line.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    const size_t added = value.size() + (has_data_ ? 1 : 0);
    if (data_.size() + added > max_bytes_) {
      return Fail("event stream: an event is larger than " + SizeText(max_bytes_));
    }
    if (has_data_) data_.push_back('\n');
    data_.append(value);
    has_data_ = true;
  } else if (field == "event") {
    event_type_.assign(value);
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) last_id_.assign(value);
  }
  // `retry` and unknown fields are ignored.
  return Ok();
}

void SseParser::Dispatch(const SseHandler& on_event) {
  if (!has_data_) {
    event_type_.clear();
    return;
  }
  // Swapping buffers with the event handed out keeps both allocations for
  // the next events instead of allocating once per event.
  event_.event.swap(event_type_);
  event_.data.swap(data_);
  event_.id = last_id_;
  event_type_.clear();
  data_.clear();
  has_data_ = false;
  on_event(event_);
}

void SseParser::Finish(const SseHandler& on_event) {
  if (failed_) return;
  if (!bom_done_) {
    bom_done_ = true;
    if (bom_seen_ > 0 && !FeedBody(kBom.substr(0, bom_seen_), on_event)) return;
  }
  pending_cr_ = false;
  if (!line_.empty()) {
    std::string line = std::move(line_);
    line_.clear();
    if (!ProcessLine(line, on_event)) return;
  }
  Dispatch(on_event);
}

Result<void> SseParser::Fail(std::string message) {
  failed_ = true;
  error_ = MakeError(ErrorKind::kParse, std::move(message));
  line_.clear();
  line_.shrink_to_fit();
  data_.clear();
  data_.shrink_to_fit();
  event_type_.clear();
  return error_;
}

}  // namespace llmbox
