#include "llm/health.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::CommandHarness;
using testing::TempDir;
using testing::WriteText;

class HealthTest : public ::testing::Test {
 protected:
  HealthTest() { WriteText(tmp_.Sub("ca.pem"), "-----BEGIN CERTIFICATE-----\n", 0644); }

  // A healthy setup: config dir inside the temp dir, a CA bundle file.
  CommandHarness Harness(const std::string& user_dir) {
    return CommandHarness(user_dir, {{"SSL_CERT_FILE", tmp_.Sub("ca.pem")}});
  }
  std::string Cfg() const { return tmp_.Sub("cfg"); }

  TempDir tmp_;
};

TEST_F(HealthTest, HealthyWhenConfigDirCanBeCreated) {
  auto h = Harness(Cfg());
  auto r = CheckHealth(h.ctx);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(std::filesystem::is_directory(Cfg()));
}

TEST_F(HealthTest, LeavesNoProbeFileBehind) {
  auto h = Harness(Cfg());
  ASSERT_TRUE(CheckHealth(h.ctx).ok());
  EXPECT_TRUE(std::filesystem::is_empty(Cfg()));
}

TEST_F(HealthTest, UsesLlmUserPathWhenContextHasNoDir) {
  CommandHarness h("", {{"SSL_CERT_FILE", tmp_.Sub("ca.pem")}, {"LLM_USER_PATH", Cfg()}});
  ASSERT_TRUE(CheckHealth(h.ctx).ok());
  EXPECT_TRUE(std::filesystem::is_directory(Cfg()));
}

TEST_F(HealthTest, ConfigDirUnderAFileFailsNamingThePath) {
  WriteText(tmp_.Sub("file"), "x");
  auto h = Harness(tmp_.Sub("file/cfg"));
  auto r = CheckHealth(h.ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(tmp_.Sub("file")), std::string::npos);
  EXPECT_NE(r.error().message.find("LLM_USER_PATH"), std::string::npos);
}

TEST_F(HealthTest, ReadOnlyConfigDirFails) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can write anywhere";
  ::mkdir(Cfg().c_str(), 0500);
  auto h = Harness(Cfg());
  auto r = CheckHealth(h.ctx);
  ::chmod(Cfg().c_str(), 0700);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(Cfg() + " is not writable"), std::string::npos);
}

TEST_F(HealthTest, GroupReadableKeysJsonFailsWithChmodHint) {
  ::mkdir(Cfg().c_str(), 0700);
  WriteText(Cfg() + "/keys.json", "{}", 0640);
  auto h = Harness(Cfg());
  auto r = CheckHealth(h.ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kSecurity);
  EXPECT_NE(r.error().message.find("chmod 600 " + Cfg() + "/keys.json"), std::string::npos);
}

TEST_F(HealthTest, PrivateKeysJsonPasses) {
  ::mkdir(Cfg().c_str(), 0700);
  WriteText(Cfg() + "/keys.json", R"({"openai": "sk-x"})", 0600);
  auto h = Harness(Cfg());
  EXPECT_TRUE(CheckHealth(h.ctx).ok());
}

TEST_F(HealthTest, MissingCaBundleFailsNamingItAndTheFix) {
  CommandHarness h(Cfg(), {{"SSL_CERT_FILE", tmp_.Sub("no-ca.pem")}});
  auto r = CheckHealth(h.ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(tmp_.Sub("no-ca.pem")), std::string::npos);
  EXPECT_NE(r.error().message.find("SSL_CERT_FILE"), std::string::npos);
}

TEST_F(HealthTest, EmptyCaBundleFails) {
  WriteText(tmp_.Sub("empty.pem"), "", 0644);
  CommandHarness h(Cfg(), {{"SSL_CERT_FILE", tmp_.Sub("empty.pem")}});
  auto r = CheckHealth(h.ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("CA bundle is empty"), std::string::npos);
}

TEST_F(HealthTest, CaBundleThatIsADirectoryFails) {
  CommandHarness h(Cfg(), {{"SSL_CERT_FILE", tmp_.path()}});
  auto r = CheckHealth(h.ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not a regular file"), std::string::npos);
}

TEST_F(HealthTest, SqliteLogsDbPasses) {
  ::mkdir(Cfg().c_str(), 0700);
  WriteText(Cfg() + "/logs.db", std::string("SQLite format 3\0", 16) + std::string(100, '\0'));
  auto h = Harness(Cfg());
  EXPECT_TRUE(CheckHealth(h.ctx).ok());
}

TEST_F(HealthTest, EmptyLogsDbPasses) {
  ::mkdir(Cfg().c_str(), 0700);
  WriteText(Cfg() + "/logs.db", "");
  auto h = Harness(Cfg());
  EXPECT_TRUE(CheckHealth(h.ctx).ok());
}

TEST_F(HealthTest, LogsDbThatIsNotSqliteFails) {
  ::mkdir(Cfg().c_str(), 0700);
  WriteText(Cfg() + "/logs.db", "this is not a database at all");
  auto h = Harness(Cfg());
  auto r = CheckHealth(h.ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(Cfg() + "/logs.db is not an SQLite database"),
            std::string::npos);
}

TEST_F(HealthTest, LogsDbThatIsADirectoryFails) {
  ::mkdir(Cfg().c_str(), 0700);
  ::mkdir((Cfg() + "/logs.db").c_str(), 0700);
  auto h = Harness(Cfg());
  auto r = CheckHealth(h.ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not a regular file"), std::string::npos);
}

TEST_F(HealthTest, UnreadableLogsDbFails) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can read anything";
  ::mkdir(Cfg().c_str(), 0700);
  WriteText(Cfg() + "/logs.db", "", 0200);
  auto h = Harness(Cfg());
  auto r = CheckHealth(h.ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(Cfg() + "/logs.db: cannot read"), std::string::npos);
}

TEST_F(HealthTest, CommandPrintsOk) {
  auto h = Harness(Cfg());
  ASSERT_TRUE(h.Run(AddHealthCommand, {"healthcheck"}).ok());
  EXPECT_EQ(h.out.str(), "ok\n");
}

TEST_F(HealthTest, CommandReturnsTheFailureAndPrintsNothing) {
  CommandHarness h(Cfg(), {{"SSL_CERT_FILE", tmp_.Sub("no-ca.pem")}});
  ASSERT_FALSE(h.Run(AddHealthCommand, {"healthcheck"}).ok());
  EXPECT_EQ(h.out.str(), "");
}

TEST_F(HealthTest, CommandIsHiddenFromHelp) {
  CLI::App app("test");
  Runner run;
  auto h = Harness(Cfg());
  AddHealthCommand(app, h.ctx, run);
  EXPECT_EQ(app.help().find("healthcheck"), std::string::npos);
}

}  // namespace
}  // namespace llmbox
