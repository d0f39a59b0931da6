#include "llm/http_client.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "llm/test_http_server.h"

namespace llmbox {
namespace {

using testing::Chunk;
using testing::ChunkedHead;
using testing::FixedReply;
using testing::Gzip;
using testing::TestConnection;
using testing::TestHttpServer;
using testing::TestRequest;

struct Collected {
  std::vector<std::string> chunks;
  std::string All() const {
    std::string all;
    for (const auto& c : chunks) all += c;
    return all;
  }
};

Result<HttpResponse> Send(const HttpRequest& request, Collected& out,
                          const std::vector<std::string>& secrets = {}) {
  return HttpSend(
      request,
      [&](std::string_view chunk) {
        out.chunks.emplace_back(chunk);
        return true;
      },
      secrets);
}

HttpRequest Post(std::string url, std::string body = "{}") {
  HttpRequest request;
  request.url = std::move(url);
  request.body = std::move(body);
  return request;
}

// A loopback port with nothing listening on it.
int ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST(HttpClient, DeliversSuccessBodyInChunksAsTheyArrive) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(ChunkedHead(200, "text/event-stream"));
    c.Send(Chunk("first "));
    c.Pause(50);
    c.Send(Chunk("second "));
    c.Pause(50);
    c.Send(Chunk("third"));
    c.Send(Chunk(""));
  });
  Collected out;
  auto r = Send(Post(server.Url("/v1/chat/completions")), out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->content_type, "text/event-stream");
  EXPECT_EQ(out.All(), "first second third");
  EXPECT_GE(out.chunks.size(), 3u);
}

TEST(HttpClient, SendsMethodHeadersAndBody) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(200, "application/json", "{}"));
  });
  HttpRequest request = Post(server.Url("/v1/x"), R"({"a":1})");
  request.headers = {{"Content-Type", "application/json"}, {"X-Custom", "yes"}};
  Collected out;
  ASSERT_TRUE(Send(request, out).ok());
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/v1/x");
  EXPECT_EQ(requests[0].Header("content-type"), "application/json");
  EXPECT_EQ(requests[0].Header("x-custom"), "yes");
  EXPECT_EQ(requests[0].Header("expect"), "");
  EXPECT_EQ(requests[0].body, R"({"a":1})");
}

TEST(HttpClient, SendsGetWithoutBody) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(200, "application/json", "[]"));
  });
  HttpRequest request = Post(server.Url("/v1/models"), "");
  request.method = "GET";
  Collected out;
  ASSERT_TRUE(Send(request, out).ok());
  EXPECT_EQ(server.requests().at(0).method, "GET");
  EXPECT_EQ(out.All(), "[]");
}

TEST(HttpClient, CapturesErrorBodyOfNon2xxReply) {
  const std::string body = R"({"error":{"message":"Incorrect API key provided"}})";
  TestHttpServer server([&](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(401, "application/json", body));
  });
  Collected out;
  auto r = Send(Post(server.Url("/v1/chat/completions")), out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->error_body, body);
  EXPECT_TRUE(out.chunks.empty());
}

TEST(HttpClient, CapsErrorBodyAt64KiB) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(500, "text/plain", std::string(300 * 1024, 'e')));
  });
  Collected out;
  auto r = Send(Post(server.Url("/")), out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->error_body.size(), kMaxErrorBodyBytes);
}

TEST(HttpClient, RedactsSecretsInErrorBody) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(401, "text/plain", "bad key my-secret-value"));
  });
  Collected out;
  auto r = Send(Post(server.Url("/")), out, {"my-secret-value"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->error_body.find("my-secret-value"), std::string::npos);
}

TEST(HttpClient, ReportsConnectionRefusedNamingTheUrl) {
  const std::string url =
      "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/v1/chat/completions";
  Collected out;
  auto r = Send(Post(url), out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(r.error().message, "cannot connect to " + url + ": Connection refused");
}

TEST(HttpClient, KeepsSecretsOutOfNetworkErrors) {
  const std::string url =
      "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/v1?token=hunter2-secret";
  HttpRequest request = Post(url);
  request.headers = {{"Authorization", "Bearer hunter2-secret"}};
  Collected out;
  auto r = Send(request, out, {"hunter2-secret"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find("hunter2"), std::string::npos) << r.error().message;
}

TEST(HttpClient, ReportsStreamCutAfterSuccessAsError) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(ChunkedHead(200, "text/event-stream"));
    c.Send(Chunk("data: partial\n\n"));
    // closes without the terminating chunk
  });
  Collected out;
  auto r = Send(Post(server.Url("/v1/chat/completions")), out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  EXPECT_NE(r.error().message.find("connection closed before the answer was complete"),
            std::string::npos)
      << r.error().message;
  EXPECT_EQ(out.All(), "data: partial\n\n");
}

TEST(HttpClient, ReportsShortContentLengthBodyAsError) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
  });
  Collected out;
  auto r = Send(Post(server.Url("/")), out);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("before the answer was complete"), std::string::npos);
}

TEST(HttpClient, ReportsStalledStreamAsError) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(ChunkedHead(200, "text/event-stream"));
    c.WaitForClientClose(20000);
  });
  HttpRequest request = Post(server.Url("/"));
  request.low_speed_timeout_s = 1;
  Collected out;
  auto start = std::chrono::steady_clock::now();
  auto r = Send(request, out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  // libcurl averages speed over a few seconds, so "1 s" fires a little later.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_NE(r.error().message.find("too slow"), std::string::npos) << r.error().message;
}

