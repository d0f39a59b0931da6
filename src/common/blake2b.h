// BLAKE2b (RFC 7693), unkeyed, with a chosen digest length: llm names stored
// schemas by blake2b(json, digest_size=16), and llmbox must give the same ids.
// Spec: https://www.rfc-editor.org/rfc/rfc7693 (section 3, test vector in appendix A).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace llmbox {

// The digest of `data` as lowercase hex; `digest_bytes` must be 1..64.
std::string Blake2bHex(std::string_view data, size_t digest_bytes);

}  // namespace llmbox
