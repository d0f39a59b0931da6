// Standard base64 (RFC 4648 section 4, with '=' padding) for attachment bytes
// sent inline to providers ("data:<mime>;base64,..." URLs and JSON fields).
// Encoding only: llmbox never decodes base64 from untrusted input.
#pragma once

#include <string>
#include <string_view>

namespace llmbox {

// Encodes arbitrary bytes (NUL-safe) to padded base64 without line breaks.
std::string Base64Encode(std::string_view bytes);

// Length of Base64Encode's output for `n` input bytes.
constexpr size_t Base64EncodedSize(size_t n) { return (n + 2) / 3 * 4; }

}  // namespace llmbox