TEST(HttpClient, AbortsWhenSinkReturnsFalse) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(ChunkedHead(200, "text/plain"));
    c.Send(Chunk("a"));
    c.Pause(30);
    c.Send(Chunk("b"));
    c.Send(Chunk(""));
  });
  int calls = 0;
  auto r = HttpSend(Post(server.Url("/")),
                    [&](std::string_view) {
                      ++calls;
                      return false;
                    },
                    {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(calls, 1);
}

TEST(HttpClient, CancelFlagStopsAStreamThatSendsNothingMore) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(ChunkedHead(200, "text/event-stream"));
    c.Send(Chunk("data: first\n\n"));
    c.WaitForClientClose(20000);
  });
  std::atomic<bool> cancel{false};
  HttpRequest request = Post(server.Url("/"));
  request.cancel = &cancel;
  std::string seen;
  auto r = HttpSend(request,
                    [&](std::string_view chunk) {
                      seen.append(chunk);
                      cancel = true;  // as a Ctrl-C after the first chunk would
                      return true;
                    },
                    {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kCancelled);
  EXPECT_EQ(r.error().message, "interrupted");
  EXPECT_EQ(seen, "data: first\n\n");
}

TEST(HttpClient, CancelFlagStopsBeforeTheSinkSeesMoreData) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(ChunkedHead(200, "text/plain"));
    c.Send(Chunk("a"));
    c.Pause(50);
    c.Send(Chunk("b"));
    c.Send(Chunk(""));
  });
  std::atomic<bool> cancel{false};
  HttpRequest request = Post(server.Url("/"));
  request.cancel = &cancel;
  int calls = 0;
  auto r = HttpSend(request,
                    [&](std::string_view) {
                      ++calls;
                      cancel = true;
                      return true;
                    },
                    {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kCancelled);
  EXPECT_EQ(calls, 1);
}

TEST(HttpClient, CancelFlagAlreadyRaisedSendsNoAnswerToTheSink) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(200, "text/plain", "never read"));
  });
  std::atomic<bool> cancel{true};
  HttpRequest request = Post(server.Url("/"));
  request.cancel = &cancel;
  Collected out;
  auto r = Send(request, out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kCancelled);
  EXPECT_TRUE(out.chunks.empty());
}

TEST(HttpClient, UnraisedCancelFlagChangesNothing) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(200, "text/plain", "whole"));
  });
  std::atomic<bool> cancel{false};
  HttpRequest request = Post(server.Url("/"));
  request.cancel = &cancel;
  Collected out;
  auto r = Send(request, out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(out.All(), "whole");
}

TEST(HttpClient, DecodesGzipBody) {
  const std::string text(100000, 'z');
  TestHttpServer server([&](const TestRequest& request, TestConnection& c) {
    EXPECT_NE(request.Header("accept-encoding").find("gzip"), std::string::npos);
    c.Send(FixedReply(200, "application/json", Gzip(text), "Content-Encoding: gzip\r\n"));
  });
  Collected out;
  auto r = Send(Post(server.Url("/")), out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->content_encoding, "gzip");
  EXPECT_EQ(out.All(), text);
}

TEST(HttpClient, DoesNotFollowRedirects) {
  TestHttpServer server([](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(302, "text/plain", "moved", "Location: http://127.0.0.1:1/\r\n"));
  });
  Collected out;
  auto r = Send(Post(server.Url("/")), out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 302);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HttpClient, ConnectsThroughUnixSocket) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("llmbox-http-" + std::to_string(::getpid())))
          .string();
  TestHttpServer server(path, [](const TestRequest&, TestConnection& c) {
    c.Send(FixedReply(200, "application/json", "via socket"));
  });
  HttpRequest request = Post("http://gateway/v1/chat/completions");
  request.unix_socket = path;
  Collected out;
  auto r = Send(request, out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(out.All(), "via socket");
  EXPECT_EQ(server.requests().at(0).Header("host"), "gateway");
}

TEST(HttpClient, NamesUnixSocketWhenItIsMissing) {
  HttpRequest request = Post("http://gateway/v1/chat/completions");
  request.unix_socket = "/nonexistent/llmbox.sock";
  Collected out;
  auto r = Send(request, out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  EXPECT_NE(r.error().message.find("/nonexistent/llmbox.sock"), std::string::npos);
}

TEST(HttpClient, RejectsHeaderWithLineBreak) {
  HttpRequest request = Post("http://127.0.0.1:1/");
  request.headers = {{"X-Evil", "a\r\nInjected: yes"}};
  Collected out;
  auto r = Send(request, out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kConfig);
}

TEST(HttpClient, UsesCaBundleFromSslCertFile) {
  const char* old = std::getenv("SSL_CERT_FILE");
  const std::string saved = old ? old : "";
  ::setenv("SSL_CERT_FILE", "/nonexistent/ca.pem", 1);
  TestHttpServer server([](const TestRequest&, TestConnection&) {});
  std::string url = server.Url("/");
  url.replace(0, 4, "https");
  Collected out;
  auto r = Send(Post(url), out);
  if (old) {
    ::setenv("SSL_CERT_FILE", saved.c_str(), 1);
  } else {
    ::unsetenv("SSL_CERT_FILE");
  }
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  EXPECT_NE(r.error().message.find("/nonexistent/ca.pem"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace llmbox
