#include "gate/host_pattern.h"

#include <gtest/gtest.h>

namespace llmbox::gate {
namespace {

HostName Host(std::string_view text) {
  auto h = ParseHostName(text);
  EXPECT_TRUE(h.ok()) << text;
  return h.ok() ? *h : HostName{};
}

HostPattern Pattern(std::string_view text) {
  auto p = ParseHostPattern(text);
  EXPECT_TRUE(p.ok()) << text << ": " << (p.ok() ? "" : p.error().message);
  return p.ok() ? *p : HostPattern{};
}

TEST(HostPattern, ExactNameMatchesOnlyItself) {
  auto p = Pattern("api.example.com");
  EXPECT_TRUE(MatchesHostPattern(p, Host("api.example.com")));
  EXPECT_FALSE(MatchesHostPattern(p, Host("x.api.example.com")));
  EXPECT_FALSE(MatchesHostPattern(p, Host("example.com")));
}

TEST(HostPattern, MatchingIgnoresCaseAndOneTrailingDot) {
  auto p = Pattern("API.Example.COM.");
  EXPECT_TRUE(MatchesHostPattern(p, Host("api.EXAMPLE.com.")));
}

TEST(HostPattern, WildcardMatchesNamesBelowButNotTheSuffixItself) {
  auto p = Pattern("*.example.com");
  EXPECT_TRUE(MatchesHostPattern(p, Host("a.example.com")));
  EXPECT_TRUE(MatchesHostPattern(p, Host("a.b.example.com")));
  EXPECT_FALSE(MatchesHostPattern(p, Host("example.com")));
  EXPECT_FALSE(MatchesHostPattern(p, Host("badexample.com")));
  EXPECT_FALSE(MatchesHostPattern(p, Host("example.com.evil.net")));
}

TEST(HostPattern, RejectsStarAndBareTopLevelDomains) {
  for (const char* bad : {"*", "*.com", "com", "*.*.example.com", "a*.example.com", "*example.com",
                          "api.*.com", "localhost", "*."}) {
    EXPECT_FALSE(ParseHostPattern(bad).ok()) << bad;
  }
}

TEST(HostPattern, RejectsNamesThatAreIpAddressesInDisguise) {
  for (const char* bad : {"2130706433", "0x7f.1", "example.0x10", "foo.123"}) {
    EXPECT_FALSE(ParseHostName(bad).ok()) << bad;
  }
}

TEST(HostPattern, RejectsInvalidCharactersAndLabels) {
  for (const char* bad : {"", "a..b", "-a.com", "a-.com", "a_b.com", "a b.com", "a.com/x",
                          "a.com:443", "[::1", "[fe80::1%eth0]"}) {
    EXPECT_FALSE(ParseHostName(bad).ok()) << bad;
  }
  EXPECT_FALSE(ParseHostName(std::string(64, 'a') + ".com").ok());
}

TEST(HostPattern, ParsesIpLiteralsCanonically) {
  EXPECT_EQ(Host("203.0.113.7").kind, HostKind::kIpv4);
  auto v6 = Host("[2001:DB8:0::1]");
  EXPECT_EQ(v6.kind, HostKind::kIpv6);
  EXPECT_EQ(v6.text, "2001:db8::1");
}

TEST(HostPattern, ListedIpLiteralMatchesSameAddressOnly) {
  auto p = Pattern("2001:db8::1");
  EXPECT_TRUE(MatchesHostPattern(p, Host("[2001:db8:0:0::1]")));
  EXPECT_FALSE(MatchesHostPattern(p, Host("[2001:db8::2]")));
  auto v4 = Pattern("203.0.113.7");
  EXPECT_TRUE(MatchesHostPattern(v4, Host("203.0.113.7")));
  EXPECT_FALSE(MatchesHostPattern(v4, Host("203.0.113.8")));
}

TEST(HostPattern, WildcardNeverAppliesToIpAddresses) {
  EXPECT_FALSE(ParseHostPattern("*.0.113.7").ok());
  auto p = Pattern("*.example.com");
  EXPECT_FALSE(MatchesHostPattern(p, Host("203.0.113.7")));
}

TEST(HostPattern, PatternTextRoundTrips) {
  EXPECT_EQ(HostPatternText(Pattern("*.Example.com")), "*.example.com");
  EXPECT_EQ(HostPatternText(Pattern("[::2]")), "[::2]");
}

}  // namespace
}  // namespace llmbox::gate
