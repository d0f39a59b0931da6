#include "llm/fragment_resolver.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::MapEnv;
using testing::TempDir;

void Write(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string Real(const std::string& path) {
  char real[PATH_MAX];
  return ::realpath(path.c_str(), real) != nullptr ? real : "";
}

UrlFetcher NoNetwork() {
  return [](const std::string& url, bool, uint64_t) -> Result<FetchedUrl> {
    ADD_FAILURE() << "unexpected fetch of " << url;
    return MakeError(ErrorKind::kNetwork, "no network in this test");
  };
}

FragmentLookup Stored(std::string key, Fragment f) {
  return [key, f](const std::string& k) -> Result<std::optional<Fragment>> {
    if (k == key) return std::optional<Fragment>(f);
    return std::optional<Fragment>();
  };
}

struct Fixture {
  TempDir dir;
  std::istringstream in;
  FragmentPolicy policy;
  FragmentResolver Resolver(UrlFetcher fetch = NoNetwork(), FragmentLookup lookup = nullptr) {
    return FragmentResolver(policy, in, std::move(fetch), std::move(lookup));
  }
};

TEST(FragmentResolver, FileGivesItsTextAndResolvedPath) {
  Fixture f;
  Write(f.dir.Sub("a.txt"), "alpha\n");
  auto got = f.Resolver().Resolve(f.dir.Sub("./a.txt"));
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->content, "alpha\n");
  EXPECT_EQ(got->source, Real(f.dir.Sub("a.txt")));
}

TEST(FragmentResolver, StoredAliasOrHashWinsOverAFileOfThatName) {
  Fixture f;
  Write(f.dir.Sub("docs"), "the file");
  ASSERT_EQ(::chdir(f.dir.path().c_str()), 0);
  auto got = f.Resolver(NoNetwork(), Stored("docs", {"stored", "src"})).Resolve("docs");
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->content, "stored");
  EXPECT_EQ(got->source, "src");
}

TEST(FragmentResolver, DashReadsStandardInputWithDashAsSource) {
  Fixture f;
  f.in.str("piped");
  auto got = f.Resolver().Resolve("-");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->content, "piped");
  EXPECT_EQ(got->source, "-");
}

TEST(FragmentResolver, UrlIsFetchedWithTheLimitAndInvalidBytesReplaced) {
  Fixture f;
  f.policy.max_bytes = 123;
  auto fetch = [](const std::string& url, bool head, uint64_t max) -> Result<FetchedUrl> {
    EXPECT_EQ(url, "https://example.test/doc");
    EXPECT_FALSE(head);
    EXPECT_EQ(max, 123u);
    return FetchedUrl{200, "text/plain", "ok \xff", false};
  };
  auto got = f.Resolver(fetch).Resolve("https://example.test/doc");
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->content, "ok \xEF\xBF\xBD");
  EXPECT_EQ(got->source, "https://example.test/doc");
}

TEST(FragmentResolver, UrlErrorsAreOneLineWithExitStatusOne) {
  Fixture f;
  auto status = f.Resolver([](const std::string&, bool, uint64_t) -> Result<FetchedUrl> {
    return FetchedUrl{404, "", "", false};
  }).Resolve("http://x.test/");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kConfig);
  EXPECT_NE(status.error().message.find("HTTP 404"), std::string::npos);
  auto big = f.Resolver([](const std::string&, bool, uint64_t) -> Result<FetchedUrl> {
    return FetchedUrl{200, "", "partial", true};
  }).Resolve("http://x.test/");
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message.find("LLM_FRAGMENT_MAX_BYTES"), std::string::npos);
}

// Serves `hops` redirects (/r0 -> /r1 -> ...) and then the text; records the URLs asked for.
UrlFetcher RedirectChain(int hops, std::vector<std::string>& asked, std::string last_target = "") {
  return [hops, &asked, last_target](const std::string& url, bool, uint64_t) -> Result<FetchedUrl> {
    asked.push_back(url);
    const int n = static_cast<int>(asked.size()) - 1;
    if (n < hops) {
      FetchedUrl r{302, "text/html", "", false};
      r.redirect_url = (n == hops - 1 && !last_target.empty())
                           ? last_target
                           : "http://127.0.0.1:9/r" + std::to_string(n + 1);
      return r;
    }
    return FetchedUrl{200, "text/plain", "final text", false};
  };
}

TEST(FragmentResolver, UrlFollowsUpToThreeRedirectsKeepingTheGivenUrlAsSource) {
  Fixture f;
  std::vector<std::string> asked;
  auto got = f.Resolver(RedirectChain(3, asked)).Resolve("http://127.0.0.1:9/r0");
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->content, "final text");
  EXPECT_EQ(got->source, "http://127.0.0.1:9/r0");
  EXPECT_EQ(asked, (std::vector<std::string>{"http://127.0.0.1:9/r0", "http://127.0.0.1:9/r1",
                                             "http://127.0.0.1:9/r2", "http://127.0.0.1:9/r3"}));
}

TEST(FragmentResolver, AFourthRedirectIsRefused) {
  Fixture f;
  std::vector<std::string> asked;
  auto got = f.Resolver(RedirectChain(4, asked)).Resolve("http://127.0.0.1:9/r0");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().kind, ErrorKind::kConfig);
  EXPECT_NE(got.error().message.find("more than 3 times"), std::string::npos);
  EXPECT_EQ(asked.size(), 4u);  // the fourth redirect's target is never asked for
}

