// See http_client.h for what this guards against. libcurl reference:
// https://curl.se/libcurl/c/curl_easy_setopt.html
#include "llm/http_client.h"

#include <curl/curl.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>
#include <system_error>

#include "common/redact.h"

namespace llmbox {
namespace {

constexpr const char* kDefaultCaFile = "/etc/ssl/certs/ca-certificates.crt";

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlPtr = std::unique_ptr<CURL, CurlDeleter>;
using SlistPtr = std::unique_ptr<curl_slist, CurlDeleter>;

// curl_global_init is not thread-safe and must run once before any handle.
CURLcode GlobalInit() {
  static std::once_flag once;
  static CURLcode rc = CURLE_OK;
  std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return rc;
}

// Per-transfer state shared with libcurl's callbacks.
struct Transfer {
  CURL* curl = nullptr;
  const BodySink* sink = nullptr;
  const std::atomic<bool>* cancel = nullptr;
  HttpResponse response;
  bool status_known = false;
  bool sink_stopped = false;
  bool error_body_full = false;
  std::string gate_socket;   // see HttpRequest::gate_proxy_socket
  std::string gate_refusal;  // the gate's reason for refusing a CONNECT
  bool cancelled = false;
};

bool CancelRequested(Transfer* t) {
  if (t->cancel != nullptr && t->cancel->load(std::memory_order_relaxed)) t->cancelled = true;
  return t->cancelled;
}

// libcurl's progress callback: a non-zero return aborts the transfer.
int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return CancelRequested(static_cast<Transfer*>(user)) ? 1 : 0;
}

// The gate's forward proxy is reached over its Unix socket, which libcurl
// cannot do for a proxy itself: it dials a placeholder proxy address, and
// this socket callback swaps in a Unix socket and the gate's path (libcurl
// documents that the callback may change the address). libcurl then runs
// its own CONNECT exchange and TLS as with any HTTP proxy.
curl_socket_t OpenGateSocket(void* user, curlsocktype, curl_sockaddr* address) {
  const auto* t = static_cast<const Transfer*>(user);
  sockaddr_un un{};
  if (t->gate_socket.size() >= sizeof(un.sun_path)) return CURL_SOCKET_BAD;
  un.sun_family = AF_UNIX;
  std::memcpy(un.sun_path, t->gate_socket.data(), t->gate_socket.size());
  address->family = AF_UNIX;
  address->protocol = 0;
  address->addrlen = sizeof(un);
  std::memcpy(&address->addr, &un, sizeof(un));
  return socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
}

bool IsSuccess(long status) { return status >= 200 && status <= 299; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

size_t OnHeader(char* buffer, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t total = size * count;
  std::string_view line(buffer, total);
  if (line.substr(0, 5) == "HTTP/") {
    // A new header block (after a 1xx, or a proxy's CONNECT reply) replaces the last.
    t->response.content_type.clear();
    t->response.content_encoding.clear();
    t->response.redirect_url.clear();
    return total;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return total;
  std::string_view name = line.substr(0, colon);
  std::string_view value = Trim(line.substr(colon + 1));
  if (EqualsNoCase(name, "content-type")) t->response.content_type.assign(value);
  if (EqualsNoCase(name, "content-encoding")) t->response.content_encoding.assign(value);
  if (EqualsNoCase(name, "location")) t->response.redirect_url.assign(value.substr(0, 8192));
  if (EqualsNoCase(name, "x-llmbox-refused") || EqualsNoCase(name, "x-llmbox-error")) {
    t->gate_refusal.assign(value.substr(0, 200));
  }
  return total;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t total = size * count;
  if (!t->status_known) {
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &t->response.status);
    t->status_known = true;
  }
  if (CancelRequested(t)) return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
  std::string_view chunk(data, total);
  if (IsSuccess(t->response.status)) {
    bool keep_going = false;
    try {  // an exception must not unwind through libcurl's C frames
      keep_going = (*t->sink)(chunk);
    } catch (...) {
      keep_going = false;
    }
    if (!keep_going) {
      t->sink_stopped = true;
      return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
    }
    return total;
  }
  std::string& body = t->response.error_body;
  body.append(chunk.substr(0, kMaxErrorBodyBytes - body.size()));
  if (body.size() >= kMaxErrorBodyBytes) {
    t->error_body_full = true;  // enough to explain the error: stop reading
    return 0;
  }
  return total;
}

bool HasLineBreak(std::string_view s) { return s.find_first_of("\r\n", 0) != s.npos; }

Result<SlistPtr> BuildHeaders(const HttpRequest& request) {
  curl_slist* list = nullptr;
  bool has_expect = false;
  for (const auto& [name, value] : request.headers) {
    if (name.empty() || HasLineBreak(name) || HasLineBreak(value) ||
        name.find(':') != std::string::npos || name.find('\0') != std::string::npos ||
        value.find('\0') != std::string::npos) {
      curl_slist_free_all(list);
      return MakeError(ErrorKind::kConfig, "HTTP header '" + Redact(name) +
                                               "' has a name or value that cannot be sent");
    }
    if (EqualsNoCase(name, "expect")) has_expect = true;
    // "Name;" is libcurl's spelling of a header with an empty value.
    std::string line = value.empty() ? name + ";" : name + ": " + value;
    list = curl_slist_append(list, line.c_str());
  }
  // No "Expect: 100-continue" round trip: servers and gateways answer at once.
  if (!has_expect) list = curl_slist_append(list, "Expect:");
  return SlistPtr(list);
}

std::string CaFile() {
  const char* env = std::getenv("SSL_CERT_FILE");
  return env != nullptr && *env != '\0' ? env : kDefaultCaFile;
}

template <typename T>
void Set(CURL* curl, CURLoption option, T value, CURLcode& rc) {
  if (rc == CURLE_OK) rc = curl_easy_setopt(curl, option, value);
}

CURLcode SetMethodAndBody(CURL* curl, const HttpRequest& request) {
  CURLcode rc = CURLE_OK;
  if (request.method == "GET" && request.body.empty()) {
    Set(curl, CURLOPT_HTTPGET, 1L, rc);
    return rc;
  }
  if (request.method == "HEAD") {  // headers only: libcurl must not wait for a body
    Set(curl, CURLOPT_NOBODY, 1L, rc);
    return rc;
  }
  if (request.method != "POST") Set(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str(), rc);
  Set(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()), rc);
  Set(curl, CURLOPT_POSTFIELDS, request.body.data(), rc);
  return rc;
}

CURLcode SetOptions(CURL* curl, const HttpRequest& request, const std::string& ca_file,
                    curl_slist* headers, char* error_buffer, Transfer* transfer) {
  CURLcode rc = SetMethodAndBody(curl, request);
  Set(curl, CURLOPT_URL, request.url.c_str(), rc);
  Set(curl, CURLOPT_PROTOCOLS_STR, "http,https", rc);
  Set(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https", rc);
  Set(curl, CURLOPT_FOLLOWLOCATION, 0L, rc);
  Set(curl, CURLOPT_NOSIGNAL, 1L, rc);
  Set(curl, CURLOPT_SSL_VERIFYPEER, 1L, rc);
  Set(curl, CURLOPT_SSL_VERIFYHOST, 2L, rc);
  Set(curl, CURLOPT_PROXY_SSL_VERIFYPEER, 1L, rc);
  Set(curl, CURLOPT_PROXY_SSL_VERIFYHOST, 2L, rc);
  Set(curl, CURLOPT_CAINFO, ca_file.c_str(), rc);
  Set(curl, CURLOPT_PROXY_CAINFO, ca_file.c_str(), rc);
  Set(curl, CURLOPT_ACCEPT_ENCODING, "", rc);  // every encoding this libcurl can decode
  Set(curl, CURLOPT_CONNECTTIMEOUT, request.connect_timeout_s, rc);
  Set(curl, CURLOPT_LOW_SPEED_LIMIT, 1L, rc);
  Set(curl, CURLOPT_LOW_SPEED_TIME, request.low_speed_timeout_s, rc);
  Set(curl, CURLOPT_TCP_KEEPALIVE, 1L, rc);
  Set(curl, CURLOPT_USERAGENT, "llmbox/" LLMBOX_VERSION, rc);
  Set(curl, CURLOPT_HTTPHEADER, headers, rc);
  Set(curl, CURLOPT_ERRORBUFFER, error_buffer, rc);
  Set(curl, CURLOPT_HEADERFUNCTION, &OnHeader, rc);
  Set(curl, CURLOPT_HEADERDATA, transfer, rc);
  Set(curl, CURLOPT_WRITEFUNCTION, &OnBody, rc);
  Set(curl, CURLOPT_WRITEDATA, transfer, rc);
  if (request.cancel != nullptr) {
    Set(curl, CURLOPT_XFERINFOFUNCTION, &OnProgress, rc);
    Set(curl, CURLOPT_XFERINFODATA, transfer, rc);
    Set(curl, CURLOPT_NOPROGRESS, 0L, rc);
  }
  if (!request.unix_socket.empty()) {
    Set(curl, CURLOPT_UNIX_SOCKET_PATH, request.unix_socket.c_str(), rc);
    Set(curl, CURLOPT_NOPROXY, "*", rc);
  } else if (!request.gate_proxy_socket.empty()) {
    // The placeholder name resolves without DNS (there is none without a
    // network); OpenGateSocket replaces the address anyway.
    Set(curl, CURLOPT_PROXY, "http://llm-gate:80", rc);
    Set(curl, CURLOPT_NOPROXY, "", rc);
    Set(curl, CURLOPT_HTTPPROXYTUNNEL, 1L, rc);
    Set(curl, CURLOPT_HEADEROPT, CURLHEADER_SEPARATE, rc);
    Set(curl, CURLOPT_OPENSOCKETFUNCTION, &OpenGateSocket, rc);
    Set(curl, CURLOPT_OPENSOCKETDATA, transfer, rc);
  }
  return rc;
}

// The Proxy-Authorization and placeholder-name lists a gate tunnel needs.
struct GateLists {
  SlistPtr proxy_headers;
  SlistPtr resolve;
};

CURLcode SetGateLists(CURL* curl, const HttpRequest& request, GateLists& lists) {
  CURLcode rc = CURLE_OK;
  if (request.gate_proxy_socket.empty() || !request.unix_socket.empty()) return rc;
  lists.resolve.reset(curl_slist_append(nullptr, "llm-gate:80:127.0.0.1"));
  Set(curl, CURLOPT_RESOLVE, lists.resolve.get(), rc);
  if (!request.gate_proxy_token.empty()) {
    const std::string line = "Proxy-Authorization: Bearer " + request.gate_proxy_token;
    lists.proxy_headers.reset(curl_slist_append(nullptr, line.c_str()));
    Set(curl, CURLOPT_PROXYHEADER, lists.proxy_headers.get(), rc);
  }
  return rc;
}

// Where the request went, for messages: the URL, plus the socket if one was used.
std::string Target(const HttpRequest& request) {
  if (!request.unix_socket.empty()) {
    return request.url + " (via Unix socket " + request.unix_socket + ")";
  }
  if (!request.gate_proxy_socket.empty()) {
    return request.url + " (via llm-gate's proxy at " + request.gate_proxy_socket + ")";
  }
  return request.url;
}

bool IsConnectPhase(CURLcode rc) {
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return true;
    default:
      return false;
  }
}

std::string UrlHost(const std::string& url) {
  std::string host;
  CURLU* parsed = curl_url();
  char* part = nullptr;
  if (parsed != nullptr && curl_url_set(parsed, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      curl_url_get(parsed, CURLUPART_HOST, &part, 0) == CURLUE_OK) {
    host = part;
  }
  curl_free(part);
  curl_url_cleanup(parsed);
  return host;
}

// The most specific reason available: the OS error for a refused or
// unreachable connection ("Connection refused"), else libcurl's own text.
std::string Reason(CURL* curl, CURLcode rc, const char* error_buffer, const std::string& url) {
  std::string detail = *error_buffer != '\0' ? error_buffer : curl_easy_strerror(rc);
  long os_errno = 0;
  curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
  if (rc != CURLE_COULDNT_CONNECT || os_errno == 0) return detail;
  std::string reason =
      std::error_code(static_cast<int>(os_errno), std::generic_category()).message();
  // libcurl's text names the host it dialled; when that is not the URL's host
  // it was a proxy, and the user needs to know which one failed.
  const std::string host = UrlHost(url);
  if (*error_buffer != '\0' && !host.empty() && detail.find(host) == std::string::npos) {
    reason += " (" + detail + ")";
  }
  return reason;
}

Error TransferError(CURL* curl, CURLcode rc, const char* error_buffer, const Transfer& t,
                    const HttpRequest& request, const std::vector<std::string>& secrets) {
  const std::string target = Target(request);
  if (t.cancelled) return MakeError(ErrorKind::kCancelled, "interrupted");
  std::string message;
  long connect_code = 0;
  curl_easy_getinfo(curl, CURLINFO_HTTP_CONNECTCODE, &connect_code);
  if (!request.gate_proxy_socket.empty() && connect_code != 0 && connect_code != 200) {
    std::string host = UrlHost(request.url);
    message = "llm-gate refused a connection to " + host + " (status " +
              std::to_string(connect_code) + (t.gate_refusal.empty() ? "" : ": " + t.gate_refusal) +
              "); to allow it, add " + host + " to allow_hosts (and its port to allow_ports) " +
              "in the gate's config";
    return MakeError(ErrorKind::kNetwork, Redact(message, secrets));
  }
  if (t.sink_stopped) {
    message = target + ": the reader stopped the transfer";
  } else if (IsSuccess(t.response.status)) {
    message = target + ": connection closed before the answer was complete (" +
              Reason(curl, rc, error_buffer, request.url) + ")";
  } else if (IsConnectPhase(rc) || (rc == CURLE_OPERATION_TIMEDOUT && t.response.status == 0)) {
    message = "cannot connect to " + target + ": " + Reason(curl, rc, error_buffer, request.url);
  } else {
    message = "no answer from " + target + ": " + Reason(curl, rc, error_buffer, request.url);
  }
  return MakeError(ErrorKind::kNetwork, Redact(message, secrets));
}

}  // namespace

Result<HttpResponse> HttpSend(const HttpRequest& request, const BodySink& sink,
                              const std::vector<std::string>& caller_secrets) {
  std::vector<std::string> secrets = caller_secrets;
  if (!request.gate_proxy_token.empty()) secrets.push_back(request.gate_proxy_token);
  if (CURLcode rc = GlobalInit(); rc != CURLE_OK) {
    return MakeError(ErrorKind::kNetwork,
                     std::string("cannot initialise libcurl: ") + curl_easy_strerror(rc));
  }
  CurlPtr curl(curl_easy_init());
  if (!curl) return MakeError(ErrorKind::kNetwork, "cannot initialise libcurl");
  auto headers = BuildHeaders(request);
  if (!headers.ok()) return headers.error();

  Transfer transfer;
  transfer.curl = curl.get();
  transfer.sink = &sink;
  transfer.gate_socket = request.gate_proxy_socket;
  transfer.cancel = request.cancel;
  GateLists gate_lists;
  char error_buffer[CURL_ERROR_SIZE] = {};
  const std::string ca_file = CaFile();
  if (CURLcode rc =
          SetOptions(curl.get(), request, ca_file, headers->get(), error_buffer, &transfer);
      rc != CURLE_OK || (rc = SetGateLists(curl.get(), request, gate_lists)) != CURLE_OK) {
    return MakeError(
        ErrorKind::kInternal,
        Redact("cannot set up the request to " + Target(request) + ": " + curl_easy_strerror(rc),
               secrets));
  }

  const CURLcode rc = curl_easy_perform(curl.get());
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &transfer.response.status);
  if (const char* resolved = nullptr;
      !transfer.response.redirect_url.empty() &&
      curl_easy_getinfo(curl.get(), CURLINFO_REDIRECT_URL, &resolved) == CURLE_OK && resolved) {
    transfer.response.redirect_url = resolved;
  }
  transfer.response.error_body = Redact(transfer.response.error_body, secrets);
  if (rc == CURLE_OK) return std::move(transfer.response);
  // An error reply is still an answer, even if we stopped reading it early or
  // the connection broke while it arrived: the caller reports the status.
  if (transfer.response.status != 0 && !IsSuccess(transfer.response.status) &&
      !transfer.sink_stopped && !transfer.cancelled) {
    return std::move(transfer.response);
  }
  return TransferError(curl.get(), rc, error_buffer, transfer, request, secrets);
}

}  // namespace llmbox
