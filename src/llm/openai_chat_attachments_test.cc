#include "llm/openai_chat_attachments.h"

#include <gtest/gtest.h>

#include "common/base64.h"
#include "llm/attachment_id.h"

namespace llmbox {
namespace {

using nlohmann::json;

Attachment Make(std::string type, std::string content, std::string url = "") {
  Attachment a;
  a.mime_type = std::move(type);
  a.content = std::move(content);
  a.url = std::move(url);
  return a;
}

TEST(ChatAttachmentPart, InlineImageIsADataUrl) {
  EXPECT_EQ(
      ChatAttachmentPart(Make("image/png", "png")),
      json::parse(R"({"type":"image_url","image_url":{"url":"data:image/png;base64,cG5n"}})"));
}

TEST(ChatAttachmentPart, ImageUrlIsPassedOn) {
  EXPECT_EQ(ChatAttachmentPart(Make("image/jpeg", "", "https://x.test/c.jpg")),
            json::parse(R"({"type":"image_url","image_url":{"url":"https://x.test/c.jpg"}})"));
}

TEST(ChatAttachmentPart, PdfIsAFileNamedByItsId) {
  const Attachment pdf = Make("application/pdf", "%PDF", "https://x.test/d.pdf");
  EXPECT_EQ(ChatAttachmentPart(pdf),
            json({{"type", "file"},
                  {"file",
                   {{"filename", AttachmentId(pdf) + ".pdf"},
                    {"file_data", "data:application/pdf;base64,JVBERg=="}}}}));
}

TEST(ChatAttachmentPart, AudioIsInputAudioWithItsFormat) {
  EXPECT_EQ(ChatAttachmentPart(Make("audio/wav", "RIFF"))["input_audio"],
            json::parse(R"({"data":"UklGRg==","format":"wav"})"));
  EXPECT_EQ(ChatAttachmentPart(Make("audio/mpeg", "ID3"))["input_audio"]["format"], "mp3");
}

TEST(ChatUserContent, TextFirstThenPartsAndNoEmptyText) {
  EXPECT_EQ(ChatUserContent("hi", {}), json("hi"));
  json with = ChatUserContent("hi", {Make("image/png", "x")});
  ASSERT_EQ(with.size(), 2u);
  EXPECT_EQ(with[0], json::parse(R"({"type":"text","text":"hi"})"));
  EXPECT_EQ(ChatUserContent("", {Make("image/png", "x")}).size(), 1u);
}

TEST(RedactInlineAttachments, HidesInlineImageAndAudioDataOnly) {
  json messages = json::array(
      {{{"role", "user"},
        {"content", json::array({ChatAttachmentPart(Make("image/png", "x")),
                                 ChatAttachmentPart(Make("image/png", "", "https://x.test/i.png")),
                                 ChatAttachmentPart(Make("audio/wav", "x"))})}}});
  RedactInlineAttachments(messages);
  const json& parts = messages[0]["content"];
  EXPECT_EQ(parts[0]["image_url"]["url"], "data:...");
  EXPECT_EQ(parts[1]["image_url"]["url"], "https://x.test/i.png");
  EXPECT_EQ(parts[2]["input_audio"]["data"], "...");
  EXPECT_EQ(parts[2]["input_audio"]["format"], "wav");
}

}  // namespace
}  // namespace llmbox
