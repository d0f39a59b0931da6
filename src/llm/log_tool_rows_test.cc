#include "llm/log_tool_rows.h"

#include <gtest/gtest.h>

#include "llm/log_test_support.h"

namespace llmbox {
namespace {

using logtest::MakeRecord;
using logtest::OpenOrDie;
using logtest::RawQuery;
using logtest::TempDir;
using nlohmann::json;

LoggedTool Version() {
  return {{"llm_version", "Return the installed version of llm",
           json::parse(R"({"properties": {}, "type": "object"})")},
          "llm.default_plugins.default_tools",
          "0b74aaa30fdc791cd960bf5adbdd3dffe7f160a781b7546cdbe7fdebd1e78351"};
}

TEST(LogToolRows, WritesToolsCallsAndResultsAsLlm) {
  TempDir tmp;
  const std::string path = tmp.Sub("logs.db");
  {
    LogStore store = OpenOrDie(path);
    LogRecord first = MakeRecord("r1", "c1", "q", "");
    first.tools = {Version()};
    first.tool_calls = {ToolCall{"call_0", "llm_version", json::object()},
                        ToolCall{"call_1", "nope", json::parse(R"({"b": 2, "a": "x"})")}};
    ASSERT_TRUE(store.Insert(first).ok());
    LogRecord second = MakeRecord("r2", "c1", "", "answer");
    second.tools = {Version()};
    second.tool_results = {{{"call_0", "llm_version", "0.1"}, ""},
                           {{"call_1", "nope", "Error: tool \"nope\" does not exist"},
                            "KeyError: 'tool \"nope\" does not exist'"}};
    ASSERT_TRUE(store.Insert(second).ok());
  }
  EXPECT_EQ(RawQuery(path,
                     "SELECT hash || '|' || name || '|' || description || '|' || input_schema || "
                     "'|' || plugin FROM tools"),
            std::vector<std::string>{
                "0b74aaa30fdc791cd960bf5adbdd3dffe7f160a781b7546cdbe7fdebd1e78351|llm_version|"
                "Return the installed version of llm|{\"properties\": {}, \"type\": \"object\"}|"
                "llm.default_plugins.default_tools"});
  EXPECT_EQ(
      RawQuery(path, "SELECT tool_id || response_id FROM tool_responses ORDER BY response_id"),
      (std::vector<std::string>{"1r1", "1r2"}));
  EXPECT_EQ(
      RawQuery(path,
               "SELECT response_id || '|' || coalesce(tool_id, 'NULL') || '|' || name || '|' || "
               "arguments || '|' || tool_call_id FROM tool_calls ORDER BY id"),
      (std::vector<std::string>{"r1|1|llm_version|{}|call_0",
                                "r1|NULL|nope|{\"a\": \"x\", \"b\": 2}|call_1"}));
  EXPECT_EQ(
      RawQuery(path,
               "SELECT response_id || '|' || coalesce(tool_id, 'NULL') || '|' || output || '|' || "
               "coalesce(exception, 'NULL') || '|' || coalesce(instance_id, 'NULL') "
               "FROM tool_results ORDER BY id"),
      (std::vector<std::string>{"r2|1|0.1|NULL|NULL",
                                "r2|NULL|Error: tool \"nope\" does not exist|"
                                "KeyError: 'tool \"nope\" does not exist'|NULL"}));
}

TEST(LogToolRows, NoToolsWritesNoToolRows) {
  TempDir tmp;
  const std::string path = tmp.Sub("logs.db");
  {
    LogStore store = OpenOrDie(path);
    ASSERT_TRUE(store.Insert(MakeRecord("r1", "c1", "q", "a")).ok());
  }
  EXPECT_EQ(RawQuery(path, "SELECT count(*) FROM tools"), std::vector<std::string>{"0"});
  EXPECT_EQ(RawQuery(path, "SELECT count(*) FROM tool_calls"), std::vector<std::string>{"0"});
}

TEST(LogToolRows, EmptyToolCallIdIsNull) {
  TempDir tmp;
  const std::string path = tmp.Sub("logs.db");
  {
    LogStore store = OpenOrDie(path);
    LogRecord r = MakeRecord("r1", "c1", "q", "");
    r.tool_calls = {ToolCall{"", "t", json::object()}};
    ASSERT_TRUE(store.Insert(r).ok());
  }
  EXPECT_EQ(RawQuery(path, "SELECT coalesce(tool_call_id, 'NULL') FROM tool_calls"),
            std::vector<std::string>{"NULL"});
}

TEST(LogToolRows, ConversationHistoryReadsCallsAndResultsBackInOrder) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  LogRecord first = MakeRecord("r1", "c1", "q", "");
  first.tool_calls = {ToolCall{"call_0", "llm_version", json::object()},
                      ToolCall{"call_1", "add", json::parse(R"({"b": 2, "a": "x"})")}};
  ASSERT_TRUE(store.Insert(first).ok());
  LogRecord second = MakeRecord("r2", "c1", "", "answer");
  second.tool_results = {{{"call_0", "llm_version", "0.1"}, ""},
                         {{"call_1", "add", "Error: boom"}, "ValueError: boom"}};
  ASSERT_TRUE(store.Insert(second).ok());

  auto history = store.ConversationHistory("c1");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  const LogRecord& r1 = (*history)[0];
  ASSERT_EQ(r1.tool_calls.size(), 2u);
  EXPECT_EQ(r1.tool_calls[0].id, "call_0");
  EXPECT_EQ(r1.tool_calls[0].name, "llm_version");
  EXPECT_EQ(r1.tool_calls[1].arguments, json::parse(R"({"a": "x", "b": 2})"));
  EXPECT_TRUE(r1.tool_results.empty());
  const LogRecord& r2 = (*history)[1];
  EXPECT_TRUE(r2.tool_calls.empty());
  ASSERT_EQ(r2.tool_results.size(), 2u);
  EXPECT_EQ(r2.tool_results[0].result.tool_call_id, "call_0");
  EXPECT_EQ(r2.tool_results[0].result.output, "0.1");
  EXPECT_EQ(r2.tool_results[1].result.name, "add");
  EXPECT_EQ(r2.tool_results[1].exception, "ValueError: boom");
}

TEST(LogToolRows, UnparsableLoggedArgumentsComeBackAsEmptyObject) {
  TempDir tmp;
  const std::string path = tmp.Sub("logs.db");
  LogStore store = OpenOrDie(path);
  LogRecord r = MakeRecord("r1", "c1", "q", "");
  r.tool_calls = {ToolCall{"c", "t", json::object()}};
  ASSERT_TRUE(store.Insert(r).ok());
  RawQuery(path, "UPDATE tool_calls SET arguments = '{not json'");
  auto history = store.ConversationHistory("c1");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ((*history)[0].tool_calls.size(), 1u);
  EXPECT_EQ((*history)[0].tool_calls[0].arguments, json::object());
}

}  // namespace
}  // namespace llmbox
