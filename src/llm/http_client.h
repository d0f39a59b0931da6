// One HTTP exchange over libcurl, shaped for model APIs: the request body is
// small and sent at once, a successful answer is streamed to the caller as it
// arrives, and an error answer is captured (bounded) for the error message.
//
// What it guards against:
//  - leaking the API key: every error string goes through Redact() with the
//    caller's secrets; request headers are never put into a message;
//  - trusting the wrong server: TLS verification is always on, the CA bundle
//    path is set explicitly ($SSL_CERT_FILE, else the Debian path, because a
//    scratch image has no OpenSSL default directory), redirects are not
//    followed and only http/https are allowed;
//  - mistaking a cut-off answer for a complete one: a transfer that breaks
//    after a 2xx status is an error, never a short success;
//  - unbounded memory on error bodies (capped at 64 KiB).
// Proxies come from the standard environment (http_proxy (lower case only,
// as libcurl guards against "httpoxy"), https_proxy,
// HTTPS_PROXY, all_proxy, ALL_PROXY, no_proxy), which libcurl reads itself;
// over a Unix socket no proxy applies, since the socket is the destination.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace llmbox {

struct HttpRequest {
  std::string method = "POST";  // or GET, HEAD (no body read), DELETE, ...
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string unix_socket;  // if set, connect to this socket instead of the URL's host
  // With no network of its own (the container), reach the URL's host through
  // llm-gate's forward proxy on this Unix socket: an HTTP CONNECT tunnel
  // (with gate_proxy_token as the caller token), inside which TLS runs end to
  // end. Not together with unix_socket.
  std::string gate_proxy_socket;
  std::string gate_proxy_token;
  long connect_timeout_s = 30;
  long low_speed_timeout_s = 300;  // abort when under 1 byte/s for this long
  // If set, the transfer stops soon after it becomes true (a Ctrl-C): checked
  // on every read and by libcurl's progress callback, which runs at least
  // once a second and after a signal interrupts its wait.
  const std::atomic<bool>* cancel = nullptr;
};

inline constexpr size_t kMaxErrorBodyBytes = size_t{64} << 10;

struct HttpResponse {
  long status = 0;
  std::string content_type;
  std::string content_encoding;
  std::string error_body;  // body of a non-2xx reply, capped at 64 KiB, redacted
  // A redirect's target (never followed here): the Location header resolved
  // against the request URL by libcurl, or as sent when libcurl cannot
  // resolve it; empty without a Location header.
  std::string redirect_url;
};

// Receives a 2xx body as it arrives (already decompressed); return false to abort.
using BodySink = std::function<bool(std::string_view chunk)>;

// Errors: kNetwork when no complete answer arrived (cannot connect, TLS,
// timeouts, a stream cut after a 2xx, or the sink aborting), kCancelled when
// request.cancel stopped it (message "interrupted"), kConfig for a request
// that cannot be sent (a header with a line break). A non-2xx status
// is not an error here: it is returned with error_body for the caller to read.
Result<HttpResponse> HttpSend(const HttpRequest& request, const BodySink& sink,
                              const std::vector<std::string>& secrets);

}  // namespace llmbox
