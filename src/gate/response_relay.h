// Relays an upstream HTTP response to the caller as it arrives.
//
// Guards against two things. Buffering: a streamed (SSE) answer must reach
// the caller event by event, so each read from the upstream is written to the
// caller before the next read (the relay reads the upstream itself and feeds
// Beast's parser, never a whole-body read; decoding: response_body.h); the
// input buffer starts small and grows (to 256 KiB) only while reads fill it,
// so a thousand slow streams stay cheap and a bulk download moves in few,
// large writes.
// Framing confusion: the upstream's framing is decoded by Beast's parser and
// re-encoded for the caller (same Content-Length, else chunked for HTTP/1.1,
// else close-delimited); hop-by-hop headers stop here (RFC 9110 7.6.1,
// RFC 9112 6 and 7.1). Informational (1xx) upstream responses are dropped.
#pragma once

#include <cstdint>
#include <string>

#include "gate/asio.h"
#include "gate/gate_config.h"
#include "gate/upstream_dialer.h"
#include "gate/upstream_tls.h"
#include "gate/usage_meter.h"
#include "gate/watchdog.h"

namespace llmbox::gate {

struct RelayOptions {
  unsigned client_version = 11;
  bool head_request = false;
  bool client_keep_alive = true;
  bool meter_usage = false;
  Millis idle{300'000};
  Millis total{3'600'000};
};

struct RelayResult {
  unsigned status = 0;
  uint64_t bytes_out = 0;        // body bytes written to the caller
  bool headers_sent = false;     // false: nothing reached the caller; it can still get a 502
  bool complete = false;         // the whole body was relayed
  bool keep_alive = false;       // the caller's connection can carry another request
  bool upstream_silent = false;  // the upstream sent nothing before failing (safe to retry)
  bool upstream_reusable =
      false;          // complete, keep-alive, nothing left over: may go back to the pool
  std::string error;  // why the relay stopped early, for the audit log
  TokenUsage usage;
  std::string model;
};

asio::awaitable<RelayResult> RelayResponse(TlsStream& upstream, beast::flat_buffer& buffer,
                                           Downstream& caller, const RelayOptions& options,
                                           Watchdog& watchdog);

asio::awaitable<RelayResult> RelayResponse(TcpSocket& upstream, beast::flat_buffer& buffer,
                                           Downstream& caller, const RelayOptions& options,
                                           Watchdog& watchdog);

}  // namespace llmbox::gate
