#include "llm/attachment_loader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "llm/attachment_id.h"
#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::MapEnv;
using testing::TempDir;

const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);

void Write(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// A fetcher that must not be called: file and stdin attachments need no network.
UrlFetcher NoNetwork() {
  return [](const std::string& url, bool, uint64_t) -> Result<FetchedUrl> {
    ADD_FAILURE() << "unexpected fetch of " << url;
    return MakeError(ErrorKind::kNetwork, "no network in this test");
  };
}

struct Fixture {
  TempDir dir;
  std::istringstream in;
  AttachmentPolicy policy;
  AttachmentLoader Loader(UrlFetcher fetch = NoNetwork()) {
    return AttachmentLoader(policy, in, std::move(fetch));
  }
};

TEST(AttachmentLoader, FileGetsSniffedTypeResolvedPathAndContentHashId) {
  Fixture f;
  Write(f.dir.Sub("pic.bin"), kPng);
  ::mkdir(f.dir.Sub("sub").c_str(), 0700);
  auto a = f.Loader().Load({f.dir.Sub("sub/../pic.bin"), ""});
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->mime_type, "image/png");
  char real[PATH_MAX];
  ASSERT_NE(::realpath(f.dir.Sub("pic.bin").c_str(), real), nullptr);
  EXPECT_EQ(a->path, real);
  EXPECT_EQ(a->content, kPng);
  EXPECT_EQ(AttachmentId(*a), Sha256Hex(kPng));
  EXPECT_TRUE(a->url.empty());
}

TEST(AttachmentLoader, ExplicitTypeWinsOverSniffing) {
  Fixture f;
  Write(f.dir.Sub("notes.txt"), "plain words");
  auto a = f.Loader().Load({f.dir.Sub("notes.txt"), "text/plain"});
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->mime_type, "text/plain");
}

TEST(AttachmentLoader, UnknownTypeIsRefusedWithAHint) {
  Fixture f;
  Write(f.dir.Sub("notes.txt"), "plain words");
  auto a = f.Loader().Load({f.dir.Sub("notes.txt"), ""});
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind, ErrorKind::kUsage);
  EXPECT_NE(a.error().message.find("could not determine the type"), std::string::npos);
  EXPECT_NE(a.error().message.find("--at"), std::string::npos);
}

TEST(AttachmentLoader, MissingFileIsAUsageError) {
  Fixture f;
  auto a = f.Loader().Load({f.dir.Sub("nope.png"), ""});
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind, ErrorKind::kUsage);
  EXPECT_NE(a.error().message.find("does not exist"), std::string::npos);
}

TEST(AttachmentLoader, DirectoryFifoAndDeviceAreRefused) {
  Fixture f;
  ::mkdir(f.dir.Sub("d").c_str(), 0700);
  ASSERT_EQ(::mkfifo(f.dir.Sub("fifo").c_str(), 0600), 0);
  for (const auto& [path, kind] :
       {std::pair{f.dir.Sub("d"), "a directory"}, std::pair{f.dir.Sub("fifo"), "a FIFO"},
        std::pair{std::string("/dev/zero"), "a device"}}) {
    auto a = f.Loader().Load({path, "image/png"});  // the FIFO open must not block
    ASSERT_FALSE(a.ok()) << path;
    EXPECT_EQ(a.error().kind, ErrorKind::kUsage);
    EXPECT_NE(a.error().message.find(kind), std::string::npos) << a.error().message;
  }
}

TEST(AttachmentLoader, WorkspaceAllowsFilesInsideIt) {
  Fixture f;
  ::mkdir(f.dir.Sub("ws").c_str(), 0700);
  Write(f.dir.Sub("ws/pic.png"), kPng);
  f.policy.workspace = f.dir.Sub("ws");
  char real[PATH_MAX];
  ASSERT_NE(::realpath(f.policy.workspace.c_str(), real), nullptr);
  f.policy.workspace = real;
  auto a = f.Loader().Load({f.dir.Sub("ws/pic.png"), ""});
  ASSERT_TRUE(a.ok()) << a.error().message;
}

