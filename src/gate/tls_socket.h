// A TLS client connection that lets OpenSSL read and write the socket itself,
// with Asio only waiting for readiness (SSL_set_fd plus async_wait).
//
// Why not asio::ssl::stream: it keeps two 17 KiB buffers per connection for
// its whole life, and a gate holding a thousand slow SSE streams would spend
// most of its memory on them. Here an idle connection holds only OpenSSL's
// state, whose record buffers are released between reads
// (SSL_MODE_RELEASE_BUFFERS, set in upstream_tls.cc). Meets Beast's
// AsyncReadStream and AsyncWriteStream requirements. Completion is never
// invoked from inside the initiating call (it is posted), so Beast's loops
// cannot recurse without bound when OpenSSL already holds decrypted bytes.
// An EOF without TLS close_notify is reported as stream_truncated, not eof, so
// a cut connection is never mistaken for the end of a body.
#pragma once

#include <openssl/ssl.h>

#include <string>

#include "gate/asio.h"

namespace llmbox::gate {

class TlsSocket {
 public:
  using executor_type = asio::any_io_executor;

  TlsSocket(asio::ip::tcp::socket socket, SSL_CTX* context);
  ~TlsSocket();
  TlsSocket(const TlsSocket&) = delete;
  TlsSocket& operator=(const TlsSocket&) = delete;

  executor_type get_executor() { return socket_.get_executor(); }
  asio::ip::tcp::socket& lowest_layer() { return socket_; }
  SSL* native_handle() { return ssl_; }
  bool valid() const { return ssl_ != nullptr; }

  asio::awaitable<error_code> Handshake();

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return asio::async_compose<Token, void(error_code, size_t)>(
        Op(this, FirstBuffer(buffers), {}, true), token, socket_);
  }

  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    // Gather into one record: a chunk header, its data and CRLF become one
    // TLS record instead of three.
    pending_write_.resize(std::min(asio::buffer_size(buffers), kMaxRecord));
    asio::buffer_copy(asio::buffer(pending_write_), buffers);
    return asio::async_compose<Token, void(error_code, size_t)>(
        Op(this, {}, asio::buffer(pending_write_), false), token, socket_);
  }

 private:
  static constexpr size_t kMaxRecord = 16 * 1024;

  template <class MutableBuffers>
  static asio::mutable_buffer FirstBuffer(const MutableBuffers& buffers) {
    for (auto it = asio::buffer_sequence_begin(buffers); it != asio::buffer_sequence_end(buffers);
         ++it) {
      if (asio::mutable_buffer(*it).size() > 0) return *it;
    }
    return {};
  }

  // One SSL_read_ex or SSL_write_ex; waits for the socket when OpenSSL wants it.
  struct Op {
    Op(TlsSocket* t, asio::mutable_buffer in, asio::const_buffer out, bool r)
        : tls(t), read_into(in), write_from(out), reading(r) {}
    TlsSocket* tls;
    asio::mutable_buffer read_into;
    asio::const_buffer write_from;
    bool reading;
    bool started = false;
    bool finished = false;
    error_code result;
    size_t transferred = 0;

    template <class Self>
    void operator()(Self& self, error_code ec = {}) {
      if (finished) return self.complete(result, transferred);
      if (ec) return self.complete(ec, 0);
      asio::socket_base::wait_type wait{};
      if (!tls->Attempt(reading, read_into, write_from, result, transferred, wait)) {
        started = true;
        return tls->socket_.async_wait(wait, std::move(self));
      }
      if (started) return self.complete(result, transferred);
      finished = true;
      started = true;
      asio::post(tls->socket_.get_executor(), std::move(self));
    }
  };

  // Returns false when OpenSSL must wait for the socket (`wait` says for what).
  bool Attempt(bool reading, asio::mutable_buffer in, asio::const_buffer out, error_code& result,
               size_t& transferred, asio::socket_base::wait_type& wait);
  error_code Classify(int ret, asio::socket_base::wait_type& wait, bool& retry);

  asio::ip::tcp::socket socket_;
  SSL* ssl_ = nullptr;
  std::string pending_write_;
};

}  // namespace llmbox::gate
