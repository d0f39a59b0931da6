#include "gate/tls_socket.h"

#include <openssl/err.h>

#include <cerrno>

namespace llmbox::gate {

TlsSocket::TlsSocket(asio::ip::tcp::socket socket, SSL_CTX* context) : socket_(std::move(socket)) {
  ssl_ = SSL_new(context);
  if (ssl_ == nullptr) return;
  error_code ec;
  socket_.non_blocking(true, ec);
  if (ec || SSL_set_fd(ssl_, static_cast<int>(socket_.native_handle())) != 1) {
    SSL_free(ssl_);
    ssl_ = nullptr;
    return;
  }
  // write_some semantics: report what one record carried; retries reuse pending_write_.
  SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  // Read whole socket buffers rather than one record header at a time: one
  // recv per batch of records instead of two per record.
  SSL_set_read_ahead(ssl_, 1);
}

TlsSocket::~TlsSocket() {
  if (ssl_ != nullptr) SSL_free(ssl_);  // the socket closes itself; no close_notify round trip
}

error_code TlsSocket::Classify(int ret, asio::socket_base::wait_type& wait, bool& retry) {
  retry = false;
  int err = SSL_get_error(ssl_, ret);
  if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
    retry = true;
    wait =
        err == SSL_ERROR_WANT_READ ? asio::socket_base::wait_read : asio::socket_base::wait_write;
    return {};
  }
  if (err == SSL_ERROR_ZERO_RETURN) return asio::error::eof;  // close_notify: a clean end
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (err == SSL_ERROR_SYSCALL || ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
    if (errno != 0 && err == SSL_ERROR_SYSCALL && code == 0) {
      return error_code(errno, asio::error::get_system_category());
    }
    return asio::ssl::error::stream_truncated;
  }
  return error_code(static_cast<int>(code), asio::error::get_ssl_category());
}

bool TlsSocket::Attempt(bool reading, asio::mutable_buffer in, asio::const_buffer out,
                        error_code& result, size_t& transferred,
                        asio::socket_base::wait_type& wait) {
  transferred = 0;
  if (ssl_ == nullptr) {
    result = asio::error::bad_descriptor;
    return true;
  }
  if ((reading && in.size() == 0) || (!reading && out.size() == 0)) {
    result = {};
    return true;
  }
  int ret = 0;
  for (;;) {
    ERR_clear_error();
    errno = 0;
    size_t n = 0;
    ret = reading ? SSL_read_ex(ssl_, static_cast<char*>(in.data()) + transferred,
                                in.size() - transferred, &n)
                  : SSL_write_ex(ssl_, out.data(), out.size(), &n);
    if (ret == 1) transferred += n;
    // One SSL_read returns one record (16 KiB at most); keep reading while
    // records are already here, so a fast stream moves in larger pieces.
    if (ret == 1 && reading && transferred < in.size()) continue;
    break;
  }
  if (ret == 1 || transferred > 0) {
    // What stopped a read after some bytes (a wait, an error) recurs on the next call.
    ERR_clear_error();
    result = {};
    return true;
  }
  bool retry = false;
  result = Classify(ret, wait, retry);
  return !retry;
}

asio::awaitable<error_code> TlsSocket::Handshake() {
  if (ssl_ == nullptr) co_return asio::error::bad_descriptor;
  for (;;) {
    ERR_clear_error();
    errno = 0;
    int ret = SSL_connect(ssl_);
    if (ret == 1) co_return error_code{};
    asio::socket_base::wait_type wait{};
    bool retry = false;
    error_code ec = Classify(ret, wait, retry);
    if (!retry) co_return ec ? ec : asio::ssl::error::stream_truncated;
    co_await socket_.async_wait(wait, Await(ec));
    if (ec) co_return ec;
  }
}

}  // namespace llmbox::gate
