#include "llm/tool_options.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <algorithm>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

ToolArgs Parse(std::vector<std::string> argv) {
  CLI::App app;
  ToolArgs args;
  AddToolOptions(app, args);
  std::reverse(argv.begin(), argv.end());  // CLI11 takes them last first
  app.parse(argv);
  return args;
}

TEST(ToolOptions, ParsesRepeatedToolsAndTheFlags) {
  const ToolArgs args =
      Parse({"-T", "llm_version", "--tool", "llm_time", "--td", "--ta", "--cl", "3"});
  EXPECT_EQ(args.loop.tools, (std::vector<std::string>{"llm_version", "llm_time"}));
  EXPECT_TRUE(args.loop.debug);
  EXPECT_TRUE(args.loop.approve);
  EXPECT_EQ(args.loop.chain_limit, 3);
}

TEST(ToolOptions, LongAliasesAndDefaults) {
  const ToolArgs args = Parse({"--tools-debug", "--chain-limit", "0"});
  EXPECT_TRUE(args.loop.debug);
  EXPECT_FALSE(args.loop.approve);
  EXPECT_EQ(args.loop.chain_limit, 0);
  EXPECT_EQ(Parse({}).loop.chain_limit, 5);
}

TEST(ToolOptions, FunctionsIsRefusedWithAPointerToCustomTools) {
  const ToolArgs args = Parse({"--functions", "def f(): pass"});
  auto finished = FinishToolArgs(testing::MapEnv({}), args);
  ASSERT_FALSE(finished.ok());
  EXPECT_EQ(finished.error().kind, ErrorKind::kUsage);
  EXPECT_NE(finished.error().message.find("no"), std::string::npos);
  EXPECT_NE(finished.error().message.find("Python"), std::string::npos);
  EXPECT_NE(finished.error().message.find("custom tool"), std::string::npos);
  EXPECT_EQ(finished.error().message.find('\n'), std::string::npos);
}

TEST(ToolOptions, LlmToolsDebugTakesClicksTruthyValues) {
  for (const char* v : {"1", "true", "TRUE", "t", "yes", "Y", "on"}) {
    auto finished = FinishToolArgs(testing::MapEnv({{"LLM_TOOLS_DEBUG", v}}), ToolArgs());
    ASSERT_TRUE(finished.ok());
    EXPECT_TRUE(finished->debug) << v;
  }
  for (const char* v : {"", "0", "false", "no", "off", "2"}) {
    auto finished = FinishToolArgs(testing::MapEnv({{"LLM_TOOLS_DEBUG", v}}), ToolArgs());
    ASSERT_TRUE(finished.ok());
    EXPECT_FALSE(finished->debug) << v;
  }
}

}  // namespace
}  // namespace llmbox
