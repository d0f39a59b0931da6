// libFuzzer target for the gate's allowlist matcher and address classes.
//
// Input: "<allowlist entry>\n<host[:port]>". Checks, beyond "does not crash":
// a pattern that parses is never `*` or a single label; a match by an exact
// pattern means the same canonical name; a wildcard match means a name
// strictly below the suffix; an IPv4 address and its IPv4-mapped IPv6 form
// always get the same class (no way around the address check by spelling).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gate/address_class.h"
#include "gate/egress_policy.h"
#include "gate/host_pattern.h"

namespace {

using namespace llmbox::gate;

void Require(bool condition) {
  if (!condition) std::abort();
}

void CheckMatch(std::string_view entry, std::string_view authority) {
  auto pattern = ParseHostPattern(entry);
  if (pattern.ok()) {
    Require(pattern->text.find('*') == std::string::npos);
    Require(pattern->kind != HostKind::kName || pattern->text.find('.') != std::string::npos);
  }
  auto dest = ParseAuthority(authority, 443);
  if (!dest.ok()) return;
  Require(dest->port != 0);
  if (!pattern.ok() || !MatchesHostPattern(*pattern, dest->host)) return;
  const std::string& host = dest->host.text;
  if (!pattern->wildcard) {
    Require(host == pattern->text);
  } else {
    const std::string suffix = "." + pattern->text;
    Require(host.size() > suffix.size() &&
            host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0);
  }
}

void CheckAddress(std::string_view text) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return;
  AddressClass cls = ClassifyAddress(address);
  if (address.is_v4()) {
    auto mapped = boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, address.to_v4());
    Require(ClassifyAddress(mapped) == cls);
    Require(!address.to_v4().is_loopback() || cls == AddressClass::kLoopback);
  }
  auto range = ParseCidr(text);
  if (range.ok()) Require(CidrContains(*range, range->base));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  std::string_view entry = input.substr(0, newline);
  std::string_view authority =
      newline == std::string_view::npos ? input : input.substr(newline + 1);
  CheckMatch(entry, authority);
  CheckAddress(entry);
  CheckAddress(authority);
  return 0;
}
