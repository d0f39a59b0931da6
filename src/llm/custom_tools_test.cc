#include "llm/custom_tools.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using testing::MapEnv;
using testing::TempDir;
using testing::WriteText;

TEST(CustomToolsEnabled, OnlyTheExactStringFalseEnables) {
  EXPECT_TRUE(CustomToolsEnabled(MapEnv({{"LLM_DISABLE_CUSTOM_TOOLS", "false"}})));
  EXPECT_FALSE(CustomToolsEnabled(MapEnv({})));
  for (const char* value : {"true", "", "False", "FALSE", "0", "no", "false ", " false", "1"}) {
    EXPECT_FALSE(CustomToolsEnabled(MapEnv({{"LLM_DISABLE_CUSTOM_TOOLS", value}}))) << value;
  }
}

constexpr const char* kValid = R"(name: word_count
description: Count words in a workspace file
parameters:
  type: object
  properties:
    path: {type: string, description: "file in the workspace"}
    max: {type: integer, minimum: 1, default: 10}
    quoted: {type: string, default: "10"}
  required: [path]
command: [./wc.sh, --mode, words]
)";

TEST(ParseCustomTool, ReadsAllFields) {
  auto tool = ParseCustomTool(kValid, "tools/wc.yaml", "/cfg/tools");
  ASSERT_TRUE(tool.ok()) << tool.error().message;
  EXPECT_EQ(tool->name, "word_count");
  EXPECT_EQ(tool->description, "Count words in a workspace file");
  EXPECT_EQ(tool->command, (std::vector<std::string>{"/cfg/tools/wc.sh", "--mode", "words"}));
  EXPECT_EQ(tool->source_file, "tools/wc.yaml");
  const nlohmann::json& p = tool->parameters;
  EXPECT_EQ(p["type"], "object");
  EXPECT_EQ(p["required"], nlohmann::json::array({"path"}));
  EXPECT_EQ(p["properties"]["max"]["minimum"], 1);  // a number, not "1"
  EXPECT_EQ(p["properties"]["max"]["default"], 10);
  EXPECT_EQ(p["properties"]["quoted"]["default"], "10");  // quoted stays a string
}

TEST(ParseCustomTool, ParametersDefaultToAnEmptyObjectSchema) {
  auto tool = ParseCustomTool("name: now\ndescription: time\ncommand: [date]\n", "t.yaml", "/d");
  ASSERT_TRUE(tool.ok()) << tool.error().message;
  EXPECT_EQ(tool->parameters, nlohmann::json::parse(R"({"type":"object","properties":{}})"));
  EXPECT_EQ(tool->command, std::vector<std::string>{"date"});
}

// Each error names the file and the line of the offending entry.
struct BadCase {
  const char* yaml;
  const char* expected;
};

TEST(ParseCustomTool, ErrorsNameTheFileAndLine) {
  const BadCase cases[] = {
      {"name: a\ndescription: b\ncommand: date\n", "t.yaml:3: 'command' must be a non-empty list"},
      {"name: a\ndescription: b\n", "t.yaml:1: missing 'command'"},
      {"name: a\ndescription: b\ncommand: [date]\ncomand: [x]\n", "t.yaml:4: unknown key 'comand'"},
      {"name: 'a b'\ndescription: b\ncommand: [date]\n", "t.yaml:1: 'name' must be 1-64"},
      {"name: a\ndescription: b\nparameters: [x]\ncommand: [date]\n",
       "t.yaml:3: 'parameters' must be"},
      {"name: a\ndescription: b\nparameters:\n  type: string\ncommand: [date]\n",
       "t.yaml:4: 'parameters' must have type: object"},
      {"name: a\ndescription: b\ncommand: [date, [x]]\n",
       "t.yaml:3: 'command' must be a list of strings"},
      {"name: a\ndescription: [b]\ncommand: [date]\n", "t.yaml:2: 'description' must be"},
      {"name: a\ndescription: b\ncommand: [date\n", "t.yaml:4: "},
      {"- just a list\n", "t.yaml:1: a tool file must be a mapping"},
  };
  for (const BadCase& c : cases) {
    auto tool = ParseCustomTool(c.yaml, "t.yaml", "/d");
    ASSERT_FALSE(tool.ok()) << c.yaml;
    EXPECT_EQ(tool.error().kind, ErrorKind::kConfig);
    EXPECT_EQ(tool.error().message.rfind(c.expected, 0), 0u) << tool.error().message;
  }
}

TEST(ParseCustomTool, RefusesDeepNesting) {
  std::string deep = "name: a\ndescription: b\ncommand: [date]\nparameters:\n  type: object\n  x: ";
  for (int i = 0; i < 100; ++i) deep += "[";
  auto tool = ParseCustomTool(deep, "t.yaml", "/d");
  EXPECT_FALSE(tool.ok());
}

