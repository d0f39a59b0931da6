// The forward proxy's deny-by-default rule set: which host:port a caller may
// reach, and which addresses the gate may connect to on its behalf.
//
// Guards against (a) reaching hosts the operator did not list, (b) reaching
// internal services through a listed name whose DNS answer points inside
// (loopback, private, link-local metadata, ...; see address_class.h), and (c)
// DNS rebinding: the caller of FilterAddresses connects to exactly the
// addresses it returns, never re-resolving the name. IP literals pass only
// when the literal itself is listed, and even then its address must be
// public or inside an operator-listed range (`allow_addresses`).
//
// A name whose answers include any forbidden address is refused as a whole:
// a mixed answer is what a rebinding attack looks like.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.h"
#include "gate/address_class.h"
#include "gate/host_pattern.h"
#include "gate/refusal.h"

namespace llmbox::gate {

struct EgressRules {
  std::vector<HostPattern> hosts;
  std::vector<uint16_t> ports{443};
  std::vector<Cidr> allowed_ranges;  // special-purpose ranges the operator allows anyway
};

struct Destination {
  HostName host;
  uint16_t port = 0;
};

// "host:port", "[v6]:port", or "host" (then `default_port`; 0 means a port is required).
Result<Destination> ParseAuthority(std::string_view authority, uint16_t default_port);

// "host:port" for messages and audit lines, brackets around IPv6.
std::string DestinationText(const Destination& d);

class EgressPolicy {
 public:
  explicit EgressPolicy(EgressRules rules) : rules_(std::move(rules)) {}

  // Before resolving: is this host on the allowlist and this port allowed?
  std::optional<Refusal> CheckDestination(const Destination& d) const;

  // After resolving: the addresses that may be dialled (all of `resolved`),
  // or a refusal naming the first forbidden one.
  std::variant<std::vector<boost::asio::ip::address>, Refusal> FilterAddresses(
      const Destination& d, const std::vector<boost::asio::ip::address>& resolved) const;

  // One address: public, or inside an allowed range.
  bool AddressAllowed(const boost::asio::ip::address& a) const;

  const EgressRules& rules() const { return rules_; }

 private:
  EgressRules rules_;
};

}  // namespace llmbox::gate
