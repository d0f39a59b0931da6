#include "llm/keys_command.h"

#include <gtest/gtest.h>

#include "llm/config_test_support.h"
#include "llm/key_store.h"

namespace llmbox {
namespace {

using testing::CommandHarness;
using testing::ModeOf;
using testing::TempDir;
using testing::WriteText;

class KeysCommandTest : public ::testing::Test {
 protected:
  Result<void> Run(CommandHarness& h, std::vector<std::string> args) {
    return h.Run(AddKeysCommand, std::move(args));
  }
  std::optional<std::string> Stored(const std::string& name) {
    auto v = KeyStore(tmp_.path(), testing::MapEnv({})).Get(name);
    return v.ok() ? *v : std::nullopt;
  }

  TempDir tmp_;
};

TEST_F(KeysCommandTest, BareKeysListsNames) {
  WriteText(tmp_.Sub("keys.json"), R"({"openai": "sk-a"})");
  CommandHarness h(tmp_.path(), {});
  ASSERT_TRUE(Run(h, {"keys"}).ok());
  EXPECT_EQ(h.out.str(), "openai\n");
}

TEST_F(KeysCommandTest, ListPrintsSortedNamesWithoutValuesOrNote) {
  WriteText(tmp_.Sub("keys.json"), R"({"// Note": "n", "openai": "sk-a", "anthropic": "sk-b"})");
  CommandHarness h(tmp_.path(), {});
  ASSERT_TRUE(Run(h, {"keys", "list"}).ok());
  EXPECT_EQ(h.out.str(), "anthropic\nopenai\n");
}

TEST_F(KeysCommandTest, ListWithoutKeysFileSaysNoKeysFound) {
  CommandHarness h(tmp_.path(), {});
  ASSERT_TRUE(Run(h, {"keys", "list"}).ok());
  EXPECT_EQ(h.out.str(), "No keys found\n");
}

TEST_F(KeysCommandTest, PathPrintsKeysJsonPath) {
  CommandHarness h(tmp_.path(), {});
  ASSERT_TRUE(Run(h, {"keys", "path"}).ok());
  EXPECT_EQ(h.out.str(), tmp_.Sub("keys.json") + "\n");
}

TEST_F(KeysCommandTest, PathUsesLlmUserPathWhenContextHasNoDir) {
  CommandHarness h("", {{"LLM_USER_PATH", tmp_.path()}});
  ASSERT_TRUE(Run(h, {"keys", "path"}).ok());
  EXPECT_EQ(h.out.str(), tmp_.Sub("keys.json") + "\n");
}

TEST_F(KeysCommandTest, GetPrintsTheStoredValue) {
  WriteText(tmp_.Sub("keys.json"), R"({"openai": "sk-a"})");
  CommandHarness h(tmp_.path(), {});
  ASSERT_TRUE(Run(h, {"keys", "get", "openai"}).ok());
  EXPECT_EQ(h.out.str(), "sk-a\n");
}

TEST_F(KeysCommandTest, GetOfMissingKeyIsErrorNamingIt) {
  CommandHarness h(tmp_.path(), {});
  auto r = Run(h, {"keys", "get", "nope"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "No key found with name 'nope'");
  EXPECT_EQ(h.out.str(), "");
}

TEST_F(KeysCommandTest, GetWithoutNameIsUsageError) {
  CommandHarness h(tmp_.path(), {});
  auto r = Run(h, {"keys", "get"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
}

TEST_F(KeysCommandTest, SetWithValueStoresKeyPrivately) {
  CommandHarness h(tmp_.path(), {});
  ASSERT_TRUE(Run(h, {"keys", "set", "openai", "--value", "sk-given"}).ok());
  EXPECT_EQ(Stored("openai"), "sk-given");
  EXPECT_EQ(ModeOf(tmp_.Sub("keys.json")), 0600u);
}

TEST_F(KeysCommandTest, SetReadsOneLineFromPipeAndTrimsIt) {
  CommandHarness h(tmp_.path(), {}, "  sk-piped \r\nsecond line\n");
  ASSERT_TRUE(Run(h, {"keys", "set", "openai"}).ok());
  EXPECT_EQ(Stored("openai"), "sk-piped");
  EXPECT_EQ(h.err.str(), "");  // no prompt when stdin is not a terminal
}

TEST_F(KeysCommandTest, SetFromTerminalPromptsOnStderr) {
  CommandHarness h(tmp_.path(), {}, "sk-typed\n");
  h.ctx.stdin_is_tty = true;
  ASSERT_TRUE(Run(h, {"keys", "set", "openai"}).ok());
  EXPECT_EQ(h.err.str(), "Enter key: \n");
  EXPECT_EQ(Stored("openai"), "sk-typed");
}

TEST_F(KeysCommandTest, SetNeverPrintsTheKey) {
  CommandHarness h(tmp_.path(), {}, "sk-typed-secret\n");
  h.ctx.stdin_is_tty = true;
  ASSERT_TRUE(Run(h, {"keys", "set", "openai"}).ok());
  EXPECT_EQ(h.out.str(), "");
  EXPECT_EQ(h.err.str().find("sk-typed-secret"), std::string::npos);
}

TEST_F(KeysCommandTest, SetWithEmptyInputStoresNothing) {
  CommandHarness h(tmp_.path(), {}, "\n");
  auto r = Run(h, {"keys", "set", "openai"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
  EXPECT_FALSE(Stored("openai").has_value());
}

TEST_F(KeysCommandTest, SetKeepsExistingKeys) {
  WriteText(tmp_.Sub("keys.json"), R"({"anthropic": "sk-b"})");
  CommandHarness h(tmp_.path(), {});
  ASSERT_TRUE(Run(h, {"keys", "set", "openai", "--value", "sk-a"}).ok());
  EXPECT_EQ(Stored("anthropic"), "sk-b");
  EXPECT_EQ(Stored("openai"), "sk-a");
}

}  // namespace
}  // namespace llmbox