TEST(FragmentResolver, ARedirectToAnotherSchemeIsRefusedAndNotFetched) {
  Fixture f;
  std::vector<std::string> asked;
  auto got = f.Resolver(RedirectChain(1, asked, "file:///etc/passwd\r\x1b[31m"))
                 .Resolve("https://127.0.0.1:9/doc");
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error().message.find("not http or https"), std::string::npos);
  EXPECT_EQ(got.error().message.find('\x1b'), std::string::npos);  // printed safely
  EXPECT_EQ(asked.size(), 1u);
}

TEST(FragmentResolver, ARedirectWithoutLocationIsAnHttpError) {
  Fixture f;
  auto got = f.Resolver([](const std::string&, bool, uint64_t) -> Result<FetchedUrl> {
                return FetchedUrl{302, "", "", false};
              }).Resolve("http://127.0.0.1:9/x");
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error().message.find("HTTP 302"), std::string::npos);
}

TEST(FragmentResolver, LoaderPrefixIsRefusedWithoutLookingFurther) {
  Fixture f;
  auto got = f.Resolver(NoNetwork(), [](const std::string&) -> Result<std::optional<Fragment>> {
    ADD_FAILURE() << "no lookup for a loader prefix";
    return std::optional<Fragment>();
  }).Resolve("github:simonw/llm");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().kind, ErrorKind::kConfig);
  EXPECT_NE(got.error().message.find("'github:'"), std::string::npos);
  EXPECT_NE(got.error().message.find("plugin"), std::string::npos);
}

TEST(FragmentResolver, MissingFileIsNotFound) {
  Fixture f;
  auto got = f.Resolver().Resolve(f.dir.Sub("none.txt"));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().kind, ErrorKind::kConfig);
  EXPECT_NE(got.error().message.find("Fragment '" + f.dir.Sub("none.txt") + "' not found"),
            std::string::npos);
}

TEST(FragmentResolver, DirectoryIsRefused) {
  Fixture f;
  auto got = f.Resolver().Resolve(f.dir.path());
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().kind, ErrorKind::kConfig);
  EXPECT_NE(got.error().message.find("fragment " + f.dir.path() + " is a directory"),
            std::string::npos);
}

TEST(FragmentResolver, FileOutsideTheWorkspaceOrLinkedOutIsRefused) {
  Fixture f;
  ::mkdir(f.dir.Sub("ws").c_str(), 0700);
  Write(f.dir.Sub("secret"), "s");
  ASSERT_EQ(::symlink(f.dir.Sub("secret").c_str(), f.dir.Sub("ws/link").c_str()), 0);
  f.policy.workspace = Real(f.dir.Sub("ws"));
  for (const std::string& path : {f.dir.Sub("secret"), f.dir.Sub("ws/link")}) {
    auto got = f.Resolver().Resolve(path);
    ASSERT_FALSE(got.ok()) << path;
    EXPECT_NE(got.error().message.find("fragment outside the workspace"), std::string::npos);
  }
}

TEST(FragmentResolver, InvalidUtf8FromAFileOrStdinIsRefused) {
  Fixture f;
  Write(f.dir.Sub("latin1"), "caf\xe9");
  auto file = f.Resolver().Resolve(f.dir.Sub("latin1"));
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.error().message.find("not UTF-8"), std::string::npos);
  f.in.str("\xff");
  auto in = f.Resolver().Resolve("-");
  ASSERT_FALSE(in.ok());
  EXPECT_NE(in.error().message.find("not UTF-8"), std::string::npos);
}

TEST(FragmentResolver, PerFragmentAndTotalLimits) {
  Fixture f;
  Write(f.dir.Sub("a"), std::string(60, 'a'));
  f.policy.max_bytes = 50;
  auto one = f.Resolver().Resolve(f.dir.Sub("a"));
  ASSERT_FALSE(one.ok());
  EXPECT_NE(one.error().message.find("LLM_FRAGMENT_MAX_BYTES"), std::string::npos);
  f.policy.max_bytes = 100;
  f.policy.total_max_bytes = 100;
  auto resolver = f.Resolver();
  auto both = resolver.ResolveAll({f.dir.Sub("a"), f.dir.Sub("a")});
  ASSERT_FALSE(both.ok());
  EXPECT_NE(both.error().message.find("LLM_FRAGMENTS_TOTAL_MAX_BYTES"), std::string::npos);
}

TEST(FragmentPolicy, ReadsLimitsAndRefusesNonNumbers) {
  auto p = FragmentPolicy::FromEnv(
      MapEnv({{"LLM_FRAGMENT_MAX_BYTES", "10"}, {"LLM_FRAGMENTS_TOTAL_MAX_BYTES", "20"}}));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->max_bytes, 10u);
  EXPECT_EQ(p->total_max_bytes, 20u);
  EXPECT_FALSE(FragmentPolicy::FromEnv(MapEnv({{"LLM_FRAGMENT_MAX_BYTES", "lots"}})).ok());
}

TEST(FragmentPolicy, IgnoresAttachmentLimitsButSharesTheWorkspace) {
  TempDir dir;
  auto p = FragmentPolicy::FromEnv(MapEnv({{"LLM_WORKSPACE", dir.path() + "/."},
                                           {"LLM_ATTACHMENT_MAX_BYTES", "garbage"},
                                           {"LLM_ATTACHMENTS_TOTAL_MAX_BYTES", "-5"}}));
  ASSERT_TRUE(p.ok()) << p.error().message;
  char real[PATH_MAX];
  ASSERT_NE(::realpath(dir.path().c_str(), real), nullptr);
  EXPECT_EQ(p->workspace, real);
  EXPECT_FALSE(FragmentPolicy::FromEnv(MapEnv({{"LLM_WORKSPACE", "/no/such/dir/x"}})).ok());
}

}  // namespace
}  // namespace llmbox
