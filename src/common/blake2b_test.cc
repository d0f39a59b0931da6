#include "common/blake2b.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

TEST(Blake2b, MatchesRfc7693TestVector) {
  EXPECT_EQ(Blake2bHex("abc", 64),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
}

// Expected values from Python's hashlib.blake2b(data, digest_size=16).
TEST(Blake2b, MatchesPythonWithSixteenByteDigest) {
  EXPECT_EQ(Blake2bHex("abc", 16), "cf4ab791c62b8d2b2109c90275287816");
  EXPECT_EQ(Blake2bHex("", 16), "cae66941d9efbd404e4d88758ea67670");
}

TEST(Blake2b, HandlesBlockBoundaries) {
  EXPECT_EQ(Blake2bHex(std::string(128, 'x'), 16), "874acca82a22239ec64a3e70c3ae494e");
  EXPECT_EQ(Blake2bHex(std::string(129, 'x'), 16), "b9ee96f69e8210c624fee55d71d5a54f");
}

TEST(Blake2b, RefusesImpossibleDigestLengths) {
  EXPECT_EQ(Blake2bHex("abc", 0), "");
  EXPECT_EQ(Blake2bHex("abc", 65), "");
}

}  // namespace
}  // namespace llmbox
