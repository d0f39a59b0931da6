// Allowlist entries for the forward proxy, and the host names they are matched
// against.
//
// Guards against an allowlist that allows more than its author meant: `*`, a
// bare top-level domain (`com`, `*.com`), wildcards anywhere but a leading
// `*.`, and host spellings that a resolver would read as an IP address
// (`2130706433`, `0x7f.1`, `127.1`: the WHATWG URL standard's "ends in a
// number" rule) so that "IP literals are refused unless listed" cannot be
// bypassed. Names follow RFC 1123 section 2.1 (letters, digits, hyphens;
// labels of 1-63 characters; at most 253 characters), compared in lower case
// with one trailing dot removed.
//
// `*.example.com` matches any name below example.com (a.example.com,
// a.b.example.com) but not example.com itself: list both when both are meant.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace llmbox::gate {

enum class HostKind { kName, kIpv4, kIpv6 };

// A destination host as the caller wrote it, checked and canonicalised:
// names in lower case without a trailing dot, IPv6 without brackets.
struct HostName {
  std::string text;
  HostKind kind = HostKind::kName;
};

// Parses a host from a request (`api.example.com`, `203.0.113.7`, `[2001:db8::1]`).
Result<HostName> ParseHostName(std::string_view host);

struct HostPattern {
  std::string text;  // the canonical name, or the suffix after "*." for a wildcard
  HostKind kind = HostKind::kName;
  bool wildcard = false;  // "*.suffix": any name strictly below suffix
};

// Parses one allowlist entry; refuses entries that would allow too much.
Result<HostPattern> ParseHostPattern(std::string_view entry);

// True when `host` (already canonical, from ParseHostName) is allowed by `pattern`.
bool MatchesHostPattern(const HostPattern& pattern, const HostName& host);

// For messages: the pattern as it would be written in the config.
std::string HostPatternText(const HostPattern& pattern);

}  // namespace llmbox::gate
