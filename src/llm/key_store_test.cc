#include "llm/key_store.h"

#include <gtest/gtest.h>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::MapEnv;
using testing::ModeOf;
using testing::ReadText;
using testing::TempDir;
using testing::WriteText;

constexpr char kSecret[] = "sk-test-0123456789abcdefSECRET";

class KeyStoreTest : public ::testing::Test {
 protected:
  KeyStore Store(std::map<std::string, std::string> env = {}) const {
    return KeyStore(tmp_.path(), MapEnv(std::move(env)));
  }
  std::string KeysPath() const { return tmp_.Sub("keys.json"); }
  void WriteKeys(const std::string& json, mode_t mode = 0600) const {
    WriteText(KeysPath(), json, mode);
  }

  TempDir tmp_;
};

TEST_F(KeyStoreTest, PathIsKeysJsonInUserDir) {
  auto p = Store().Path();
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, KeysPath());
}

TEST_F(KeyStoreTest, EmptyUserDirFallsBackToLlmUserPath) {
  KeyStore store("", MapEnv({{"LLM_USER_PATH", tmp_.path()}}));
  auto p = store.Path();
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, KeysPath());
}

TEST_F(KeyStoreTest, GetReturnsStoredValue) {
  WriteKeys(R"({"openai": "sk-stored"})");
  auto v = Store().Get("openai");
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(v->has_value());
  EXPECT_EQ(**v, "sk-stored");
}

TEST_F(KeyStoreTest, GetOfUnknownNameIsNullopt) {
  WriteKeys(R"({"openai": "sk-stored"})");
  auto v = Store().Get("anthropic");
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->has_value());
}

TEST_F(KeyStoreTest, GetWithoutKeysFileIsNullopt) {
  auto v = Store().Get("openai");
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->has_value());
}

TEST_F(KeyStoreTest, GetDoesNotTreatTheNoteAsAKey) {
  WriteKeys(R"({"// Note": "This file stores secret API credentials. Do not share!"})");
  auto v = Store().Get("// Note");
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->has_value());
}

TEST_F(KeyStoreTest, ListIsSortedAndSkipsTheNote) {
  WriteKeys(R"({"// Note": "x", "openai": "a", "anthropic": "b", "gemini": "c"})");
  auto names = Store().List();
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"anthropic", "gemini", "openai"}));
}

TEST_F(KeyStoreTest, ListWithoutKeysFileIsEmpty) {
  auto names = Store().List();
  ASSERT_TRUE(names.ok());
  EXPECT_TRUE(names->empty());
}

TEST_F(KeyStoreTest, SetCreatesPrivateFileWithLlmsNote) {
  ASSERT_TRUE(Store().Set("openai", "sk-new").ok());
  EXPECT_EQ(ModeOf(KeysPath()), 0600u);
  EXPECT_EQ(ReadText(KeysPath()),
            "{\n  \"// Note\": \"This file stores secret API credentials. Do not share!\",\n"
            "  \"openai\": \"sk-new\"\n}\n");
}

TEST_F(KeyStoreTest, SetCreatesMissingUserDirPrivate) {
  KeyStore store(tmp_.Sub("cfg/llm"), MapEnv({}));
  ASSERT_TRUE(store.Set("openai", "sk-new").ok());
  EXPECT_EQ(ModeOf(tmp_.Sub("cfg/llm")), 0700u);
  EXPECT_EQ(ModeOf(tmp_.Sub("cfg/llm/keys.json")), 0600u);
}

