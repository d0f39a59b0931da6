#include "common/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace llmbox {
namespace {

// RFC 4648 section 10 test vectors.
TEST(Base64Encode, MatchesRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(Base64Encode, EncodesNulAndHighBytes) {
  EXPECT_EQ(Base64Encode(std::string("\0\0\0", 3)), "AAAA");
  EXPECT_EQ(Base64Encode("\xff\xff\xff"), "////");
  EXPECT_EQ(Base64Encode("\xfb\xef\xbe"), "++++");
  EXPECT_EQ(Base64Encode(std::string("\x89PNG\r\n\x1a\n", 8)), "iVBORw0KGgo=");
}

TEST(Base64Encode, EncodedSizeIsFourPerStartedTriple) {
  EXPECT_EQ(Base64EncodedSize(0), 0u);
  EXPECT_EQ(Base64EncodedSize(1), 4u);
  EXPECT_EQ(Base64EncodedSize(3), 4u);
  EXPECT_EQ(Base64EncodedSize(4), 8u);
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  std::string enc = Base64Encode(all);
  EXPECT_EQ(enc.size(), Base64EncodedSize(all.size()));
  EXPECT_EQ(enc.substr(0, 8), "AAECAwQF");
  EXPECT_EQ(enc.substr(enc.size() - 4), "/w==");
}

}  // namespace
}  // namespace llmbox
