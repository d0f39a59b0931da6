#include "llm/attachment_id.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

TEST(Sha256Hex, MatchesKnownDigest) {
  EXPECT_EQ(Sha256Hex("hello"), "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
}

TEST(PythonJsonString, EscapesAsPythonJsonDumps) {
  // json.dumps('é😀"\\\n\x01\x7f') in Python
  EXPECT_EQ(PythonJsonString("\xC3\xA9\xF0\x9F\x98\x80\"\\\n\x01\x7F"),
            R"("\u00e9\ud83d\ude00\"\\\n\u0001\u007f")");
  EXPECT_EQ(PythonJsonString("\xED\xA0\x80|\xC0\xAF|\xFF"),
            R"("\ufffd\ufffd\ufffd|\ufffd\ufffd|\ufffd")");
  EXPECT_EQ(PythonJsonString("https://example.com/a b?x=1&y=/"),
            R"("https://example.com/a b?x=1&y=/")");
}

TEST(AttachmentId, UrlAttachmentHashesJsonOfTheUrl) {
  Attachment a;
  a.url = "https://example.com/a.png";
  a.content = "bytes downloaded for a provider do not change the id";
  // hashlib.sha256(json.dumps({"url": "https://example.com/a.png"}).encode()).hexdigest()
  EXPECT_EQ(AttachmentId(a), "4509d135b8dccac5ed703ec3d14f36262fee03820b04a7864208e32be92ebbd4");
}

TEST(AttachmentId, FileOrStdinAttachmentHashesTheBytes) {
  Attachment a;
  a.path = "/w/hello.txt";
  a.content = "hello";
  EXPECT_EQ(AttachmentId(a), Sha256Hex("hello"));
  Attachment empty;
  EXPECT_EQ(AttachmentId(empty),
            "ff104a7641d61ffbc6fc574d962fffbe00e8ba4bb1ddfcc32dd8040e9add2c26");
}

}  // namespace
}  // namespace llmbox