TEST_F(KeyStoreTest, SetKeepsOtherEntriesInTheirOrder) {
  WriteKeys(R"({"// Note": "keep me", "zeta": "z", "alpha": "a"})");
  ASSERT_TRUE(Store().Set("mid", "m").ok());
  EXPECT_EQ(ReadText(KeysPath()),
            "{\n  \"// Note\": \"keep me\",\n  \"zeta\": \"z\",\n  \"alpha\": \"a\",\n"
            "  \"mid\": \"m\"\n}\n");
}

TEST_F(KeyStoreTest, SetReplacesExistingValue) {
  WriteKeys(R"({"openai": "old"})");
  ASSERT_TRUE(Store().Set("openai", "new").ok());
  EXPECT_EQ(**Store().Get("openai"), "new");
}

TEST_F(KeyStoreTest, SetRejectsTheNoteName) {
  auto r = Store().Set("// Note", "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
}

TEST_F(KeyStoreTest, SetRejectsInvalidUtf8WithoutQuotingIt) {
  auto r = Store().Set("openai", "sk-\xff\xfe-tail");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find("tail"), std::string::npos);
  EXPECT_EQ(r.error().message.find("\xff"), std::string::npos);
}

TEST_F(KeyStoreTest, GroupReadableFileIsRefusedWithChmodHint) {
  WriteKeys(std::string(R"({"openai": ")") + kSecret + "\"}", 0640);
  auto v = Store().Get("openai");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::kSecurity);
  EXPECT_EQ(v.error().message,
            KeysPath() + " is readable by other users; run: chmod 600 " + KeysPath());
}

TEST_F(KeyStoreTest, WorldReadableFileIsRefused) {
  WriteKeys(R"({"openai": "x"})", 0604);
  auto names = Store().List();
  ASSERT_FALSE(names.ok());
  EXPECT_EQ(names.error().kind, ErrorKind::kSecurity);
}

TEST_F(KeyStoreTest, SetRefusesToRewriteAnInsecureFile) {
  WriteKeys(R"({"openai": "x"})", 0644);
  auto r = Store().Set("other", "y");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kSecurity);
  EXPECT_EQ(ModeOf(KeysPath()), 0644u);
}

TEST_F(KeyStoreTest, InvalidJsonIsConfigErrorThatQuotesNothing) {
  WriteKeys(std::string(R"({"openai": ")") + kSecret + "\" oops}");
  auto v = Store().Get("openai");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::kConfig);
  EXPECT_EQ(v.error().message.find("SECRET"), std::string::npos);
  EXPECT_NE(v.error().message.find(KeysPath()), std::string::npos);
}

TEST_F(KeyStoreTest, SetDoesNotOverwriteInvalidJson) {
  WriteKeys("{not json");
  ASSERT_FALSE(Store().Set("openai", "x").ok());
  EXPECT_EQ(ReadText(KeysPath()), "{not json");
}

TEST_F(KeyStoreTest, NonObjectJsonIsConfigError) {
  WriteKeys(R"(["openai"])");
  auto v = Store().Get("openai");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::kConfig);
}

TEST_F(KeyStoreTest, NonStringValueIsConfigError) {
  WriteKeys(R"({"openai": 42})");
  auto v = Store().Get("openai");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::kConfig);
  EXPECT_NE(v.error().message.find("'openai'"), std::string::npos);
}

TEST_F(KeyStoreTest, ResolveKeyExplicitNameOfStoredKeyUsesStoredValue) {
  WriteKeys(R"({"work": "sk-work", "openai": "sk-default"})");
  auto k = Store().ResolveKey({"work", "openai", "OPENAI_API_KEY", true});
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k, "sk-work");
}

TEST_F(KeyStoreTest, ResolveKeyExplicitLiteralBeatsStoredAndEnvironment) {
  WriteKeys(R"({"openai": "sk-default"})");
  auto k = Store({{"OPENAI_API_KEY", "sk-env"}})
               .ResolveKey({"sk-literal", "openai", "OPENAI_API_KEY", true});
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k, "sk-literal");
}

TEST_F(KeyStoreTest, ResolveKeyStoredKeyBeatsEnvironment) {
  WriteKeys(R"({"openai": "sk-default"})");
  auto k = Store({{"OPENAI_API_KEY", "sk-env"}}).ResolveKey({"", "openai", "OPENAI_API_KEY", true});
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k, "sk-default");
}

