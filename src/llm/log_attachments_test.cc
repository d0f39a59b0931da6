#include "llm/log_attachments.h"

#include <gtest/gtest.h>

#include "llm/log_store.h"

namespace llmbox {
namespace {

Attachment Make(std::string type, std::string path, std::string url, std::string content) {
  Attachment a;
  a.mime_type = std::move(type);
  a.path = std::move(path);
  a.url = std::move(url);
  a.content = std::move(content);
  return a;
}

LogRecord Record(std::string id, std::vector<Attachment> attachments) {
  LogRecord r;
  r.id = std::move(id);
  r.model = "gpt-4o";
  r.prompt = "look";
  r.response = "ok";
  r.conversation_id = "conv";
  r.attachments = std::move(attachments);
  return r;
}

TEST(LogAttachments, StoresContentOnlyForStdinAndReadsBackInOrder) {
  auto store = LogStore::Open(":memory:");
  ASSERT_TRUE(store.ok()) << store.error().message;
  const std::string nul_bytes("\x89PNG\0\0", 6);
  ASSERT_TRUE(store
                  ->Insert(Record("r1", {Make("image/png", "/w/a.png", "", "file bytes"),
                                         Make("image/png", "", "https://x.test/b.png", "dl"),
                                         Make("image/png", "", "", nul_bytes)}))
                  .ok());
  auto history = store->ConversationHistory("conv");
  ASSERT_TRUE(history.ok()) << history.error().message;
  ASSERT_EQ(history->size(), 1u);
  const auto& got = (*history)[0].attachments;
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].path, "/w/a.png");
  EXPECT_EQ(got[0].content, "");  // a file is found again by its path
  EXPECT_EQ(got[1].url, "https://x.test/b.png");
  EXPECT_EQ(got[1].content, "");
  EXPECT_EQ(got[2].content, nul_bytes);  // NUL-safe BLOB
  EXPECT_EQ(got[2].mime_type, "image/png");
}

TEST(LogAttachments, SameAttachmentInTwoPromptsIsOneRowLinkedTwice) {
  auto store = LogStore::Open(":memory:");
  ASSERT_TRUE(store.ok());
  const Attachment a = Make("application/pdf", "/w/doc.pdf", "", "%PDF");
  ASSERT_TRUE(store->Insert(Record("r1", {a, a})).ok());  // twice in one prompt: linked once
  ASSERT_TRUE(store->Insert(Record("r2", {a})).ok());
  auto history = store->ConversationHistory("conv");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].attachments.size(), 1u);
  EXPECT_EQ((*history)[1].attachments.size(), 1u);
  EXPECT_EQ((*history)[1].attachments[0].path, "/w/doc.pdf");
  auto rows = store->CountResponses();
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, 2);
}

}  // namespace
}  // namespace llmbox
