#include "common/redact.h"

#include <cctype>

namespace llmbox {
namespace {

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == '~' || c == '+' || c == '/' || c == '=';
}

void ReplaceAll(std::string& text, std::string_view needle) {
  if (needle.empty()) return;
  size_t pos = 0;
  while ((pos = text.find(needle, pos)) != std::string::npos) {
    text.replace(pos, needle.size(), kRedacted);
    pos += kRedacted.size();
  }
}

bool StartsWithNoCase(std::string_view text, size_t pos, std::string_view prefix) {
  if (text.size() - pos < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  }
  return true;
}

// Masks the token that starts at `start` (after a marker) if it is at least
// `min_len` characters long. Returns the index to continue scanning from.
size_t MaskToken(std::string& text, size_t start, size_t min_len) {
  size_t end = start;
  while (end < text.size() && IsTokenChar(text[end])) ++end;
  if (end - start < min_len) return end;
  text.replace(start, end - start, kRedacted);
  return start + kRedacted.size();
}

// Key-shaped tokens: "sk-" followed by 16+ token characters, anywhere a word starts.
void MaskKeyShapes(std::string& text) {
  for (size_t i = 0; i + 3 <= text.size(); ++i) {
    bool word_start = i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) ||
                                  text[i - 1] == '-' || text[i - 1] == '_');
    if (word_start && text.compare(i, 3, "sk-") == 0) {
      size_t end = i;
      while (end < text.size() && IsTokenChar(text[end])) ++end;
      if (end - i >= 19) {
        text.replace(i, end - i, kRedacted);
        i += kRedacted.size() - 1;
      }
    }
  }
}

// Credentials after a marker: "Bearer <tok>", "x-api-key: <tok>", "api_key=<tok>".
void MaskAfterMarkers(std::string& text) {
  static constexpr std::string_view kMarkers[] = {"bearer ", "x-api-key: ", "x-api-key:",
                                                  "api-key: ", "api_key=", "api-key=",
                                                  "\"api_key\": \"", "\"api_key\":\""};
  for (size_t i = 0; i < text.size(); ++i) {
    for (std::string_view marker : kMarkers) {
      if (StartsWithNoCase(text, i, marker)) {
        size_t start = i + marker.size();
        while (start < text.size() && text[start] == ' ') ++start;
        i = MaskToken(text, start, 8);
        break;
      }
    }
  }
}

// "scheme://user:password@host" -> "scheme://user:[REDACTED]@host".
void MaskUrlPasswords(std::string& text) {
  size_t pos = 0;
  while ((pos = text.find("://", pos)) != std::string::npos) {
    size_t auth_start = pos + 3;
    size_t end = auth_start;
    while (end < text.size() && text[end] != '/' && text[end] != '@' &&
           !std::isspace(static_cast<unsigned char>(text[end])))
      ++end;
    if (end < text.size() && text[end] == '@') {
      size_t colon = text.find(':', auth_start);
      if (colon != std::string::npos && colon < end) {
        text.replace(colon + 1, end - colon - 1, kRedacted);
        end = colon + 1 + kRedacted.size();
      }
    }
    pos = end;
  }
}

}  // namespace

std::string Redact(std::string_view text, const std::vector<std::string>& secrets) {
  std::string out(text);
  for (const auto& secret : secrets) {
    // Very short "secrets" would shred ordinary text and protect nothing.
    if (secret.size() >= 4) ReplaceAll(out, secret);
  }
  MaskKeyShapes(out);
  MaskAfterMarkers(out);
  MaskUrlPasswords(out);
  return out;
}

std::string KeyHint(std::string_view key) {
  if (key.size() < 20) return std::string(kRedacted);
  return "..." + std::string(key.substr(key.size() - 4));
}

}  // namespace llmbox
