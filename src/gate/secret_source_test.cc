#include "gate/secret_source.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace llmbox::gate {
namespace {

std::string WriteTemp(const std::string& name, const std::string& content) {
  auto path = std::filesystem::temp_directory_path() / ("llmbox_gate_" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

TEST(SecretSource, ReadsFileAndDropsOneTrailingNewline) {
  auto path = WriteTemp("secret1", "sk-file-key\n");
  auto s = LoadSecret(SecretSource{"", path}, "the test key");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(*s, "sk-file-key");
}

TEST(SecretSource, ReadsEnvironment) {
  ::setenv("LLMBOX_GATE_TEST_KEY", "sk-env-key", 1);
  auto s = LoadSecret(SecretSource{"LLMBOX_GATE_TEST_KEY", ""}, "the test key");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, "sk-env-key");
}

TEST(SecretSource, RefusesSecretsThatWouldBreakAHeader) {
  auto path = WriteTemp("secret2", "sk-a\r\nX-Injected: 1\n");
  auto s = LoadSecret(SecretSource{"", path}, "the test key");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message.find("X-Injected"), std::string::npos);
  EXPECT_FALSE(CheckSecretText("", "k").ok());
  EXPECT_FALSE(CheckSecretText("a b", "k").ok());
}

TEST(SecretSource, ErrorsNameTheSourceNotTheValue) {
  auto s = LoadSecret(SecretSource{"LLMBOX_GATE_UNSET_VARIABLE", ""}, "the openai key");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("LLMBOX_GATE_UNSET_VARIABLE"), std::string::npos);
  auto missing = LoadSecret(SecretSource{"", "/nonexistent/llmbox"}, "the openai key");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("/nonexistent/llmbox"), std::string::npos);
}

}  // namespace
}  // namespace llmbox::gate
