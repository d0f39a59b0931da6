// Redaction: the last guard before anything that might hold a secret is
// printed, logged or stored. Every place that prints a request, a URL or a
// provider error passes its text through here.
//
// Two layers: the exact secrets the process knows about (the resolved API key)
// are replaced wherever they occur, and text that merely looks like a key
// (`sk-...`, `sk-ant-...`, `Bearer <token>`, `x-api-key: <token>`, URL
// user:password) is masked even when the key is not known.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llmbox {

inline constexpr std::string_view kRedacted = "[REDACTED]";

// Replaces every occurrence of each non-empty secret, then every key-shaped token.
std::string Redact(std::string_view text, const std::vector<std::string>& secrets = {});

// A short, safe label for a key: "sk-...abcd" style (last four characters only,
// and only when the key is long enough that four characters reveal nothing useful).
std::string KeyHint(std::string_view key);

}  // namespace llmbox
