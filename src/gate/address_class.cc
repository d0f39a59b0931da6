#include "gate/address_class.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <string>

namespace llmbox::gate {
namespace {

using boost::asio::ip::address;
using boost::asio::ip::address_v4;
using boost::asio::ip::address_v6;

struct V4Range {
  uint32_t base;
  unsigned prefix;
  AddressClass cls;
};

constexpr uint32_t Ip4(unsigned a, unsigned b, unsigned c, unsigned d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

// The IANA IPv4 Special-Purpose Address Registry, most specific first where
// ranges nest (192.0.0.0/24 holds nothing we allow).
constexpr std::array<V4Range, 17> kV4Ranges = {{
    {Ip4(0, 0, 0, 0), 8, AddressClass::kUnspecified},
    {Ip4(10, 0, 0, 0), 8, AddressClass::kPrivate},
    {Ip4(100, 64, 0, 0), 10, AddressClass::kSharedCgnat},
    {Ip4(127, 0, 0, 0), 8, AddressClass::kLoopback},
    {Ip4(169, 254, 0, 0), 16, AddressClass::kLinkLocal},
    {Ip4(172, 16, 0, 0), 12, AddressClass::kPrivate},
    {Ip4(192, 0, 0, 0), 24, AddressClass::kReserved},
    {Ip4(192, 0, 2, 0), 24, AddressClass::kDocumentation},
    {Ip4(192, 31, 196, 0), 24, AddressClass::kReserved},  // AS112
    {Ip4(192, 52, 193, 0), 24, AddressClass::kReserved},  // AMT
    {Ip4(192, 88, 99, 0), 24, AddressClass::kReserved},   // 6to4 relay anycast
    {Ip4(192, 168, 0, 0), 16, AddressClass::kPrivate},
    {Ip4(198, 18, 0, 0), 15, AddressClass::kReserved},  // benchmarking
    {Ip4(198, 51, 100, 0), 24, AddressClass::kDocumentation},
    {Ip4(203, 0, 113, 0), 24, AddressClass::kDocumentation},
    {Ip4(224, 0, 0, 0), 4, AddressClass::kMulticast},
    {Ip4(240, 0, 0, 0), 4, AddressClass::kReserved},  // includes 255.255.255.255
}};

bool PrefixMatch(uint32_t value, uint32_t base, unsigned prefix) {
  if (prefix == 0) return true;
  uint32_t mask = prefix >= 32 ? 0xffffffffu : ~((uint32_t{1} << (32 - prefix)) - 1);
  return (value & mask) == (base & mask);
}

AddressClass ClassifyV4(const address_v4& a) {
  uint32_t v = a.to_uint();
  for (const V4Range& r : kV4Ranges) {
    if (PrefixMatch(v, r.base, r.prefix)) return r.cls;
  }
  return AddressClass::kPublic;
}

bool BytesPrefix(const address_v6::bytes_type& b, std::initializer_list<uint8_t> prefix) {
  size_t i = 0;
  for (uint8_t p : prefix) {
    if (b[i++] != p) return false;
  }
  return true;
}

address_v4 EmbeddedV4(const address_v6::bytes_type& b) {
  return address_v4(address_v4::bytes_type{b[12], b[13], b[14], b[15]});
}

AddressClass ClassifyV6(const address_v6& a) {
  auto b = a.to_bytes();
  if (a.is_unspecified()) return AddressClass::kUnspecified;
  if (a.is_loopback()) return AddressClass::kLoopback;
  if (a.is_v4_mapped()) return ClassifyV4(EmbeddedV4(b));
  // 64:ff9b::/96 translates to the embedded IPv4 address; judge that.
  if (BytesPrefix(b, {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}))
    return ClassifyV4(EmbeddedV4(b));
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::kUniqueLocal;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::kLinkLocal;
  if (b[0] == 0xff) return AddressClass::kMulticast;
  if (BytesPrefix(b, {0x20, 0x01, 0x0d, 0xb8})) return AddressClass::kDocumentation;
  if (b[0] == 0x3f && b[1] == 0xff && (b[2] & 0xf0) == 0) return AddressClass::kDocumentation;
  // 2001::/23 holds Teredo and other protocol assignments; 2002::/16 is 6to4,
  // which would let a caller tunnel to any IPv4 address, private ones included.
  if (b[0] == 0x20 && b[1] == 0x01 && (b[2] & 0xfe) == 0) return AddressClass::kReserved;
  if (b[0] == 0x20 && b[1] == 0x02) return AddressClass::kReserved;
  if ((b[0] & 0xe0) != 0x20) return AddressClass::kReserved;  // outside 2000::/3
  return AddressClass::kPublic;
}

}  // namespace

std::string_view AddressClassName(AddressClass c) {
  switch (c) {
    case AddressClass::kPublic:
      return "public";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kSharedCgnat:
      return "shared-cgnat";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kUniqueLocal:
      return "unique-local";
    case AddressClass::kMulticast:
      return "multicast";
    case AddressClass::kDocumentation:
      return "documentation";
    case AddressClass::kReserved:
      return "reserved";
  }
  return "reserved";
}

AddressClass ClassifyAddress(const address& a) {
  return a.is_v4() ? ClassifyV4(a.to_v4()) : ClassifyV6(a.to_v6());
}

Result<Cidr> ParseCidr(std::string_view text) {
  size_t slash = text.find('/');
  std::string host(text.substr(0, slash));
  boost::system::error_code ec;
  address base = boost::asio::ip::make_address(host, ec);
  if (ec || host.find('%') != std::string::npos) {
    return MakeError(ErrorKind::kConfig,
                     "\"" + std::string(text) + "\" is not an IP address or CIDR range");
  }
  unsigned max = base.is_v4() ? 32 : 128;
  unsigned prefix = max;
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    auto [end, err] = std::from_chars(p.data(), p.data() + p.size(), prefix);
    if (err != std::errc() || end != p.data() + p.size() || p.empty() || prefix > max) {
      return MakeError(ErrorKind::kConfig, "\"" + std::string(text) + "\" has a bad prefix length");
    }
  }
  return Cidr{base, prefix};
}

bool CidrContains(const Cidr& range, const address& a) {
  if (range.base.is_v4() != a.is_v4()) return false;
  if (a.is_v4())
    return PrefixMatch(a.to_v4().to_uint(), range.base.to_v4().to_uint(), range.prefix);
  auto x = a.to_v6().to_bytes();
  auto y = range.base.to_v6().to_bytes();
  unsigned bits = range.prefix;
  for (size_t i = 0; i < 16 && bits > 0; ++i) {
    unsigned take = bits >= 8 ? 8 : bits;
    uint8_t mask = static_cast<uint8_t>(0xff << (8 - take));
    if ((x[i] & mask) != (y[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

}  // namespace llmbox::gate
