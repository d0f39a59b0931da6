// Verified TLS connections to provider upstreams, kept for the next request.
//
// Why: each `llm` call is a new process, so without this every prompt would
// pay a TCP and TLS handshake to the provider (a few round trips over the
// internet) on top of the model's own latency. What it guards against: a
// pooled connection is only ever one that finished a whole response with
// keep-alive, to the same upstream (host, port and the gate's TLS settings
// never change at run time); it is dropped after `ttl` idle, and checked
// before reuse (a peer that closed it, or sent anything unasked, loses it).
// At most `max_idle` connections per upstream are kept. Thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "gate/tls_socket.h"

namespace llmbox::gate {

class UpstreamPool {
 public:
  using Clock = std::chrono::steady_clock;

  UpstreamPool(size_t max_idle, std::chrono::milliseconds ttl) : max_idle_(max_idle), ttl_(ttl) {}

  // A live idle connection to `upstream`, or nullptr.
  std::unique_ptr<TlsSocket> Take(const std::string& upstream, Clock::time_point now);
  void Put(const std::string& upstream, std::unique_ptr<TlsSocket> connection,
           Clock::time_point now);
  size_t idle(const std::string& upstream) const;
  // Closes every idle connection; must run before the io_context they belong to goes away.
  void Clear();

  // Nothing buffered in TLS and nothing (not even end of stream) waiting on the socket.
  static bool LooksIdle(TlsSocket& connection);

 private:
  struct Entry {
    std::unique_ptr<TlsSocket> connection;
    Clock::time_point since;
  };
  size_t max_idle_;
  std::chrono::milliseconds ttl_;
  mutable std::mutex mu_;
  std::map<std::string, std::deque<Entry>> idle_;
};

}  // namespace llmbox::gate
