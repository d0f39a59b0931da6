// Turns a provider's error reply into the one line a user sees.
//
// The body comes from a remote server (or a proxy in front of it): it may be
// JSON or HTML, huge, binary, contain terminal escape sequences, or echo part
// of the API key. The line built here is short, printable (no control
// characters, valid UTF-8) and passed through Redact().
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace llmbox {

// "OpenAI API error 401: Incorrect API key provided (check the key: llm keys set openai)".
// The message is taken from {"error": {"message": ...}} (or {"error": "..."},
// {"message": ...}, {"detail": ...}); a non-JSON body contributes its first
// 200 bytes. `status` 0 means the error arrived inside a 200 stream.
std::string ProviderErrorMessage(long status, std::string_view body, std::string_view provider,
                                 const std::vector<std::string>& secrets = {});

// `error` with its message passed through Redact(): for errors whose text
// came from a server and is printed once more.
Error RedactedError(Error error, const std::vector<std::string>& secrets);

// `text` as one printable line of at most `max_bytes` bytes: controls become
// spaces, runs of spaces collapse, invalid UTF-8 becomes U+FFFD, and a cut
// never splits a character.
std::string OnePrintableLine(std::string_view text, size_t max_bytes);

}  // namespace llmbox
