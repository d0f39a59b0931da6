#include "llm/tool_custom.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <map>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using ::llmbox::testing::TempDir;

void WriteTool(const TempDir& dir, const std::string& name) {
  ::mkdir(dir.Sub("tools").c_str(), 0755);
  const std::string path = dir.Sub("tools/" + name + ".yaml");
  std::ofstream(path) << "name: " << name << "\ndescription: d\ncommand: [true]\n";
  ::chmod(path.c_str(), 0644);
}

Context ContextWith(const TempDir& dir, std::map<std::string, std::string> env) {
  Context ctx;
  ctx.user_dir = dir.path();
  ctx.env = [env](std::string_view name) -> std::optional<std::string> {
    auto it = env.find(std::string(name));
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  return ctx;
}

TEST(CustomToolsBridge, OnlyExactlyFalseEnablesThem) {
  TempDir dir;
  for (const char* value : {"", "true", "False", "0", "no", "false "}) {
    EXPECT_FALSE(CustomToolsAvailable(ContextWith(dir, {{"LLM_DISABLE_CUSTOM_TOOLS", value}}).env));
  }
  EXPECT_FALSE(CustomToolsAvailable(ContextWith(dir, {}).env));
  EXPECT_TRUE(CustomToolsAvailable(ContextWith(dir, {{"LLM_DISABLE_CUSTOM_TOOLS", "false"}}).env));
}

TEST(CustomToolsBridge, DisabledLoadsOnlyTheBuiltins) {
  TempDir dir;
  WriteTool(dir, "word_count");
  auto tools = LoadAvailableTools(ContextWith(dir, {}));
  ASSERT_TRUE(tools.ok()) << tools.error().message;
  EXPECT_EQ(tools->Names(), (std::vector<std::string>{"llm_time", "llm_version"}));
}

TEST(CustomToolsBridge, EnabledAddsCustomToolsWithTheirPlugin) {
  TempDir dir;
  WriteTool(dir, "word_count");
  auto tools = LoadAvailableTools(ContextWith(dir, {{"LLM_DISABLE_CUSTOM_TOOLS", "false"}}));
  ASSERT_TRUE(tools.ok()) << tools.error().message;
  const RegisteredTool* t = tools->Find("word_count");
  ASSERT_NE(t, nullptr);
  EXPECT_FALSE(t->builtin);
  EXPECT_EQ(t->plugin, "llmbox.custom_tools");
  EXPECT_EQ(t->def.description, "d");
}

TEST(CustomToolsBridge, ACustomToolCannotTakeABuiltinsName) {
  TempDir dir;
  WriteTool(dir, "llm_time");
  auto tools = LoadAvailableTools(ContextWith(dir, {{"LLM_DISABLE_CUSTOM_TOOLS", "false"}}));
  ASSERT_FALSE(tools.ok());
  EXPECT_NE(tools.error().message.find("llm_time"), std::string::npos);
}

}  // namespace
}  // namespace llmbox