TEST(AttachmentLoader, WorkspaceRefusesDotDotAndSymlinkEscapes) {
  Fixture f;
  ::mkdir(f.dir.Sub("ws").c_str(), 0700);
  ::mkdir(f.dir.Sub("wsx").c_str(), 0700);  // a sibling sharing the prefix
  Write(f.dir.Sub("secret.png"), kPng);
  Write(f.dir.Sub("wsx/pic.png"), kPng);
  ASSERT_EQ(::symlink(f.dir.Sub("secret.png").c_str(), f.dir.Sub("ws/link.png").c_str()), 0);
  ASSERT_EQ(::symlink(f.dir.path().c_str(), f.dir.Sub("ws/up").c_str()), 0);
  char real[PATH_MAX];
  ASSERT_NE(::realpath(f.dir.Sub("ws").c_str(), real), nullptr);
  f.policy.workspace = real;
  for (const std::string& path : {f.dir.Sub("ws/../secret.png"), f.dir.Sub("ws/link.png"),
                                  f.dir.Sub("ws/up/secret.png"), f.dir.Sub("wsx/pic.png")}) {
    auto a = f.Loader().Load({path, ""});
    ASSERT_FALSE(a.ok()) << path;
    EXPECT_EQ(a.error().kind, ErrorKind::kUsage);
    EXPECT_EQ(a.error().message.rfind("attachment outside the workspace: " + path, 0), 0u)
        << a.error().message;
  }
}

TEST(AttachmentLoader, PerFileLimitNamesTheFileAndTheLimit) {
  Fixture f;
  Write(f.dir.Sub("big.png"), kPng + std::string(100, 'x'));
  f.policy.max_bytes = 50;
  auto a = f.Loader().Load({f.dir.Sub("big.png"), ""});
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind, ErrorKind::kUsage);
  EXPECT_NE(a.error().message.find(f.dir.Sub("big.png")), std::string::npos);
  EXPECT_NE(a.error().message.find("50 bytes limit"), std::string::npos) << a.error().message;
  EXPECT_NE(a.error().message.find("LLM_ATTACHMENT_MAX_BYTES"), std::string::npos);
}

TEST(AttachmentLoader, TotalLimitCountsEveryAttachmentOfThePrompt) {
  Fixture f;
  Write(f.dir.Sub("a.png"), kPng + std::string(30, 'a'));
  Write(f.dir.Sub("b.png"), kPng + std::string(30, 'b'));
  f.policy.total_max_bytes = 80;
  auto loader = f.Loader();
  ASSERT_TRUE(loader.Load({f.dir.Sub("a.png"), ""}).ok());
  auto second = loader.Load({f.dir.Sub("b.png"), ""});
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().message.find("total limit at " + f.dir.Sub("b.png")), std::string::npos)
      << second.error().message;
  EXPECT_NE(second.error().message.find("LLM_ATTACHMENTS_TOTAL_MAX_BYTES"), std::string::npos);
}

TEST(AttachmentLoader, StdinIsReadAsBytesAndSniffed) {
  Fixture f;
  f.in.str(kPng);
  auto a = f.Loader().Load({"-", ""});
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->mime_type, "image/png");
  EXPECT_EQ(a->content, kPng);
  EXPECT_TRUE(a->path.empty());
  EXPECT_EQ(AttachmentId(*a), Sha256Hex(kPng));
}

TEST(AttachmentLoader, StdinOverTheLimitIsRefused) {
  Fixture f;
  f.in.str(std::string(200, 'z'));
  f.policy.max_bytes = 100;
  auto a = f.Loader().Load({"-", "text/plain"});
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("standard input"), std::string::npos);
}

