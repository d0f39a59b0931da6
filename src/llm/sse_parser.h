// Server-sent events (text/event-stream) decoder for streamed model answers.
//
// The bytes come from a remote server, so the parser trusts nothing: lines may
// end in LF, CR or CRLF and may be split anywhere across reads (a CR ending one
// read and an LF starting the next are one line end), and a server that never
// sends a line end must not make us buffer without bound: a single line or an
// event larger than the limit (16 MiB by default) is a kParse error.
//
// Spec: WHATWG HTML, "Server-sent events", section 9.2.6 "Interpreting an
// event stream" (https://html.spec.whatwg.org/multipage/server-sent-events.html).
// Followed as written except in two places that do not apply to a one-shot
// HTTP response: `retry:` is ignored (we never reconnect), and Finish() flushes
// a last event that lacks its closing blank line instead of discarding it, so
// a server that omits it still gets its final event delivered.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace llmbox {

struct SseEvent {
  std::string event;  // the `event:` field; empty when the server sent none ("message")
  std::string data;   // `data:` lines joined with "\n"
  std::string id;     // the last `id:` seen in the stream so far
};

using SseHandler = std::function<void(const SseEvent&)>;

inline constexpr size_t kSseDefaultMaxBytes = size_t{16} << 20;

class SseParser {
 public:
  // `max_bytes` bounds one line and one event's data; tests and fuzzers pass less.
  explicit SseParser(size_t max_bytes = kSseDefaultMaxBytes) : max_bytes_(max_bytes) {}

  // Decodes `bytes` and calls `on_event` for each complete event. After an
  // error the parser stays failed and returns the same error.
  Result<void> Feed(std::string_view bytes, const SseHandler& on_event);

  // End of stream: treats a pending partial line as complete and dispatches a
  // pending event that had no closing blank line.
  void Finish(const SseHandler& on_event);

  // Bytes currently held (partial line plus the event being built).
  size_t buffered() const { return line_.size() + data_.size() + event_type_.size(); }

 private:
  Result<void> FeedBody(std::string_view bytes, const SseHandler& on_event);
  Result<void> ProcessLine(std::string_view line, const SseHandler& on_event);
  void Dispatch(const SseHandler& on_event);
  Result<void> Fail(std::string message);

  size_t max_bytes_;
  std::string line_;         // a line whose end has not arrived yet
  std::string data_;         // data buffer of the event being built
  std::string event_type_;   // event type buffer
  std::string last_id_;      // last event ID buffer (persists across events)
  bool has_data_ = false;    // a data: line was seen for the current event
  bool pending_cr_ = false;  // the previous read ended in CR: skip one leading LF
  size_t bom_seen_ = 0;      // bytes of a leading UTF-8 BOM matched so far
  bool bom_done_ = false;    // the start of the stream has been checked for a BOM
  bool failed_ = false;
  Error error_;
  SseEvent event_;  // the event handed to the handler, reused
};

}  // namespace llmbox
