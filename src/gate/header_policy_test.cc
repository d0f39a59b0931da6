#include "gate/header_policy.h"

#include <gtest/gtest.h>

namespace llmbox::gate {
namespace {

http::request_header<> Header(http::verb verb = http::verb::post) {
  http::request_header<> h;
  h.method(verb);
  h.target("/openai/v1/chat/completions");
  h.version(11);
  h.set(http::field::host, "llm-gate");
  return h;
}

TEST(HeaderPolicy, PlainRequestPassesFramingChecks) {
  auto h = Header();
  h.set(http::field::content_length, "10");
  EXPECT_FALSE(CheckRequestFraming(h));
}

TEST(HeaderPolicy, RefusesContentLengthWithTransferEncoding) {
  auto h = Header();
  h.set(http::field::content_length, "10");
  h.set(http::field::transfer_encoding, "chunked");
  auto r = CheckRequestFraming(h);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400u);
  EXPECT_EQ(r->reason, "ambiguous-framing");
}

TEST(HeaderPolicy, RefusesTransferEncodingOtherThanChunked) {
  for (const char* te : {"gzip", "gzip, chunked", "chunked, chunked", "identity"}) {
    auto h = Header();
    h.set(http::field::transfer_encoding, te);
    auto r = CheckRequestFraming(h);
    ASSERT_TRUE(r) << te;
    EXPECT_EQ(r->reason, "bad-transfer-encoding") << te;
  }
}

TEST(HeaderPolicy, RefusesDuplicateHost) {
  auto h = Header();
  h.insert(http::field::host, "other");
  EXPECT_EQ(CheckRequestFraming(h)->reason, "duplicate-host");
}

TEST(HeaderPolicy, RefusesCrLfInsideAHeaderValue) {
  auto h = Header();
  h.set("X-Note", "a\r\nX-Injected: 1");
  EXPECT_EQ(CheckRequestFraming(h)->reason, "header-injection");
}

TEST(HeaderPolicy, RefusesHttp2AndHttp09Versions) {
  auto h = Header();
  h.version(20);
  EXPECT_EQ(CheckRequestFraming(h)->status, 505u);
}

TEST(HeaderPolicy, StripsHopByHopAndConnectionListedHeaders) {
  http::fields f;
  f.set(http::field::connection, "keep-alive, X-Secret-Route");
  f.set("X-Secret-Route", "1");
  f.set(http::field::keep_alive, "timeout=5");
  f.set(http::field::transfer_encoding, "chunked");
  f.set(http::field::upgrade, "h2c");
  f.set(http::field::proxy_authorization, "Bearer t");
  f.set("Proxy-Connection", "keep-alive");
  f.set(http::field::content_type, "application/json");
  StripHopByHop(f);
  EXPECT_EQ(std::distance(f.begin(), f.end()), 1);
  EXPECT_EQ(f[http::field::content_type], "application/json");
}

TEST(HeaderPolicy, StripsEveryCredentialTheCallerSent) {
  http::fields f;
  f.set(http::field::authorization, "Bearer sk-caller");
  f.set("x-api-key", "sk-ant-caller");
  f.set("api-key", "azure");
  f.set("X-Goog-Api-Key", "g");
  f.set("X-Llmbox-Token", "t");
  f.set(http::field::cookie, "session=1");
  f.set("anthropic-version", "2023-06-01");
  f.set(http::field::content_type, "application/json");
  StripCallerCredentials(f);
  EXPECT_EQ(std::distance(f.begin(), f.end()), 2);
  EXPECT_EQ(f["anthropic-version"], "2023-06-01");
}

TEST(HeaderPolicy, InjectsBearerOrXApiKey) {
  http::fields openai;
  InjectProviderKey(openai, KeyStyle::kBearer, "sk-gate");
  EXPECT_EQ(openai[http::field::authorization], "Bearer sk-gate");
  http::fields anthropic;
  InjectProviderKey(anthropic, KeyStyle::kXApiKey, "sk-ant-gate");
  EXPECT_EQ(anthropic["x-api-key"], "sk-ant-gate");
  EXPECT_EQ(anthropic.count(http::field::authorization), 0u);
}

TEST(HeaderPolicy, InjectionReplacesRatherThanAdds) {
  http::fields f;
  f.insert(http::field::authorization, "Bearer caller");
  f.insert(http::field::authorization, "Bearer caller2");
  StripCallerCredentials(f);
  InjectProviderKey(f, KeyStyle::kBearer, "sk-gate");
  EXPECT_EQ(f.count(http::field::authorization), 1u);
}

}  // namespace
}  // namespace llmbox::gate
