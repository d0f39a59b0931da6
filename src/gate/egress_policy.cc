#include "gate/egress_policy.h"

#include <algorithm>
#include <charconv>
#include <string>

namespace llmbox::gate {
namespace {

constexpr std::string_view kConfigHint = "the gate's config file (allow_hosts, allow_ports)";

Result<uint16_t> ParsePort(std::string_view text) {
  unsigned value = 0;
  auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || err != std::errc() || end != text.data() + text.size() || value == 0 ||
      value > 65535) {
    return MakeError(ErrorKind::kParse, "port \"" + Printable(text, 12) + "\" is not 1-65535");
  }
  return static_cast<uint16_t>(value);
}

}  // namespace

Result<Destination> ParseAuthority(std::string_view authority, uint16_t default_port) {
  std::string_view host = authority;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos)
      return MakeError(ErrorKind::kParse, "unclosed '[' in host");
    host = authority.substr(0, close + 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return MakeError(ErrorKind::kParse, "junk after IPv6 address");
      port_text = rest.substr(1);
      if (port_text.empty()) return MakeError(ErrorKind::kParse, "empty port");
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port_text = authority.substr(colon + 1);
    if (port_text.empty()) return MakeError(ErrorKind::kParse, "empty port");
  }
  uint16_t port = default_port;
  if (!port_text.empty()) {
    auto parsed = ParsePort(port_text);
    if (!parsed.ok()) return parsed.error();
    port = *parsed;
  }
  if (port == 0) return MakeError(ErrorKind::kParse, "a port is required (host:port)");
  auto name = ParseHostName(host);
  if (!name.ok()) return name.error();
  return Destination{std::move(*name), port};
}

std::string DestinationText(const Destination& d) {
  std::string host = d.host.kind == HostKind::kIpv6 ? "[" + d.host.text + "]" : d.host.text;
  return host + ":" + std::to_string(d.port);
}

std::optional<Refusal> EgressPolicy::CheckDestination(const Destination& d) const {
  const std::string where = DestinationText(d);
  bool listed = std::any_of(rules_.hosts.begin(), rules_.hosts.end(),
                            [&](const HostPattern& p) { return MatchesHostPattern(p, d.host); });
  if (!listed) {
    if (d.host.kind != HostKind::kName) {
      return Refuse(
          403, "ip-literal", "refused " + where + ": IP addresses are refused unless listed",
          "Use the host's name, or list the address in " + std::string(kConfigHint) + ".");
    }
    return Refuse(403, "host-not-allowed",
                  "refused " + where + ": the host is not on the allowlist",
                  "If this host should be reachable, add \"" + d.host.text + "\" to " +
                      std::string(kConfigHint) + " and restart the gate.");
  }
  if (std::find(rules_.ports.begin(), rules_.ports.end(), d.port) == rules_.ports.end()) {
    return Refuse(403, "port-not-allowed",
                  "refused " + where + ": port " + std::to_string(d.port) + " is not allowed",
                  "Allowed ports are listed in " + std::string(kConfigHint) + " (default: 443).");
  }
  return std::nullopt;
}

bool EgressPolicy::AddressAllowed(const boost::asio::ip::address& a) const {
  if (ClassifyAddress(a) == AddressClass::kPublic) return true;
  return std::any_of(rules_.allowed_ranges.begin(), rules_.allowed_ranges.end(),
                     [&](const Cidr& r) { return CidrContains(r, a); });
}

std::variant<std::vector<boost::asio::ip::address>, Refusal> EgressPolicy::FilterAddresses(
    const Destination& d, const std::vector<boost::asio::ip::address>& resolved) const {
  if (resolved.empty()) {
    return Fail(502, "resolve-failed",
                "could not resolve " + DestinationText(d) + ": no addresses");
  }
  for (const auto& a : resolved) {
    if (!AddressAllowed(a)) {
      std::string cls(AddressClassName(ClassifyAddress(a)));
      return Refuse(403, "address-" + cls,
                    "refused " + DestinationText(d) + ": it resolves to " + a.to_string() + ", a " +
                        cls + " address",
                    "The gate never connects to loopback, private, link-local or reserved "
                    "addresses; an operator can list a range in allow_addresses.");
    }
  }
  return resolved;
}

}  // namespace llmbox::gate
