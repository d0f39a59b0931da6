#include "llm/tool_loop.h"

#include <gtest/gtest.h>

#include <sstream>

#include "llm/tool_policy.h"

namespace llmbox {
namespace {

using nlohmann::json;

ToolCall Call(std::string name, json arguments = json::object(), std::string id = "call_1") {
  ToolCall c;
  c.id = std::move(id);
  c.name = std::move(name);
  c.arguments = std::move(arguments);
  return c;
}

// A loop over the built-ins plus a counting custom tool, with a scripted terminal.
struct Fixture {
  explicit Fixture(ToolLoopOptions options, std::optional<std::string> answer = std::nullopt,
                   bool custom_enabled = true) {
    auto registry = std::make_shared<ToolRegistry>(BuiltinTools("7.7"));
    RegisteredTool counter;
    counter.def = {"counter", "Counts calls", json::object()};
    counter.run = [this](const json& args) {
      ++runs;
      return ToolOutcome{args.dump(), ""};
    };
    registry->Add(counter);
    std::vector<std::string> names = options.tools;
    auto offered = SelectTools(names, *registry, true);
    EXPECT_TRUE(offered.ok());
    loop.emplace(registry, *offered, custom_enabled, options,
                 [this, answer](std::string_view question) {
                   asked += question;
                   return answer;
                 });
  }
  int runs = 0;
  std::string asked;
  std::optional<ToolLoop> loop;
  std::ostringstream err;
};

ToolLoopOptions Offer(std::vector<std::string> tools) {
  ToolLoopOptions o;
  o.tools = std::move(tools);
  return o;
}

TEST(ToolLoop, RunsOfferedToolsInOrderWithTheirCallIds) {
  Fixture f(Offer({"llm_version", "counter"}));
  auto results = f.loop->Run(
      {Call("llm_version", json::object(), "a"), Call("counter", {{"n", 1}}, "b")}, f.err, false);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].result.output, "7.7");
  EXPECT_EQ(results[0].result.tool_call_id, "a");
  EXPECT_EQ(results[1].result.output, R"({"n":1})");
  EXPECT_EQ(results[1].result.name, "counter");
  EXPECT_EQ(f.runs, 1);
  EXPECT_EQ(f.err.str(), "");
}

TEST(ToolLoop, RefusedCallRunsNothingAndWarns) {
  Fixture f(Offer({"llm_version"}));
  auto results = f.loop->Run({Call("counter")}, f.err, false);
  EXPECT_EQ(f.runs, 0);
  EXPECT_EQ(results[0].result.output, "Error: tool \"counter\" does not exist");
  EXPECT_EQ(results[0].exception, "KeyError: 'tool \"counter\" does not exist'");
  EXPECT_NE(f.err.str().find("Warning: the model asked for tool \"counter\""), std::string::npos);
}

TEST(ToolLoop, CustomToolIsRefusedWhenCustomToolsAreDisabled) {
  Fixture f(Offer({"counter"}), std::nullopt, /*custom_enabled=*/false);
  f.loop->Run({Call("counter")}, f.err, false);
  EXPECT_EQ(f.runs, 0);
}

TEST(ToolLoop, ApprovalYesRuns) {
  ToolLoopOptions o = Offer({"counter"});
  o.approve = true;
  Fixture f(o, std::string("y"));
  auto results = f.loop->Run({Call("counter", {{"a", "b"}})}, f.err, false);
  EXPECT_EQ(f.runs, 1);
  EXPECT_EQ(f.asked, "Approve tool call? [y/N]: ");
  EXPECT_EQ(f.err.str(), "Tool call: counter({'a': 'b'})\n");
  EXPECT_EQ(results[0].exception, "");
}

TEST(ToolLoop, ApprovalAnythingElseCancels) {
  for (const char* answer : {"", "n", "no", "yess", "sure"}) {
    ToolLoopOptions o = Offer({"counter"});
    o.approve = true;
    Fixture f(o, std::string(answer));
    auto results = f.loop->Run({Call("counter")}, f.err, false);
    EXPECT_EQ(f.runs, 0) << answer;
    EXPECT_EQ(results[0].result.output, "Cancelled: User cancelled tool call");
    EXPECT_EQ(results[0].exception, "CancelToolCall: User cancelled tool call");
  }
}

TEST(ToolLoop, ApprovalWithoutATerminalCancels) {
  ToolLoopOptions o = Offer({"counter"});
  o.approve = true;
  Fixture f(o, std::nullopt);
  auto results = f.loop->Run({Call("counter")}, f.err, false);
  EXPECT_EQ(f.runs, 0);
  EXPECT_EQ(results[0].result.output, "Cancelled: no terminal to approve the tool call");
  EXPECT_NE(f.err.str().find("Warning: no terminal"), std::string::npos);
}

