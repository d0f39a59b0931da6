#include "gate/caller_auth.h"

#include <gtest/gtest.h>

namespace llmbox::gate {
namespace {

constexpr const char* kToken = "stack-token-0123456789abcdef";

TEST(CallerAuth, AcceptsTheTokenOnly) {
  CallerAuth auth(kToken);
  EXPECT_TRUE(auth.Verify(kToken));
  EXPECT_FALSE(auth.Verify("stack-token-0123456789abcdeF"));
  EXPECT_FALSE(auth.Verify("stack-token"));
  EXPECT_FALSE(auth.Verify(""));
  EXPECT_FALSE(auth.Verify(std::string(kToken) + "x"));
}

TEST(CallerAuth, ReadsTokenHeaderFirst) {
  EXPECT_EQ(CallerAuth::PresentedToken(" abc ", "Bearer other"), "abc");
}

TEST(CallerAuth, ReadsBearerProxyAuthorization) {
  EXPECT_EQ(CallerAuth::PresentedToken("", "Bearer  abc"), "abc");
  EXPECT_EQ(CallerAuth::PresentedToken("", "bearer abc"), "abc");
}

TEST(CallerAuth, ReadsPasswordFromBasicProxyAuthorization) {
  // base64("llm:s3cret:with:colons")
  EXPECT_EQ(CallerAuth::PresentedToken("", "Basic bGxtOnMzY3JldDp3aXRoOmNvbG9ucw=="),
            "s3cret:with:colons");
  // base64("u:ab")
  EXPECT_EQ(CallerAuth::PresentedToken("", "Basic dTphYg=="), "ab");
}

TEST(CallerAuth, IgnoresMalformedProxyAuthorization) {
  EXPECT_FALSE(CallerAuth::PresentedToken("", ""));
  EXPECT_FALSE(CallerAuth::PresentedToken("", "Bearer "));
  EXPECT_FALSE(CallerAuth::PresentedToken("", "Basic !!!!"));
  EXPECT_FALSE(CallerAuth::PresentedToken("", "Basic bm9jb2xvbg=="));  // "nocolon"
  EXPECT_FALSE(CallerAuth::PresentedToken("", "Digest abc"));
}

}  // namespace
}  // namespace llmbox::gate
