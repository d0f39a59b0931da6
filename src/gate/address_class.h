// Which IP addresses the forward proxy may connect to.
//
// Guards against server-side request forgery through the gate: a name (or a
// DNS answer an attacker controls) that points at the gate's own host, the
// Docker network, the cloud metadata service (169.254.169.254), or any other
// address that is not on the public internet. Ranges follow the IANA IPv4 and
// IPv6 Special-Purpose Address Registries (RFC 6890 and its updates: RFC 6598
// shared CGNAT space, RFC 4193 unique local, RFC 6052 NAT64, RFC 9637
// 3fff::/20). An IPv4 address embedded in IPv6 (mapped ::ffff:0:0/96 or the
// well-known NAT64 prefix 64:ff9b::/96) is judged by its IPv4 part; every
// IPv6 address outside global unicast 2000::/3 is refused.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace llmbox::gate {

enum class AddressClass {
  kPublic,
  kUnspecified,    // 0.0.0.0/8, ::
  kLoopback,       // 127/8, ::1
  kPrivate,        // RFC 1918
  kSharedCgnat,    // 100.64/10
  kLinkLocal,      // 169.254/16 (cloud metadata), fe80::/10
  kUniqueLocal,    // fc00::/7
  kMulticast,      // 224/4, ff00::/8
  kDocumentation,  // TEST-NET-1/2/3, 2001:db8::/32, 3fff::/20
  kReserved,       // everything else that is not routable on the internet
};

// A lower-case word for messages, audit lines and the X-Llmbox-Refused header.
std::string_view AddressClassName(AddressClass c);

AddressClass ClassifyAddress(const boost::asio::ip::address& address);

// A network range in CIDR notation ("10.0.0.0/8", "fd00::/8", "127.0.0.1").
struct Cidr {
  boost::asio::ip::address base;
  unsigned prefix = 0;
};

Result<Cidr> ParseCidr(std::string_view text);
bool CidrContains(const Cidr& range, const boost::asio::ip::address& address);

}  // namespace llmbox::gate