TEST(AttachmentLoader, UrlTypeComesFromHeadAndBytesAreNotFetched) {
  Fixture f;
  std::vector<bool> calls;
  auto loader = f.Loader([&](const std::string&, bool head, uint64_t) -> Result<FetchedUrl> {
    calls.push_back(head);
    return FetchedUrl{200, "image/jpeg; charset=binary", ""};
  });
  auto a = loader.Load({"https://example.test/cat", ""});
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(calls, std::vector<bool>{true});
  EXPECT_EQ(a->mime_type, "image/jpeg");
  EXPECT_EQ(a->url, "https://example.test/cat");
  EXPECT_TRUE(a->content.empty());
  EXPECT_EQ(AttachmentId(*a), Sha256Hex(R"({"url": "https://example.test/cat"})"));
}

TEST(AttachmentLoader, UrlWithExplicitTypeNeedsNoRequestUntilDownloaded) {
  Fixture f;
  int fetches = 0;
  auto loader = f.Loader([&](const std::string&, bool head, uint64_t) -> Result<FetchedUrl> {
    ++fetches;
    EXPECT_FALSE(head);
    return FetchedUrl{200, "", "RIFF-bytes"};
  });
  auto a = loader.Load({"http://example.test/a.wav", "audio/wav"});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(fetches, 0);
  ASSERT_TRUE(loader.Download(*a).ok());
  EXPECT_EQ(a->content, "RIFF-bytes");
  EXPECT_EQ(fetches, 1);
}

TEST(AttachmentLoader, UrlErrorStatusIsReported) {
  Fixture f;
  auto loader = f.Loader([](const std::string&, bool, uint64_t) -> Result<FetchedUrl> {
    return FetchedUrl{404, "text/html", ""};
  });
  auto a = loader.Load({"https://example.test/missing.png", ""});
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("HTTP 404"), std::string::npos);
}

TEST(AttachmentLoader, OtherSchemesAreRefused) {
  Fixture f;
  auto a = f.Loader().Load({"file:///etc/passwd", ""});
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("only http and https"), std::string::npos);
}

TEST(AttachmentPolicy, ReadsLimitsAndWorkspaceFromEnv) {
  TempDir dir;
  auto p = AttachmentPolicy::FromEnv(MapEnv({{"LLM_WORKSPACE", dir.path() + "/."},
                                             {"LLM_ATTACHMENT_MAX_BYTES", "1000"},
                                             {"LLM_ATTACHMENTS_TOTAL_MAX_BYTES", "5000"}}));
  ASSERT_TRUE(p.ok()) << p.error().message;
  char real[PATH_MAX];
  ASSERT_NE(::realpath(dir.path().c_str(), real), nullptr);
  EXPECT_EQ(p->workspace, real);
  EXPECT_EQ(p->max_bytes, 1000u);
  EXPECT_EQ(p->total_max_bytes, 5000u);
  auto defaults = AttachmentPolicy::FromEnv(MapEnv({}));
  ASSERT_TRUE(defaults.ok());
  EXPECT_TRUE(defaults->workspace.empty());
  EXPECT_EQ(defaults->max_bytes, uint64_t{20} << 20);
  EXPECT_EQ(defaults->total_max_bytes, uint64_t{50} << 20);
}

TEST(AttachmentPolicy, BadValuesAreConfigErrors) {
  EXPECT_FALSE(AttachmentPolicy::FromEnv(MapEnv({{"LLM_ATTACHMENT_MAX_BYTES", "20M"}})).ok());
  EXPECT_FALSE(AttachmentPolicy::FromEnv(MapEnv({{"LLM_ATTACHMENT_MAX_BYTES", "-1"}})).ok());
  EXPECT_FALSE(AttachmentPolicy::FromEnv(MapEnv({{"LLM_WORKSPACE", "/no/such/dir/x"}})).ok());
}

TEST(WorkspaceFromEnv, ResolvesTheDirectoryAndReadsNothingElse) {
  TempDir dir;
  ASSERT_EQ(::symlink(dir.path().c_str(), dir.Sub("link").c_str()), 0);
  char real[PATH_MAX];
  ASSERT_NE(::realpath(dir.path().c_str(), real), nullptr);
  auto ws = WorkspaceFromEnv(MapEnv({{"LLM_WORKSPACE", dir.Sub("link") + "/."},
                                     {"LLM_ATTACHMENT_MAX_BYTES", "garbage"}}));
  ASSERT_TRUE(ws.ok()) << ws.error().message;
  EXPECT_EQ(*ws, real);
  auto unset = WorkspaceFromEnv(MapEnv({{"LLM_WORKSPACE", ""}}));
  ASSERT_TRUE(unset.ok());
  EXPECT_TRUE(unset->empty());
  auto missing = WorkspaceFromEnv(MapEnv({{"LLM_WORKSPACE", "/no/such/dir/x"}}));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kConfig);
  EXPECT_NE(missing.error().message.find("LLM_WORKSPACE"), std::string::npos);
}

}  // namespace
}  // namespace llmbox
