#include "gate/upstream_tls.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <filesystem>

namespace llmbox::gate {
namespace {

Result<void> SetPeer(TlsStream& stream, const HostName& host) {
  SSL* ssl = stream.native_handle();
  if (host.kind == HostKind::kName) {
    if (SSL_set_tlsext_host_name(ssl, host.text.c_str()) != 1 ||
        SSL_set1_host(ssl, host.text.c_str()) != 1) {
      return MakeError(ErrorKind::kInternal, "cannot set TLS peer name");
    }
    // Wildcards may cover one whole label only (RFC 6125 6.4.3).
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    return Ok();
  }
  if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.text.c_str()) != 1) {
    return MakeError(ErrorKind::kInternal, "cannot set TLS peer address");
  }
  return Ok();
}

}  // namespace

Result<void> ConfigureUpstreamTls(asio::ssl::context& context, const GateConfig& config) {
  SSL_CTX* ctx = context.native_handle();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  // Idle streams give their record buffers back: many long SSE streams stay cheap.
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  // With read-ahead (tls_socket.cc), one recv fills this buffer: a fast stream
  // arrives in up to four records per system call instead of one.
  SSL_CTX_set_default_read_buffer_len(ctx, 4 * SSL3_RT_MAX_PLAIN_LENGTH);
  context.set_verify_mode(asio::ssl::verify_peer);
  bool loaded = false;
  error_code ec;
  if (!config.ca_file.empty() && std::filesystem::exists(config.ca_file)) {
    context.load_verify_file(config.ca_file, ec);
    if (ec)
      return MakeError(ErrorKind::kConfig, "tls.ca_file " + config.ca_file + ": " + ec.message());
    loaded = true;
  }
  if (!config.extra_ca_file.empty()) {
    context.load_verify_file(config.extra_ca_file, ec);
    if (ec) {
      return MakeError(ErrorKind::kConfig,
                       "tls.extra_ca_file " + config.extra_ca_file + ": " + ec.message());
    }
    loaded = true;
  }
  if (!loaded) {
    return MakeError(ErrorKind::kConfig, "no CA certificates: " + config.ca_file +
                                             " does not exist and tls.extra_ca_file is not set");
  }
  return Ok();
}

asio::awaitable<std::variant<std::unique_ptr<TlsStream>, Refusal>> StartTls(
    asio::ssl::context& context, asio::ip::tcp::socket socket, const HostName& host, Millis timeout,
    Watchdog& watchdog) {
  auto stream = std::make_unique<TlsStream>(std::move(socket), context.native_handle());
  if (!stream->valid()) co_return Fail(502, "upstream-tls", "cannot start TLS");
  if (auto set = SetPeer(*stream, host); !set.ok()) {
    co_return Fail(502, "upstream-tls", set.error().message);
  }
  TlsStream* raw = stream.get();
  watchdog.Arm(timeout, timeout, [raw] {
    error_code ignored;
    raw->lowest_layer().close(ignored);
  });
  error_code ec = co_await stream->Handshake();
  bool timed_out = watchdog.expired();
  watchdog.Disarm();
  if (timed_out)
    co_return Fail(504, "upstream-timeout", "TLS handshake with " + host.text + " timed out");
  if (ec) {
    co_return Fail(502, "upstream-tls", "TLS with " + host.text + " failed: " + ec.message(),
                   "The upstream's certificate must be trusted (tls.ca_file, tls.extra_ca_file) "
                   "and name the host.");
  }
  co_return std::move(stream);
}

}  // namespace llmbox::gate
