// Test-only: a tiny blocking HTTP/1.1 server on 127.0.0.1 (or a Unix socket)
// so client tests exercise real sockets and real libcurl without leaving the
// machine. One connection at a time; each request is read in full (headers and
// Content-Length body), recorded, and handed to a responder that writes raw
// bytes, so tests can send malformed, slow or cut-off answers on purpose.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace llmbox::testing {

struct TestRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  std::string Header(std::string_view name) const {
    for (const auto& [n, v] : headers)
      if (n == name) return v;
    return {};
  }
};

// What a responder writes to: raw bytes, no framing added.
class TestConnection {
 public:
  explicit TestConnection(int fd) : fd_(fd) {}
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  void Pause(int milliseconds) {
    std::this_thread::sleep_for(std::chrono::milliseconds(milliseconds));
  }
  // Sends nothing until the client hangs up (or `max_ms` passes).
  void WaitForClientClose(int max_ms) {
    pollfd p{fd_, POLLRDHUP, 0};
    ::poll(&p, 1, max_ms);
  }

 private:
  int fd_;
};

using TestResponder = std::function<void(const TestRequest&, TestConnection&)>;

inline std::string StatusText(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 401:
      return "Unauthorized";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    default:
      return "Status";
  }
}

// A complete reply with Content-Length.
inline std::string FixedReply(int status, std::string_view content_type, std::string_view body,
                              std::string_view extra_headers = "") {
  return "HTTP/1.1 " + std::to_string(status) + " " + StatusText(status) +
         "\r\nContent-Type: " + std::string(content_type) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         std::string(extra_headers) + "Connection: close\r\n\r\n" + std::string(body);
}

// The head of a chunked reply; follow with Chunk() calls and Chunk("") to end.
inline std::string ChunkedHead(int status, std::string_view content_type) {
  return "HTTP/1.1 " + std::to_string(status) + " " + StatusText(status) +
         "\r\nContent-Type: " + std::string(content_type) +
         "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
}

inline std::string Chunk(std::string_view data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return std::string(size) + std::string(data) + "\r\n";
}

// Replies with `stream` as a chunked event stream cut into pieces of `piece`
// bytes; without `terminate` the last chunk never comes (a cut connection).
inline TestResponder StreamReply(std::string stream, size_t piece = 97, bool terminate = true) {
  return [stream, piece, terminate](const TestRequest&, TestConnection& c) {
    c.Send(ChunkedHead(200, "text/event-stream; charset=utf-8"));
    for (size_t i = 0; i < stream.size(); i += piece) c.Send(Chunk(stream.substr(i, piece)));
    if (terminate) c.Send(Chunk(""));
  };
}

// `text` gzip-compressed, for replies sent with Content-Encoding: gzip.
inline std::string Gzip(std::string_view text) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

class TestHttpServer {
 public:
  // Listens on 127.0.0.1 on a free port.
  explicit TestHttpServer(TestResponder responder) : responder_(std::move(responder)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    Start();
  }

  // Listens on a Unix socket at `path` (removed again on destruction).
  TestHttpServer(std::string path, TestResponder responder)
      : responder_(std::move(responder)), unix_path_(std::move(path)) {
    listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, unix_path_.c_str(), sizeof addr.sun_path - 1);
    ::unlink(unix_path_.c_str());
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    Start();
  }

  ~TestHttpServer() {
    stop_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);  // wakes the blocked accept()
    thread_.join();
    ::close(listen_fd_);
    if (!unix_path_.empty()) ::unlink(unix_path_.c_str());
  }

  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  std::string Url(std::string_view path = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }

  std::vector<TestRequest> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  void Start() {
    ::listen(listen_fd_, 8);
    thread_ = std::thread([this] { Serve(); });
  }

  void Serve() {
    while (!stop_) {
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) {
        if (stop_) break;
        continue;
      }
      TestRequest request;
      if (ReadRequest(fd, request)) {
        {
          std::lock_guard<std::mutex> lock(mu_);
          requests_.push_back(request);
        }
        TestConnection connection(fd);
        responder_(request, connection);
      }
      ::shutdown(fd, SHUT_WR);
      ::close(fd);
    }
  }

  static bool ReadRequest(int fd, TestRequest& request) {
    std::string buffer;
    char block[65536];
    size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      ssize_t n = ::recv(fd, block, sizeof block, 0);
      if (n <= 0) return false;
      buffer.append(block, static_cast<size_t>(n));
    }
    std::string_view head(buffer.data(), head_end);
    size_t line_end = head.find("\r\n");
    std::string_view request_line = head.substr(0, line_end);
    size_t sp1 = request_line.find(' ');
    size_t sp2 = request_line.find(' ', sp1 + 1);
    request.method = std::string(request_line.substr(0, sp1));
    request.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
    size_t content_length = 0;
    while (line_end != std::string_view::npos && line_end < head.size()) {
      size_t next = head.find("\r\n", line_end + 2);
      std::string_view line = head.substr(line_end + 2, next - line_end - 2);
      line_end = next;
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string name(line.substr(0, colon));
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (name == "content-length") content_length = std::stoul(std::string(value));
      request.headers.emplace_back(name, std::string(value));
    }
    request.body = buffer.substr(head_end + 4);
    while (request.body.size() < content_length) {
      ssize_t n = ::recv(fd, block, sizeof block, 0);
      if (n <= 0) return false;
      request.body.append(block, static_cast<size_t>(n));
    }
    return true;
  }

  TestResponder responder_;
  std::string unix_path_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<TestRequest> requests_;
};

}  // namespace llmbox::testing
