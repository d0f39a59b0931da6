#include "common/redact.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

TEST(Redact, ReplacesKnownSecretEverywhere) {
  std::string key = "my-private-token-1234";
  std::string out = Redact("a " + key + " b " + key, {key});
  EXPECT_EQ(out.find(key), std::string::npos);
  EXPECT_EQ(out, "a [REDACTED] b [REDACTED]");
}

TEST(Redact, MasksOpenAiShapedKeyWithoutKnowingIt) {
  std::string out = Redact("key=sk-proj-abcdefghijklmnopqrstuvwxyz0123 end");
  EXPECT_EQ(out.find("abcdefghijklmnop"), std::string::npos);
  EXPECT_NE(out.find("end"), std::string::npos);
}

TEST(Redact, MasksAnthropicShapedKey) {
  std::string out = Redact("sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(out, "[REDACTED]");
}

TEST(Redact, MasksBearerTokenCaseInsensitively) {
  EXPECT_EQ(Redact("Authorization: Bearer abcdefgh12345678"), "Authorization: Bearer [REDACTED]");
  EXPECT_EQ(Redact("authorization: bearer abcdefgh12345678"), "authorization: bearer [REDACTED]");
}

TEST(Redact, MasksApiKeyHeader) {
  EXPECT_EQ(Redact("x-api-key: zzzzzzzzzzzzzzzz"), "x-api-key: [REDACTED]");
}

TEST(Redact, MasksPasswordInUrl) {
  EXPECT_EQ(Redact("proxy http://bob:hunter2secret@proxy.local:3128/"),
            "proxy http://bob:[REDACTED]@proxy.local:3128/");
}

TEST(Redact, LeavesOrdinaryTextAlone) {
  std::string text = "Ten names for a pet pelican: sk-8 is not a key, bearer of news.";
  EXPECT_EQ(Redact(text), text);
}

TEST(Redact, IgnoresTooShortSecrets) { EXPECT_EQ(Redact("abc abc", {"ab"}), "abc abc"); }

TEST(KeyHint, ShowsOnlyLastFourOfLongKeys) {
  EXPECT_EQ(KeyHint("sk-0123456789abcdefghijWXYZ"), "...WXYZ");
  EXPECT_EQ(KeyHint("short"), "[REDACTED]");
}

}  // namespace
}  // namespace llmbox
