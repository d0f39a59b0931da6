#include "llm/openai_chat_attachments.h"

#include "common/base64.h"
#include "llm/attachment_id.h"

namespace llmbox {
namespace {

using nlohmann::json;

bool IsImage(std::string_view mime_type) { return mime_type.rfind("image/", 0) == 0; }

std::string DataUrl(const Attachment& a) {
  return "data:" + a.mime_type + ";base64," + Base64Encode(a.content);
}

}  // namespace

bool OpenAiChatSendsUrl(std::string_view mime_type) { return IsImage(mime_type); }

json ChatAttachmentPart(const Attachment& a) {
  if (a.mime_type == "application/pdf") {
    return {{"type", "file"},
            {"file",
             {{"filename", AttachmentId(a) + ".pdf"},
              {"file_data", "data:application/pdf;base64," + Base64Encode(a.content)}}}};
  }
  if (IsImage(a.mime_type)) {
    const std::string url = a.url.empty() ? DataUrl(a) : a.url;
    return {{"type", "image_url"}, {"image_url", {{"url", url}}}};
  }
  return {{"type", "input_audio"},
          {"input_audio",
           {{"data", Base64Encode(a.content)},
            {"format", a.mime_type == "audio/wav" ? "wav" : "mp3"}}}};
}

json ChatUserContent(const std::string& prompt, const std::vector<Attachment>& attachments) {
  if (attachments.empty()) return prompt;
  json parts = json::array();
  if (!prompt.empty()) parts.push_back({{"type", "text"}, {"text", prompt}});
  for (const Attachment& a : attachments) parts.push_back(ChatAttachmentPart(a));
  return parts;
}

void RedactInlineAttachments(json& value) {
  if (value.is_array()) {
    for (json& item : value) RedactInlineAttachments(item);
    return;
  }
  if (!value.is_object()) return;
  for (auto& [key, item] : value.items()) {
    if (key == "image_url" && item.is_object() && item.contains("url") && item["url"].is_string() &&
        item["url"].get_ref<const std::string&>().rfind("data:", 0) == 0) {
      item["url"] = "data:...";
    } else if (key == "input_audio" && item.is_object() && item.contains("data")) {
      item["data"] = "...";
    } else {
      RedactInlineAttachments(item);
    }
  }
}

}  // namespace llmbox
