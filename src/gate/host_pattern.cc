#include "gate/host_pattern.h"

#include <algorithm>
#include <cctype>

#include "gate/asio.h"

namespace llmbox::gate {
namespace {

constexpr size_t kMaxName = 253;
constexpr size_t kMaxLabel = 63;

bool IsLdh(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The WHATWG URL parser treats a host whose last label is a number (decimal,
// or hex with 0x) as IPv4; so do getaddrinfo's inet_aton rules. Such a name is
// an IP literal in disguise.
bool EndsInNumber(std::string_view name) {
  size_t dot = name.rfind('.');
  std::string_view last = dot == std::string_view::npos ? name : name.substr(dot + 1);
  if (AllDigits(last)) return true;
  if (last.size() >= 2 && last[0] == '0' && last[1] == 'x') {
    return std::all_of(last.begin() + 2, last.end(),
                       [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  }
  return false;
}

Result<std::string> CanonicalName(std::string_view raw) {
  std::string name(raw);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!name.empty() && name.back() == '.') name.pop_back();
  if (name.empty() || name.size() > kMaxName) {
    return MakeError(ErrorKind::kParse, "host name is empty or longer than 253 characters");
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('.', start);
    if (end == std::string::npos) end = name.size();
    std::string_view label(name.data() + start, end - start);
    if (label.empty() || label.size() > kMaxLabel) {
      return MakeError(ErrorKind::kParse, "host name has an empty or over-long label");
    }
    if (!std::all_of(label.begin(), label.end(), IsLdh) || label.front() == '-' ||
        label.back() == '-') {
      return MakeError(ErrorKind::kParse,
                       "host name may hold only letters, digits, hyphens and dots");
    }
    start = end + 1;
  }
  if (EndsInNumber(name)) {
    return MakeError(ErrorKind::kParse, "host name ends in a number (an IP address in disguise)");
  }
  return name;
}

Result<HostName> ParseIpLiteral(std::string_view text, bool bracketed) {
  error_code ec;
  if (bracketed) {
    // Zone identifiers ("%eth0") name an interface on the gate's own host: never a destination.
    if (text.find('%') != std::string_view::npos) {
      return MakeError(ErrorKind::kParse, "IPv6 zone identifiers are not accepted");
    }
    auto v6 = asio::ip::make_address_v6(std::string(text), ec);
    if (ec) return MakeError(ErrorKind::kParse, "malformed IPv6 address");
    return HostName{v6.to_string(), HostKind::kIpv6};
  }
  auto v4 = asio::ip::make_address_v4(std::string(text), ec);
  if (ec) return MakeError(ErrorKind::kParse, "malformed IPv4 address");
  return HostName{v4.to_string(), HostKind::kIpv4};
}

bool LooksLikeDottedQuad(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

}  // namespace

Result<HostName> ParseHostName(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    return ParseIpLiteral(host.substr(1, host.size() - 2), true);
  }
  if (LooksLikeDottedQuad(host)) {
    auto literal = ParseIpLiteral(host, false);
    if (literal.ok()) return literal;
  }
  auto name = CanonicalName(host);
  if (!name.ok()) return name.error();
  return HostName{std::move(*name), HostKind::kName};
}

Result<HostPattern> ParseHostPattern(std::string_view entry) {
  bool wildcard = entry.size() >= 2 && entry.substr(0, 2) == "*.";
  std::string_view rest = wildcard ? entry.substr(2) : entry;
  if (entry == "*" || rest.find('*') != std::string_view::npos) {
    return MakeError(ErrorKind::kConfig, "allowlist entry \"" + std::string(entry) +
                                             "\": a wildcard is allowed only as a leading \"*.\"");
  }
  // An unbracketed IPv6 address is easier to write in a config file.
  bool v6_bare = !wildcard && rest.find(':') != std::string_view::npos && rest.front() != '[';
  auto host = v6_bare ? ParseIpLiteral(rest, true) : ParseHostName(rest);
  if (!host.ok()) {
    return MakeError(ErrorKind::kConfig,
                     "allowlist entry \"" + std::string(entry) + "\": " + host.error().message);
  }
  if (host->kind == HostKind::kName && host->text.find('.') == std::string::npos) {
    return MakeError(
        ErrorKind::kConfig,
        "allowlist entry \"" + std::string(entry) +
            "\": a single label (a top-level domain, or a bare name such as \"localhost\") "
            "allows too much; list full host names such as \"api.example.com\"");
  }
  if (wildcard && host->kind != HostKind::kName) {
    return MakeError(ErrorKind::kConfig, "allowlist entry \"" + std::string(entry) +
                                             "\": a wildcard cannot apply to an IP address");
  }
  return HostPattern{std::move(host->text), host->kind, wildcard};
}

bool MatchesHostPattern(const HostPattern& pattern, const HostName& host) {
  if (pattern.kind != host.kind) return false;
  if (!pattern.wildcard) return pattern.text == host.text;
  const std::string& s = pattern.text;
  return host.text.size() > s.size() + 1 &&
         host.text.compare(host.text.size() - s.size(), s.size(), s) == 0 &&
         host.text[host.text.size() - s.size() - 1] == '.';
}

std::string HostPatternText(const HostPattern& pattern) {
  if (pattern.wildcard) return "*." + pattern.text;
  if (pattern.kind == HostKind::kIpv6) return "[" + pattern.text + "]";
  return pattern.text;
}

}  // namespace llmbox::gate
