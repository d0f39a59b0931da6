#include "gate/address_class.h"

#include <gtest/gtest.h>

namespace llmbox::gate {
namespace {

AddressClass Classify(const char* text) {
  return ClassifyAddress(boost::asio::ip::make_address(text));
}

TEST(AddressClass, PublicAddressesArePublic) {
  for (const char* a :
       {"1.1.1.1", "8.8.8.8", "104.18.6.192", "2606:4700::6810:1", "2a00:1450::1"}) {
    EXPECT_EQ(Classify(a), AddressClass::kPublic) << a;
  }
}

TEST(AddressClass, RefusesEveryIpv4SpecialRange) {
  struct Case {
    const char* address;
    AddressClass cls;
  } cases[] = {
      {"0.0.0.0", AddressClass::kUnspecified},
      {"127.0.0.1", AddressClass::kLoopback},
      {"127.255.255.254", AddressClass::kLoopback},
      {"10.1.2.3", AddressClass::kPrivate},
      {"172.16.0.1", AddressClass::kPrivate},
      {"172.31.255.255", AddressClass::kPrivate},
      {"192.168.1.1", AddressClass::kPrivate},
      {"100.64.0.1", AddressClass::kSharedCgnat},
      {"100.127.255.255", AddressClass::kSharedCgnat},
      {"169.254.169.254", AddressClass::kLinkLocal},
      {"224.0.0.1", AddressClass::kMulticast},
      {"239.255.255.250", AddressClass::kMulticast},
      {"240.0.0.1", AddressClass::kReserved},
      {"255.255.255.255", AddressClass::kReserved},
      {"192.0.2.1", AddressClass::kDocumentation},
      {"198.51.100.1", AddressClass::kDocumentation},
      {"203.0.113.1", AddressClass::kDocumentation},
      {"198.18.0.1", AddressClass::kReserved},
      {"192.0.0.8", AddressClass::kReserved},
  };
  for (const auto& c : cases) EXPECT_EQ(Classify(c.address), c.cls) << c.address;
}

TEST(AddressClass, NeighboursOfSpecialRangesArePublic) {
  for (const char* a : {"172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1",
                        "169.253.255.255", "11.0.0.1", "223.255.255.255"}) {
    EXPECT_EQ(Classify(a), AddressClass::kPublic) << a;
  }
}

TEST(AddressClass, RefusesIpv6SpecialRanges) {
  EXPECT_EQ(Classify("::"), AddressClass::kUnspecified);
  EXPECT_EQ(Classify("::1"), AddressClass::kLoopback);
  EXPECT_EQ(Classify("fd00::1"), AddressClass::kUniqueLocal);
  EXPECT_EQ(Classify("fc00::1"), AddressClass::kUniqueLocal);
  EXPECT_EQ(Classify("fe80::1"), AddressClass::kLinkLocal);
  EXPECT_EQ(Classify("ff02::1"), AddressClass::kMulticast);
  EXPECT_EQ(Classify("2001:db8::1"), AddressClass::kDocumentation);
  EXPECT_EQ(Classify("3fff::1"), AddressClass::kDocumentation);
  EXPECT_EQ(Classify("2001::1"), AddressClass::kReserved);        // Teredo
  EXPECT_EQ(Classify("2002:a00:1::1"), AddressClass::kReserved);  // 6to4
  EXPECT_EQ(Classify("fec0::1"), AddressClass::kReserved);        // old site-local
  EXPECT_EQ(Classify("::127.0.0.1"), AddressClass::kReserved);    // IPv4-compatible
}

TEST(AddressClass, JudgesIpv4EmbeddedInIpv6ByItsIpv4Part) {
  EXPECT_EQ(Classify("::ffff:127.0.0.1"), AddressClass::kLoopback);
  EXPECT_EQ(Classify("::ffff:169.254.169.254"), AddressClass::kLinkLocal);
  EXPECT_EQ(Classify("::ffff:8.8.8.8"), AddressClass::kPublic);
  EXPECT_EQ(Classify("64:ff9b::10.0.0.1"), AddressClass::kPrivate);
  EXPECT_EQ(Classify("64:ff9b::8.8.8.8"), AddressClass::kPublic);
}

TEST(AddressClass, CidrContainsItsRangeOnly) {
  auto r = ParseCidr("10.1.0.0/16");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(CidrContains(*r, boost::asio::ip::make_address("10.1.200.3")));
  EXPECT_FALSE(CidrContains(*r, boost::asio::ip::make_address("10.2.0.1")));
  EXPECT_FALSE(CidrContains(*r, boost::asio::ip::make_address("::ffff:10.1.0.1")));
  auto v6 = ParseCidr("fd12:3456::/33");
  ASSERT_TRUE(v6.ok());
  EXPECT_TRUE(CidrContains(*v6, boost::asio::ip::make_address("fd12:3456:7fff::1")));
  EXPECT_FALSE(CidrContains(*v6, boost::asio::ip::make_address("fd12:3456:8000::1")));
  auto one = ParseCidr("127.0.0.1");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->prefix, 32u);
}

TEST(AddressClass, ParseCidrRejectsJunk) {
  for (const char* bad :
       {"", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "::1/129", "host/8", "fe80::1%eth0/64"}) {
    EXPECT_FALSE(ParseCidr(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace llmbox::gate
