#include "llm/tool_registry.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include <chrono>
#include <string>

namespace llmbox {
namespace {

using nlohmann::json;

// Sets TZ for one test and restores it after.
class ScopedTz {
 public:
  explicit ScopedTz(const char* tz) {
    if (const char* old = getenv("TZ")) old_ = old, had_ = true;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~ScopedTz() {
    if (had_) {
      setenv("TZ", old_.c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::string old_;
  bool had_ = false;
};

std::chrono::system_clock::time_point At(std::time_t secs, int micros) {
  return std::chrono::system_clock::from_time_t(secs) + std::chrono::microseconds(micros);
}

TEST(ToolRegistry, BuiltinsAreLlmVersionAndLlmTimeFromLlmsPlugin) {
  ToolRegistry r = BuiltinTools("9.9");
  EXPECT_EQ(r.Names(), (std::vector<std::string>{"llm_time", "llm_version"}));
  const RegisteredTool* v = r.Find("llm_version");
  ASSERT_NE(v, nullptr);
  EXPECT_TRUE(v->builtin);
  EXPECT_EQ(v->plugin, "llm.default_plugins.default_tools");
  EXPECT_EQ(v->def.input_schema, json::parse(R"({"properties": {}, "type": "object"})"));
  EXPECT_EQ(v->run(json::object()).output, "9.9");
  EXPECT_EQ(r.Find("nope"), nullptr);
}

TEST(ToolRegistry, RefusesASecondToolWithATakenName) {
  ToolRegistry r = BuiltinTools("1");
  RegisteredTool fake;
  fake.def.name = "llm_version";
  fake.run = [](const json&) { return ToolOutcome{"hijacked", ""}; };
  EXPECT_FALSE(r.Add(fake));
  EXPECT_EQ(r.Find("llm_version")->run(json::object()).output, "1");
}

// Vectors computed with Python: hashlib.sha256(json.dumps({"name": ..., "description": ...,
// "input_schema": {"properties": {}, "type": "object"}, "plugin": ...}).encode()).hexdigest()
TEST(ToolRegistry, HashMatchesLlmsToolHash) {
  ToolRegistry r = BuiltinTools("1");
  EXPECT_EQ(ToolHash(*r.Find("llm_version")),
            "0b74aaa30fdc791cd960bf5adbdd3dffe7f160a781b7546cdbe7fdebd1e78351");
  EXPECT_EQ(ToolHash(*r.Find("llm_time")),
            "8bf12b4eb36bd0935394af800047243eb3475b6822158f3b11f9fedbd92c12af");
}

TEST(ToolRegistry, HashLeavesOutAnEmptyPluginAndWritesNullDescription) {
  RegisteredTool t;
  t.def = {"x", "", json::object()};
  // Python: json.dumps({"name": "x", "description": None, "input_schema": {}})
  EXPECT_EQ(ToolHash(t), "5ac0edba00884d165fa3203dad573d908c6c4493f1efa97ea2d4c9c449720f8b");
  RegisteredTool with_plugin = t;
  with_plugin.plugin = "p";
  EXPECT_NE(ToolHash(t), ToolHash(with_plugin));
}

TEST(LlmTime, FieldsInLlmsOrderForUtc) {
  ScopedTz tz("UTC0");
  json out = json::parse(LlmTimeOutput(At(1747148049, 123456)));
  EXPECT_EQ(out["utc_time"], "2025-05-13 14:54:09 UTC");
  EXPECT_EQ(out["utc_time_iso"], "2025-05-13T14:54:09.123456+00:00");
  EXPECT_EQ(out["local_time"], "2025-05-13 14:54:09");
  EXPECT_EQ(out["local_timezone"], "UTC");
  EXPECT_EQ(out["timezone_offset"], "UTC+00:00");
  EXPECT_EQ(out["is_dst"], false);
  const std::string text = LlmTimeOutput(At(1747148049, 0));
  EXPECT_EQ(text.rfind("{\"utc_time\": \"2025-05-13 14:54:09 UTC\", \"utc_time_iso\": ", 0), 0u)
      << text;
  EXPECT_NE(text.find("\"timezone_offset\": \"UTC+00:00\", \"is_dst\": false}"), std::string::npos);
}

TEST(LlmTime, NegativeHalfHourOffsetKeepsTwoDigitHours) {
  ScopedTz tz("XST+3:30");
  json out = json::parse(LlmTimeOutput(At(1747148049, 0)));
  EXPECT_EQ(out["timezone_offset"], "UTC-03:30");
  EXPECT_EQ(out["local_time"], "2025-05-13 11:24:09");
  EXPECT_EQ(out["local_timezone"], "XST");
}

TEST(LlmTime, DaylightSavingIsReported) {
  ScopedTz tz("CET-1CEST,M3.5.0,M10.5.0/3");
  json out = json::parse(LlmTimeOutput(At(1747148049, 0)));  // May: summer time
  EXPECT_EQ(out["is_dst"], true);
  EXPECT_EQ(out["local_timezone"], "CEST");
  EXPECT_EQ(out["timezone_offset"], "UTC+02:00");
}

TEST(ToolList, RendersLikeLlmToolsList) {
  ToolRegistry r = BuiltinTools("1");
  EXPECT_EQ(RenderToolList(r.All()),
            "llm_time() -> dict (plugin: llm.default_plugins.default_tools)\n\n"
            "  Returns the current time, as local time and UTC\n\n"
            "llm_version() -> str (plugin: llm.default_plugins.default_tools)\n\n"
            "  Return the installed version of llm\n\n");
}

TEST(ToolList, CustomToolSignatureComesFromItsSchema) {
  ToolRegistry r;
  RegisteredTool t;
  t.def = {"word_count", "",
           json::parse(R"({"type": "object", "properties": {"path": {"type": "string"},
                           "n": {"type": "integer"}, "x": {}}})")};
  t.plugin = "custom";
  r.Add(t);
  EXPECT_EQ(RenderToolList(r.All()), "word_count(n: int, path: str, x) (plugin: custom)\n\n");
}

TEST(ToolList, JsonHasToolsAndToolboxes) {
  ToolRegistry r = BuiltinTools("1");
  json doc = json::parse(RenderToolListJson(r.All()));
  ASSERT_EQ(doc["tools"].size(), 2u);
  EXPECT_EQ(doc["tools"][1]["name"], "llm_version");
  EXPECT_EQ(doc["tools"][1]["arguments"], json::parse(R"({"properties": {}, "type": "object"})"));
  EXPECT_EQ(doc["tools"][1]["plugin"], "llm.default_plugins.default_tools");
  EXPECT_EQ(doc["toolboxes"], json::array());
}

}  // namespace
}  // namespace llmbox
