#include "gate/egress_policy.h"

#include <gtest/gtest.h>

namespace llmbox::gate {
namespace {

using boost::asio::ip::make_address;

EgressPolicy MakePolicy() {
  EgressRules rules;
  for (const char* p :
       {"pypi.org", "*.githubusercontent.com", "203.0.113.9", "internal.example.net"}) {
    rules.hosts.push_back(*ParseHostPattern(p));
  }
  rules.allowed_ranges.push_back(*ParseCidr("10.9.0.0/16"));
  return EgressPolicy(rules);
}

Destination Dest(const char* authority) {
  auto d = ParseAuthority(authority, 0);
  EXPECT_TRUE(d.ok()) << authority;
  return d.ok() ? *d : Destination{};
}

TEST(EgressPolicy, AllowsListedHostOnDefaultPort) {
  EXPECT_FALSE(MakePolicy().CheckDestination(Dest("pypi.org:443")));
  EXPECT_FALSE(MakePolicy().CheckDestination(Dest("raw.githubusercontent.com:443")));
}

TEST(EgressPolicy, RefusesUnlistedHost) {
  auto r = MakePolicy().CheckDestination(Dest("evil.example:443"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403u);
  EXPECT_EQ(r->reason, "host-not-allowed");
  EXPECT_NE(r->hint.find("allow_hosts"), std::string::npos);
}

TEST(EgressPolicy, RefusesDisallowedPort) {
  auto r = MakePolicy().CheckDestination(Dest("pypi.org:22"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->reason, "port-not-allowed");
}

TEST(EgressPolicy, RefusesUnlistedIpLiteralButAllowsListedOne) {
  auto r = MakePolicy().CheckDestination(Dest("198.51.100.1:443"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->reason, "ip-literal");
  EXPECT_FALSE(MakePolicy().CheckDestination(Dest("203.0.113.9:443")));
}

TEST(EgressPolicy, RefusesNameResolvingToPrivateAddress) {
  auto result = MakePolicy().FilterAddresses(Dest("pypi.org:443"), {make_address("10.0.0.5")});
  auto* r = std::get_if<Refusal>(&result);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->reason, "address-private");
  EXPECT_EQ(r->status, 403u);
}

TEST(EgressPolicy, RefusesWholeAnswerWhenAnyAddressIsForbidden) {
  auto result = MakePolicy().FilterAddresses(
      Dest("pypi.org:443"), {make_address("151.101.0.223"), make_address("169.254.169.254")});
  auto* r = std::get_if<Refusal>(&result);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->reason, "address-link-local");
}

TEST(EgressPolicy, KeepsPublicAnswersAndOperatorAllowedRanges) {
  auto result = MakePolicy().FilterAddresses(
      Dest("internal.example.net:443"), {make_address("151.101.0.223"), make_address("10.9.1.2")});
  auto* kept = std::get_if<std::vector<boost::asio::ip::address>>(&result);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->size(), 2u);
}

TEST(EgressPolicy, ListedLiteralStillNeedsAnAllowedAddress) {
  EgressRules rules;
  rules.hosts.push_back(*ParseHostPattern("127.0.0.1"));
  EgressPolicy policy(rules);
  auto d = Dest("127.0.0.1:443");
  EXPECT_FALSE(policy.CheckDestination(d));
  auto result = policy.FilterAddresses(d, {make_address("127.0.0.1")});
  EXPECT_NE(std::get_if<Refusal>(&result), nullptr);
}

TEST(EgressPolicy, EmptyAnswerIsAFailureNotAnAllowance) {
  auto result = MakePolicy().FilterAddresses(Dest("pypi.org:443"), {});
  auto* r = std::get_if<Refusal>(&result);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->failure);
}

TEST(ParseAuthority, ReadsHostAndPortForms) {
  EXPECT_EQ(Dest("Example.COM:8443").host.text, "example.com");
  EXPECT_EQ(Dest("Example.COM:8443").port, 8443);
  EXPECT_EQ(Dest("[2001:db8::1]:443").host.kind, HostKind::kIpv6);
  auto defaulted = ParseAuthority("example.com", 80);
  ASSERT_TRUE(defaulted.ok());
  EXPECT_EQ(defaulted->port, 80);
}

TEST(ParseAuthority, RejectsMalformedAuthorities) {
  for (const char* bad :
       {"example.com", "example.com:", "example.com:0", "example.com:65536", "example.com:+443",
        "example.com:44 3", ":443", "[::1:443", "[::1]x", "a:b:c", "example.com:443:1"}) {
    EXPECT_FALSE(ParseAuthority(bad, 0).ok()) << bad;
  }
}

TEST(ParseAuthority, DestinationTextBracketsIpv6) {
  EXPECT_EQ(DestinationText(Dest("[2001:db8::1]:443")), "[2001:db8::1]:443");
}

}  // namespace
}  // namespace llmbox::gate
