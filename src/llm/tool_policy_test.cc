#include "llm/tool_policy.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

using nlohmann::json;

ToolRegistry WithCustomTool() {
  ToolRegistry r = BuiltinTools("1");
  RegisteredTool custom;
  custom.def = {"word_count", "Count words", json::object()};
  custom.run = [](const json&) { return ToolOutcome{"3", ""}; };
  r.Add(custom);
  return r;
}

ToolCall Call(std::string name, json arguments = json::object()) {
  ToolCall c;
  c.id = "call_1";
  c.name = std::move(name);
  c.arguments = std::move(arguments);
  return c;
}

TEST(SelectTools, BuiltinsAreAllowedWhetherOrNotCustomToolsAre) {
  ToolRegistry r = WithCustomTool();
  for (bool enabled : {false, true}) {
    auto tools = SelectTools({"llm_version", "llm_time"}, r, enabled);
    ASSERT_TRUE(tools.ok()) << tools.error().message;
    ASSERT_EQ(tools->size(), 2u);
    EXPECT_EQ((*tools)[0]->def.name, "llm_version");
  }
}

TEST(SelectTools, CustomToolNeedsCustomToolsEnabled) {
  ToolRegistry r = WithCustomTool();
  auto off = SelectTools({"word_count"}, r, false);
  ASSERT_FALSE(off.ok());
  EXPECT_EQ(off.error().kind, ErrorKind::kConfig);
  EXPECT_NE(off.error().message.find(
                "custom tools are disabled (LLM_DISABLE_CUSTOM_TOOLS is not \"false\")"),
            std::string::npos);
  auto on = SelectTools({"word_count"}, r, true);
  ASSERT_TRUE(on.ok());
  EXPECT_EQ((*on)[0]->def.name, "word_count");
}

TEST(SelectTools, UnknownNameWhileDisabledIsTheDisabledError) {
  auto r = SelectTools({"nope"}, WithCustomTool(), false);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("custom tools are disabled"), std::string::npos);
  EXPECT_NE(r.error().message.find("llm_time, llm_version"), std::string::npos);
}

TEST(SelectTools, UnknownNameWhileEnabledListsTheAvailableTools) {
  auto r = SelectTools({"nope", "llm_time", "gone"}, WithCustomTool(), true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "Tool(s) nope, gone not found. Available tools: llm_time, llm_version, word_count");
}

TEST(SelectTools, AnUnavailableServerFailsOnlyAPromptMissingATool) {
  ToolRegistry r = WithCustomTool();
  r.AddUnavailable("a.yaml: MCP server \"a\": exit status 3; fix or remove the server's file");
  auto ok = SelectTools({"llm_version", "word_count"}, r, true);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->size(), 2u);
  auto missing = SelectTools({"llm_version", "a_tool"}, r, true);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "Tool(s) a_tool not found: a.yaml: MCP server \"a\": exit status 3; fix or remove the "
            "server's file");
}

TEST(SelectTools, RepeatedNameIsOfferedOnce) {
  auto r = SelectTools({"llm_time", "llm_time"}, WithCustomTool(), false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 1u);
}

// The truth table of DecideCall: tool kind x offered x custom tools enabled.
TEST(DecideCall, TruthTable) {
  ToolRegistry r = WithCustomTool();
  const RegisteredTool* builtin = r.Find("llm_version");
  const RegisteredTool* custom = r.Find("word_count");
  struct Row {
    std::string name;
    std::vector<const RegisteredTool*> offered;
    bool enabled;
    bool runs;
  };
  const Row rows[] = {
      {"llm_version", {builtin}, false, true},     {"llm_version", {builtin}, true, true},
      {"llm_version", {}, false, false},           {"llm_version", {custom}, true, false},
      {"word_count", {custom}, true, true},        {"word_count", {custom}, false, false},
      {"word_count", {builtin}, true, false},      {"word_count", {builtin}, false, false},
      {"unknown", {builtin, custom}, true, false}, {"unknown", {builtin}, false, false},
  };
  for (const Row& row : rows) {
    CallDecision d = DecideCall(Call(row.name), row.offered, row.enabled);
    EXPECT_EQ(d.tool != nullptr, row.runs) << row.name << " enabled=" << row.enabled;
    if (!row.runs) {
      EXPECT_EQ(d.refusal, "Error: tool \"" + row.name + "\" does not exist");
      EXPECT_EQ(d.exception, "KeyError: 'tool \"" + row.name + "\" does not exist'");
      EXPECT_EQ(d.warning.rfind("Warning: ", 0), 0u);
    }
  }
}

TEST(DecideCall, WarningSaysWhenCustomToolsAreDisabled) {
  EXPECT_NE(DecideCall(Call("x"), {}, false).warning.find("(custom tools are disabled)"),
            std::string::npos);
  EXPECT_EQ(DecideCall(Call("x"), {}, true).warning.find("disabled"), std::string::npos);
}

TEST(DecideCall, ArgumentsThatAreNotAnObjectAreRefused) {
  ToolRegistry r = BuiltinTools("1");
  CallDecision d =
      DecideCall(Call("llm_version", json("{not json")), {r.Find("llm_version")}, false);
  EXPECT_EQ(d.tool, nullptr);
  EXPECT_EQ(d.refusal, "Error: the arguments for tool \"llm_version\" are not a JSON object");
}

TEST(DecideCall, WarningShowsAHostileNameOnOnePrintableLine) {
  CallDecision d = DecideCall(Call("evil\nWarning: fake\x1b[2J"), {}, false);
  EXPECT_EQ(d.warning.find('\n'), std::string::npos);
  EXPECT_EQ(d.warning.find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace llmbox
