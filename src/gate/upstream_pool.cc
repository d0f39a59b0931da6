#include "gate/upstream_pool.h"

#include <sys/socket.h>

#include <cerrno>

namespace llmbox::gate {

bool UpstreamPool::LooksIdle(TlsSocket& connection) {
  if (!connection.valid() || !connection.lowest_layer().is_open()) return false;
  if (SSL_pending(connection.native_handle()) > 0) return false;
  char byte;
  ssize_t n = ::recv(connection.lowest_layer().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

std::unique_ptr<TlsSocket> UpstreamPool::Take(const std::string& upstream, Clock::time_point now) {
  std::unique_ptr<TlsSocket> found;
  std::deque<Entry> stale;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = idle_.find(upstream);
    if (it == idle_.end()) return nullptr;
    auto& entries = it->second;
    // Newest first: the most recently used connection is the least likely to be closed.
    while (!entries.empty() && !found) {
      Entry entry = std::move(entries.back());
      entries.pop_back();
      if (now - entry.since <= ttl_ && LooksIdle(*entry.connection)) {
        found = std::move(entry.connection);
      } else {
        stale.push_back(std::move(entry));
      }
    }
  }
  return found;  // `stale` closes its connections outside the lock
}

void UpstreamPool::Put(const std::string& upstream, std::unique_ptr<TlsSocket> connection,
                       Clock::time_point now) {
  if (!connection) return;
  std::deque<Entry> dropped;
  std::lock_guard<std::mutex> lock(mu_);
  auto& entries = idle_[upstream];
  while (!entries.empty() && now - entries.front().since > ttl_) {
    dropped.push_back(std::move(entries.front()));
    entries.pop_front();
  }
  if (entries.size() >= max_idle_) {
    dropped.push_back(std::move(entries.front()));
    entries.pop_front();
  }
  entries.push_back(Entry{std::move(connection), now});
}

void UpstreamPool::Clear() {
  std::map<std::string, std::deque<Entry>> dropped;
  std::lock_guard<std::mutex> lock(mu_);
  dropped.swap(idle_);
}

size_t UpstreamPool::idle(const std::string& upstream) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = idle_.find(upstream);
  return it == idle_.end() ? 0 : it->second.size();
}

}  // namespace llmbox::gate