TEST_F(KeyStoreTest, ResolveKeyFallsBackToEnvironmentVariable) {
  auto k = Store({{"OPENAI_API_KEY", "sk-env"}}).ResolveKey({"", "openai", "OPENAI_API_KEY", true});
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k, "sk-env");
}

TEST_F(KeyStoreTest, ResolveKeyReadsEnvFileAndStripsTrailingNewline) {
  WriteText(tmp_.Sub("secret"), "sk-from-file\n");
  auto k = Store({{"OPENAI_API_KEY_FILE", tmp_.Sub("secret")}})
               .ResolveKey({"", "openai", "OPENAI_API_KEY", true});
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k, "sk-from-file");
}

TEST_F(KeyStoreTest, ResolveKeyPrefersEnvironmentVariableOverEnvFile) {
  WriteText(tmp_.Sub("secret"), "sk-from-file\n");
  auto k = Store({{"OPENAI_API_KEY", "sk-env"}, {"OPENAI_API_KEY_FILE", tmp_.Sub("secret")}})
               .ResolveKey({"", "openai", "OPENAI_API_KEY", true});
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k, "sk-env");
}

TEST_F(KeyStoreTest, ResolveKeyUnreadableEnvFileNamesVariableAndPath) {
  auto k = Store({{"OPENAI_API_KEY_FILE", tmp_.Sub("missing")}})
               .ResolveKey({"", "openai", "OPENAI_API_KEY", true});
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.error().kind, ErrorKind::kConfig);
  EXPECT_NE(k.error().message.find("OPENAI_API_KEY_FILE"), std::string::npos);
  EXPECT_NE(k.error().message.find(tmp_.Sub("missing")), std::string::npos);
}

TEST_F(KeyStoreTest, ResolveKeyRefusesEndlessEnvFile) {
  auto k = Store({{"OPENAI_API_KEY_FILE", "/dev/zero"}})
               .ResolveKey({"", "openai", "OPENAI_API_KEY", true});
  ASSERT_FALSE(k.ok());
  EXPECT_NE(k.error().message.find("OPENAI_API_KEY_FILE: /dev/zero: larger than"),
            std::string::npos);
}

TEST_F(KeyStoreTest, ResolveKeyEmptyEnvFileIsError) {
  WriteText(tmp_.Sub("secret"), "\n");
  auto k = Store({{"OPENAI_API_KEY_FILE", tmp_.Sub("secret")}})
               .ResolveKey({"", "openai", "OPENAI_API_KEY", true});
  ASSERT_FALSE(k.ok());
  EXPECT_NE(k.error().message.find("empty"), std::string::npos);
}

TEST_F(KeyStoreTest, ResolveKeyMissingRequiredKeySaysHowToAddOne) {
  auto k = Store().ResolveKey({"", "openai", "OPENAI_API_KEY", true});
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.error().kind, ErrorKind::kConfig);
  EXPECT_EQ(k.error().message,
            "No key found - add one using 'llm keys set openai' or set the OPENAI_API_KEY "
            "environment variable");
}

TEST_F(KeyStoreTest, ResolveKeyMissingOptionalKeyIsEmpty) {
  auto k = Store().ResolveKey({"", "openai", "OPENAI_API_KEY", false});
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k, "");
}

TEST_F(KeyStoreTest, ResolveKeyIgnoresEmptyEnvironmentVariable) {
  auto k = Store({{"OPENAI_API_KEY", ""}}).ResolveKey({"", "openai", "OPENAI_API_KEY", true});
  ASSERT_FALSE(k.ok());
}

TEST_F(KeyStoreTest, ResolveKeyRefusesInsecureFileWithoutRevealingKey) {
  WriteKeys(std::string(R"({"openai": ")") + kSecret + "\"}", 0666);
  auto k = Store().ResolveKey({"", "openai", "OPENAI_API_KEY", true});
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.error().kind, ErrorKind::kSecurity);
  EXPECT_EQ(k.error().message.find(kSecret), std::string::npos);
}

}  // namespace
}  // namespace llmbox
