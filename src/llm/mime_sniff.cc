#include "llm/mime_sniff.h"

#include "common/ascii.h"

namespace llmbox {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// A RIFF container whose form type (bytes 8..11) is `form`.
bool IsRiff(std::string_view head, std::string_view form) {
  return head.size() >= 12 && StartsWith(head, "RIFF") && head.substr(8, 4) == form;
}

// An MPEG-1/2/2.5 Layer III frame header: 11 sync bits, a version other than
// "reserved" and layer bits 01.
bool IsMp3Frame(std::string_view head) {
  if (head.size() < 2) return false;
  const auto b0 = static_cast<unsigned char>(head[0]);
  const auto b1 = static_cast<unsigned char>(head[1]);
  const bool sync = b0 == 0xFF && (b1 & 0xE0) == 0xE0;
  const bool version_ok = (b1 & 0x18) != 0x08;
  const bool layer3 = (b1 & 0x06) == 0x02;
  return sync && version_ok && layer3;
}

}  // namespace

std::string SniffMimeType(std::string_view head) {
  if (StartsWith(head, "\x89PNG\r\n\x1a\n")) return "image/png";
  if (StartsWith(head, "\xFF\xD8\xFF")) return "image/jpeg";
  if (StartsWith(head, "GIF87a") || StartsWith(head, "GIF89a")) return "image/gif";
  if (IsRiff(head, "WEBP")) return "image/webp";
  if (IsRiff(head, "WAVE")) return "audio/wav";
  if (StartsWith(head, "%PDF-")) return "application/pdf";
  if (StartsWith(head, "ID3") || IsMp3Frame(head)) return "audio/mpeg";
  return "";
}

std::string BareMimeType(std::string_view content_type) {
  std::string_view bare = content_type.substr(0, content_type.find(';'));
  while (!bare.empty() && (bare.front() == ' ' || bare.front() == '\t')) bare.remove_prefix(1);
  while (!bare.empty() && (bare.back() == ' ' || bare.back() == '\t')) bare.remove_suffix(1);
  std::string out = AsciiLower(bare);
  if (out == "audio/wave" || out == "audio/x-wav") out = "audio/wav";  // as llm normalises
  return out;
}

}  // namespace llmbox