TEST(ToolLoop, RefusedCallIsNotOfferedForApproval) {
  ToolLoopOptions o = Offer({"llm_version"});
  o.approve = true;
  Fixture f(o, std::string("y"));
  f.loop->Run({Call("counter")}, f.err, false);
  EXPECT_EQ(f.asked, "");
}

TEST(ToolLoop, DebugPrintsCallAndOutput) {
  ToolLoopOptions o = Offer({"llm_version"});
  o.debug = true;
  Fixture f(o);
  f.loop->Run({Call("llm_version")}, f.err, false);
  EXPECT_EQ(f.err.str(), "\nTool call: llm_version({})\n  7.7\n\n");
}

TEST(ToolLoop, AToolWarningIsShownOnce) {
  auto registry = std::make_shared<ToolRegistry>(BuiltinTools("1"));
  RegisteredTool weak;
  weak.def = {"weak", "", json::object()};
  weak.run = [](const json&) { return ToolOutcome{"ok", "", "Landlock is not available"}; };
  registry->Add(weak);
  ToolLoop loop(registry, {registry->Find("weak")}, true, Offer({"weak"}),
                [](std::string_view) { return std::nullopt; });
  std::ostringstream err;
  loop.Run({Call("weak"), Call("weak")}, err, false);
  EXPECT_EQ(err.str(), "Warning: Landlock is not available\n");
}

TEST(ToolLoop, ChainLimit) {
  ToolLoopOptions o = Offer({"llm_version"});
  o.chain_limit = 2;
  Fixture f(o);
  EXPECT_TRUE(f.loop->CheckChainLimit(1).ok());
  auto over = f.loop->CheckChainLimit(2);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().message, "Chain limit of 2 exceeded.");
  o.chain_limit = 0;
  Fixture unlimited(o);
  EXPECT_TRUE(unlimited.loop->CheckChainLimit(1000).ok());
}

TEST(ToolLoop, LoggedToolsCarryPluginAndHash) {
  Fixture f(Offer({"llm_time"}));
  auto logged = f.loop->Logged();
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0].plugin, "llm.default_plugins.default_tools");
  EXPECT_EQ(logged[0].hash, "8bf12b4eb36bd0935394af800047243eb3475b6822158f3b11f9fedbd92c12af");
  ASSERT_EQ(f.loop->Defs().size(), 1u);
  EXPECT_EQ(f.loop->Defs()[0].name, "llm_time");
}

TEST(PythonRepr, LikePython) {
  EXPECT_EQ(PythonRepr(json::object()), "{}");
  EXPECT_EQ(PythonRepr(json::parse(R"({"a": 1231, "b": [true, false, null, 1.5]})")),
            "{'a': 1231, 'b': [True, False, None, 1.5]}");
  EXPECT_EQ(PythonRepr(json("it's")), "\"it's\"");
  EXPECT_EQ(PythonRepr(json("say \"hi\" it's")), "'say \"hi\" it\\'s'");
  EXPECT_EQ(PythonRepr(json("a\nb\\c\x01")), "'a\\nb\\\\c\\x01'");
  EXPECT_EQ(PythonRepr(json("caf\xc3\xa9")), "'caf\xc3\xa9'");
}

TEST(ToolDebugText, PrettyPrintsJsonOutput) {
  LoggedToolResult r{{"id", "llm_time", R"({"b": 1, "a": [2]})"}, ""};
  EXPECT_EQ(ToolDebugText(Call("llm_time"), r, false),
            "\nTool call: llm_time({})\n  {\n    \"b\": 1,\n    \"a\": [\n      2\n    ]\n  }\n\n");
}

TEST(ToolDebugText, ShowsTheException) {
  LoggedToolResult r{{"id", "t", "Error: exit status 3"}, "ToolError: exit status 3"};
  EXPECT_EQ(ToolDebugText(Call("t"), r, false),
            "\nTool call: t({})\n  Error: exit status 3\n  Exception: exit status 3\n");
}

TEST(ToolDebugText, ColoursOnlyForATerminal) {
  LoggedToolResult r{{"id", "t", "x"}, ""};
  EXPECT_EQ(ToolDebugText(Call("t"), r, false).find('\x1b'), std::string::npos);
  EXPECT_NE(ToolDebugText(Call("t"), r, true).find("\x1b[33m"), std::string::npos);
}

}  // namespace
}  // namespace llmbox
