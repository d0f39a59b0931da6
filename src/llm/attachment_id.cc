#include "llm/attachment_id.h"

#include <openssl/evp.h>

#include <cstdint>
#include <cstdio>

namespace llmbox {
namespace {

void AppendU16(std::string& out, uint32_t unit) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(unit));
  out += buf;
}

// Decodes one UTF-8 sequence at s[i]; an invalid one decodes as U+FFFD and
// consumes one byte.
uint32_t DecodeUtf8(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
  if (len == 0 || b0 >= 0xF8 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  uint32_t cp = b0 & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;  // overlong, out of range or a surrogate: not UTF-8
    return 0xFFFD;
  }
  i += len;
  return cp;
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int k = 0; k < size; ++k) {
    out.push_back(kHex[digest[k] >> 4]);
    out.push_back(kHex[digest[k] & 15]);
  }
  return out;
}

std::string PythonJsonString(std::string_view utf8) {
  std::string out = "\"";
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c >= 0x80) {
      const uint32_t cp = DecodeUtf8(utf8, i);
      if (cp >= 0x10000) {
        AppendU16(out, 0xD800 + ((cp - 0x10000) >> 10));
        AppendU16(out, 0xDC00 + ((cp - 0x10000) & 0x3FF));
      } else {
        AppendU16(out, cp);
      }
      continue;
    }
    ++i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          AppendU16(out, c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out += "\"";
  return out;
}

std::string AttachmentId(const Attachment& attachment) {
  if (!attachment.url.empty()) {
    return Sha256Hex("{\"url\": " + PythonJsonString(attachment.url) + "}");
  }
  if (!attachment.content.empty() || !attachment.path.empty()) return Sha256Hex(attachment.content);
  return Sha256Hex("{\"url\": null}");  // llm's id for an empty attachment
}

}  // namespace llmbox