class LoadCustomToolsTest : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::create_directory(dir_.Sub("tools")); }
  void Add(const std::string& file, const std::string& name, mode_t mode = 0600) {
    WriteText(dir_.Sub("tools/" + file),
              "name: " + name + "\ndescription: d\ncommand: [./run.sh]\n", mode);
  }
  TempDir dir_;
};

TEST_F(LoadCustomToolsTest, NoToolsDirectoryMeansNoTools) {
  TempDir empty;
  auto tools = LoadCustomTools(empty.path());
  ASSERT_TRUE(tools.ok());
  EXPECT_TRUE(tools->empty());
}

TEST_F(LoadCustomToolsTest, LoadsYamlFilesInNameOrder) {
  Add("b.yaml", "second");
  Add("a.yaml", "first");
  WriteText(dir_.Sub("tools/notes.txt"), "not a tool");
  auto tools = LoadCustomTools(dir_.path());
  ASSERT_TRUE(tools.ok()) << tools.error().message;
  ASSERT_EQ(tools->size(), 2u);
  EXPECT_EQ((*tools)[0].name, "first");
  EXPECT_EQ((*tools)[1].name, "second");
  EXPECT_EQ((*tools)[0].command[0],
            std::filesystem::absolute(dir_.Sub("tools")).string() + "/run.sh");
  EXPECT_EQ((*tools)[0].source_file, dir_.Sub("tools/a.yaml"));
}

TEST_F(LoadCustomToolsTest, DuplicateNamesAreAnError) {
  Add("a.yaml", "same");
  Add("b.yaml", "same");
  auto tools = LoadCustomTools(dir_.path());
  ASSERT_FALSE(tools.ok());
  EXPECT_NE(tools.error().message.find("b.yaml: tool name 'same' is already used"),
            std::string::npos)
      << tools.error().message;
}

TEST_F(LoadCustomToolsTest, ErrorNamesTheFileAndLine) {
  WriteText(dir_.Sub("tools/bad.yaml"), "name: x\ndescription: d\ncommand: []\n");
  auto tools = LoadCustomTools(dir_.path());
  ASSERT_FALSE(tools.ok());
  EXPECT_EQ(tools.error().message.rfind(dir_.Sub("tools/bad.yaml") + ":3: ", 0), 0u)
      << tools.error().message;
}

TEST_F(LoadCustomToolsTest, RefusesAToolFileOthersCanWrite) {
  Add("a.yaml", "open", 0666);
  auto tools = LoadCustomTools(dir_.path());
  ASSERT_FALSE(tools.ok());
  EXPECT_EQ(tools.error().kind, ErrorKind::kSecurity);
  EXPECT_NE(tools.error().message.find("chmod go-w"), std::string::npos);
}

TEST(ParseToolFile, ReadsAnMcpServer) {
  auto file = ParseToolFile("mcp_server: notes\ncommand: [/usr/bin/python3, ./srv.py]\n", "t.yaml",
                            "/cfg/tools");
  ASSERT_TRUE(file.ok()) << file.error().message;
  const auto* server = std::get_if<McpServerDecl>(&*file);
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->name, "notes");
  EXPECT_EQ(server->command, (std::vector<std::string>{"/usr/bin/python3", "/cfg/tools/srv.py"}));
}

TEST(ParseToolFile, McpServerErrorsNameTheFileAndLine) {
  struct Case {
    const char* yaml;
    const char* expected;
  } cases[] = {
      {"mcp_server: notes\n", "t.yaml:1: missing 'command'"},
      {"mcp_server: ../x\ncommand: [a]\n", "t.yaml:1: 'mcp_server' must be 1-64"},
      {"mcp_server: n\ncommand: [a]\nparameters: {}\n", "t.yaml:3: unknown key 'parameters'"},
  };
  for (const Case& c : cases) {
    auto file = ParseToolFile(c.yaml, "t.yaml", "/d");
    ASSERT_FALSE(file.ok()) << c.yaml;
    EXPECT_NE(file.error().message.find(c.expected), std::string::npos) << file.error().message;
  }
  EXPECT_FALSE(ParseCustomTool("mcp_server: n\ncommand: [a]\n", "t.yaml", "/d").ok());
}

TEST_F(LoadCustomToolsTest, LoadsMcpServersBesideTools) {
  Add("a.yaml", "tool_a");
  WriteText(dir_.Sub("tools/b.yaml"), "mcp_server: srv\ncommand: [/bin/true]\n", 0600);
  auto files = LoadToolFiles(dir_.path());
  ASSERT_TRUE(files.ok()) << files.error().message;
  ASSERT_EQ(files->tools.size(), 1u);
  ASSERT_EQ(files->mcp_servers.size(), 1u);
  EXPECT_EQ(files->mcp_servers[0].name, "srv");
  auto tools = LoadCustomTools(dir_.path());
  ASSERT_TRUE(tools.ok());
  EXPECT_EQ(tools->size(), 1u);
}

}  // namespace
}  // namespace llmbox
