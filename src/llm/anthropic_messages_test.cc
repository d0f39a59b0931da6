#include "llm/anthropic_messages.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

using nlohmann::json;

ModelCall Call(const std::string& model = "claude-sonnet-4-5", const std::string& prompt = "Hi") {
  ModelCall call;
  call.model_name = model;
  call.current.prompt = prompt;
  return call;
}

json Body(const ModelCall& call) {
  auto r = BuildAnthropicRequest(call);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? r->body : json();
}

Error BuildError(const ModelCall& call) {
  auto r = BuildAnthropicRequest(call);
  EXPECT_FALSE(r);
  return r ? Error{} : r.error();
}

json Text(const std::string& text) { return {{"type", "text"}, {"text", text}}; }

TEST(AnthropicRequest, MatchesRecordedLlmAnthropicRequest) {
  // tests/fixtures/anthropic/test_prompt.yaml, with the default max_tokens of
  // the llm-anthropic release that llm 0.32 uses (64000 for Sonnet 4.5).
  const json recorded = json::parse(
      R"({"max_tokens":64000,"messages":[{"role":"user","content":[{"type":"text","text":"Two)"
      R"( names for a pet pelican, be brief"}]}],"model":"claude-sonnet-4-5","temperature":1.0,)"
      R"("stream":true})");
  EXPECT_EQ(Body(Call("claude-sonnet-4-5", "Two names for a pet pelican, be brief")), recorded);
}

TEST(AnthropicRequest, DefaultMaxTokensFollowTheModel) {
  EXPECT_EQ(Body(Call("claude-3-haiku-20240307"))["max_tokens"], 4096);
  EXPECT_EQ(Body(Call("claude-3-5-haiku-latest"))["max_tokens"], 8192);
  EXPECT_EQ(Body(Call("claude-3-7-sonnet-latest"))["max_tokens"], 8192);
  EXPECT_EQ(Body(Call("claude-opus-4-1-20250805"))["max_tokens"], 32000);
  EXPECT_EQ(Body(Call("claude-haiku-4-5-20251001"))["max_tokens"], 64000);
  EXPECT_EQ(Body(Call("some-other-model"))["max_tokens"], 4096);
  ModelCall call = Call();
  call.options = {{"max_tokens", 100}};
  EXPECT_EQ(Body(call)["max_tokens"], 100);
}

TEST(AnthropicRequest, SystemPromptIsTopLevel) {
  ModelCall call = Call();
  call.current.system = "Be brief";
  const json body = Body(call);
  EXPECT_EQ(body["system"], "Be brief");
  EXPECT_EQ(body["messages"].size(), 1u);
  EXPECT_FALSE(Body(Call()).contains("system"));
}

TEST(AnthropicRequest, HistoryBecomesUserAndAssistantTurns) {
  ModelCall call = Call("claude-sonnet-4-5", "in french");
  Turn earlier;
  earlier.prompt = "Two names";
  earlier.response = "- Captain";
  call.history.push_back(earlier);
  const json expected = json::array({
      {{"role", "user"}, {"content", {Text("Two names")}}},
      {{"role", "assistant"}, {"content", {Text("- Captain")}}},
      {{"role", "user"}, {"content", {Text("in french")}}},
  });
  EXPECT_EQ(Body(call)["messages"], expected);
}

TEST(AnthropicRequest, MapsSamplingOptionsAsLlmAnthropic) {
  ModelCall call = Call();
  call.options = {
      {"temperature", 0.2}, {"top_k", 5}, {"user_id", "u-1"}, {"stop_sequences", {"END"}}};
  json body = Body(call);
  EXPECT_EQ(body["temperature"], 0.2);
  EXPECT_EQ(body["top_k"], 5);
  EXPECT_EQ(body["metadata"], json({{"user_id", "u-1"}}));
  EXPECT_EQ(body["stop_sequences"], json({"END"}));
  call.options = {{"top_p", 0.9}};
  body = Body(call);
  EXPECT_EQ(body["top_p"], 0.9);
  EXPECT_FALSE(body.contains("temperature"));  // top_p replaces the default temperature
}

TEST(AnthropicRequest, ThinkingMatchesRecordedRequest) {
  ModelCall call = Call();
  call.options = {{"thinking", true}};
  EXPECT_EQ(Body(call)["thinking"], json({{"type", "enabled"}, {"budget_tokens", 1024}}));
  call.options = {{"thinking_budget", 4000}, {"max_tokens", 2000}};
  const json body = Body(call);
  EXPECT_EQ(body["thinking"], json({{"type", "enabled"}, {"budget_tokens", 4000}}));
  EXPECT_EQ(body["max_tokens"], 4001);  // the budget must fit
  call.options = {{"thinking", false}};
  EXPECT_EQ(Body(call)["thinking"], json({{"type", "disabled"}}));
  EXPECT_FALSE(Body(Call()).contains("thinking"));
}

TEST(AnthropicRequest, HideReasoningAsksForThinkingToBeOmitted) {
  ModelCall call = Call();
  call.options = {{"thinking", true}};
  call.hide_reasoning = true;
  EXPECT_EQ(Body(call)["thinking"]["display"], "omitted");
  ModelCall by_default = Call("claude-opus-5");
  by_default.hide_reasoning = true;
  EXPECT_EQ(Body(by_default)["thinking"], json({{"type", "adaptive"}, {"display", "omitted"}}));
}

TEST(AnthropicRequest, AdaptiveModelsThinkWithoutBudget) {
  ModelCall call = Call("claude-opus-4-6");
  call.options = {{"thinking", true}, {"thinking_effort", "high"}};
  const json body = Body(call);
  EXPECT_EQ(body["thinking"], json({{"type", "adaptive"}}));
  EXPECT_EQ(body["output_config"], json({{"effort", "high"}}));
  EXPECT_EQ(body["max_tokens"], 128000);
  EXPECT_TRUE(BuildAnthropicRequest(call)->betas.empty());
}

TEST(AnthropicRequest, RefusesOptionsTheModelDoesNotTake) {
  ModelCall call = Call("claude-3-5-haiku-latest");
  call.options = {{"thinking", true}};
  Error e = BuildError(call);
  EXPECT_EQ(e.kind, ErrorKind::kConfig);
  EXPECT_EQ(e.message, "option 'thinking' is not supported by claude-3-5-haiku-latest");
  call = Call("claude-sonnet-4-5");
  call.options = {{"thinking_effort", "low"}};
  EXPECT_EQ(BuildError(call).kind, ErrorKind::kConfig);
  call = Call("claude-fable-5");
  call.options = {{"thinking", false}};
  EXPECT_EQ(BuildError(call).kind, ErrorKind::kConfig);
}

TEST(AnthropicRequest, LargeMaxTokensAddTheOutputBeta) {
  ModelCall call = Call("claude-sonnet-4-5");
  call.options = {{"max_tokens", 100000}};
  auto r = BuildAnthropicRequest(call);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->betas, std::vector<std::string>{"output-128k-2025-02-19"});
}

TEST(AnthropicRequest, PrefillIsAnAssistantTurn) {
  ModelCall call = Call();
  call.options = {{"prefill", "{"}};
  const json messages = Body(call)["messages"];
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1], json({{"role", "assistant"}, {"content", {Text("{")}}}));
  ModelCall adaptive = Call("claude-opus-4-6");
  adaptive.options = {{"prefill", "{"}};
  EXPECT_EQ(BuildError(adaptive).kind, ErrorKind::kConfig);
}

TEST(AnthropicRequest, CacheMarksTheLastBlock) {
  ModelCall call = Call();
  call.options = {{"cache", true}};
  EXPECT_EQ(Body(call)["messages"][0]["content"][0]["cache_control"],
            json({{"type", "ephemeral"}}));
}

TEST(AnthropicRequest, SendsToolsAndToolTurnsAsRecorded) {
  // The second request of tests/fixtures/anthropic/test_tools.yaml.
  ModelCall call = Call("claude-haiku-4-5-20251001", "");
  call.tools.push_back(
      {"pelican_name_generator", "", {{"properties", json::object()}, {"type", "object"}}});
  Turn first;
  first.prompt = "Two names for a pet pelican";
  first.response = " ";
  first.tool_calls = {{"toolu_01", "pelican_name_generator", json::object()},
                      {"toolu_02", "pelican_name_generator", json::object()}};
  call.history.push_back(first);
  call.current.tool_results = {{"toolu_01", "pelican_name_generator", "Charles"},
                               {"toolu_02", "pelican_name_generator", "Sammy"}};
  const json body = Body(call);
  const json expected_messages = json::parse(R"([
    {"role":"user","content":[{"type":"text","text":"Two names for a pet pelican"}]},
    {"role":"assistant","content":[{"type":"text","text":" "},
      {"type":"tool_use","id":"toolu_01","name":"pelican_name_generator","input":{}},
      {"type":"tool_use","id":"toolu_02","name":"pelican_name_generator","input":{}}]},
    {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"Charles"},
      {"type":"tool_result","tool_use_id":"toolu_02","content":"Sammy"}]}])");
  EXPECT_EQ(body["messages"], expected_messages);
  EXPECT_EQ(body["tools"], json::parse(R"([{"name":"pelican_name_generator","description":"",)"
                                       R"("input_schema":{"properties":{},"type":"object"}}])"));
  EXPECT_FALSE(body.contains("tool_choice"));
}

// An answer logged by llm-anthropic with thinking on: signed, omitted
// (signature only), redacted and unsigned (a cut stream) thinking blocks.
json ThinkingAnswer() {
  return json::parse(R"({"content":[
    {"type":"thinking","thinking":"Weighing names.","signature":"sig-visible"},
    {"type":"thinking","thinking":"","signature":"sig-omitted"},
    {"type":"redacted_thinking","data":"EroB-redacted=="},
    {"type":"thinking","thinking":"cut short","signature":""},
    {"type":"text","text":"Captain","citations":null},
    {"type":"tool_use","id":"toolu_01","name":"pelican_name_generator","input":{}}],
    "stop_reason":"tool_use"})");
}

TEST(AnthropicRequest, ReplaysSignedThinkingBlocksFirstInTheAssistantTurn) {
  ModelCall call = Call("claude-sonnet-4-5", "");
  Turn first;
  first.prompt = "Name a pelican";
  first.response = "Captain ";
  first.tool_calls = {{"toolu_01", "pelican_name_generator", json::object()}};
  first.response_json = ThinkingAnswer();
  call.history.push_back(first);
  call.current.tool_results = {{"toolu_01", "pelican_name_generator", "Charles"}};
  call.options = {{"thinking", true}};
  const json assistant = Body(call)["messages"][1];
  EXPECT_EQ(assistant, json::parse(R"({"role":"assistant","content":[
    {"type":"thinking","thinking":"Weighing names.","signature":"sig-visible"},
    {"type":"thinking","thinking":"","signature":"sig-omitted"},
    {"type":"redacted_thinking","data":"EroB-redacted=="},
    {"type":"text","text":"Captain "},
    {"type":"tool_use","id":"toolu_01","name":"pelican_name_generator","input":{}}]})"));
}

TEST(AnthropicRequest, ThinkingAloneIsNoAssistantTurn) {
  ModelCall call = Call("claude-sonnet-4-5", "again");
  Turn first;
  first.prompt = "Name a pelican";
  first.response_json = ThinkingAnswer();  // an answer cut before any text
  call.history.push_back(first);
  const json messages = Body(call)["messages"];
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["role"], "user");
  EXPECT_EQ(messages[1]["role"], "user");  // the API joins consecutive user turns
}

TEST(AnthropicRequest, AnswersFromOtherProvidersReplayNoThinking) {
  ModelCall call = Call("claude-sonnet-4-5", "again");
  Turn first;
  first.prompt = "hi";
  first.response = "hello";
  first.response_json = json::parse(R"({"content":"hello","choices":[]})");
  call.history.push_back(first);
  EXPECT_EQ(Body(call)["messages"][1]["content"], json::array({Text("hello")}));
}

TEST(AnthropicRequest, HistoryToolsAreDeclaredWhenNoneAreOffered) {
  ModelCall call = Call("claude-haiku-4-5-20251001", "Thanks");
  Turn first;
  first.prompt = "q";
  first.response = " ";
  first.tool_calls = {{"toolu_01", "pelican_name_generator", json::object()}};
  Turn second;
  second.tool_results = {{"toolu_01", "pelican_name_generator", "Charles"}};
  second.response = "Charles it is";
  call.history = {first, second};
  const json body = Body(call);
  EXPECT_EQ(body["tools"], json::parse(R"([{"name":"pelican_name_generator",)"
                                       R"("input_schema":{"type":"object"}}])"));
  EXPECT_EQ(body["tool_choice"], json({{"type", "none"}}));
  EXPECT_FALSE(Body(Call())
                   .contains("tools"));  // no tool in the history: nothing declared
}

TEST(AnthropicRequest, SchemaIsAForcedTool) {
  ModelCall call = Call();
  call.schema = {{"type", "object"}, {"properties", {{"name", {{"type", "string"}}}}}};
  const json body = Body(call);
  EXPECT_EQ(body["tools"],
            json::array({{{"name", "output_structured_data"}, {"input_schema", call.schema}}}));
  EXPECT_EQ(body["tool_choice"], json({{"type", "tool"}, {"name", "output_structured_data"}}));
  call.tools.push_back({"f", "", json::object()});
  EXPECT_EQ(BuildError(call).kind, ErrorKind::kConfig);
}

TEST(AnthropicRequest, AttachmentsBecomeImageAndDocumentBlocks) {
  ModelCall call = Call("claude-sonnet-4-5", "describe");
  call.current.attachments = {{"image/png", "a.png", "", std::string("\x89PNG\0", 5)},
                              {"application/pdf", "", "https://example.com/d.pdf", ""},
                              {"image/jpeg", "", "https://example.com/p.jpg", ""}};
  const json content = Body(call)["messages"][0]["content"];
  ASSERT_EQ(content.size(), 4u);
  EXPECT_EQ(
      content[0],
      json({{"type", "image"},
            {"source", {{"data", "iVBORwA="}, {"media_type", "image/png"}, {"type", "base64"}}}}));
  EXPECT_EQ(content[1],
            json({{"type", "document"},
                  {"source", {{"type", "url"}, {"url", "https://example.com/d.pdf"}}}}));
  EXPECT_EQ(content[2]["type"], "image");
  EXPECT_EQ(content[3], Text("describe"));
}

TEST(AnthropicRequest, AttachmentWithoutPromptSendsNoTextBlock) {
  ModelCall call = Call("claude-sonnet-4-5", "");
  call.current.attachments = {{"image/gif", "x.gif", "", "GIF89a"}};
  const json content = Body(call)["messages"][0]["content"];
  ASSERT_EQ(content.size(), 1u);
  EXPECT_EQ(content[0]["source"]["data"], "R0lGODlh");
}

TEST(AnthropicRequest, RefusesAttachmentTypesTheModelCannotRead) {
  ModelCall call = Call("claude-sonnet-4-5");
  call.current.attachments = {{"audio/wav", "a.wav", "", "RIFF"}};
  Error e = BuildError(call);
  EXPECT_EQ(e.kind, ErrorKind::kConfig);
  EXPECT_NE(e.message.find("'audio/wav' (a.wav)"), std::string::npos);
  call = Call("claude-3-5-haiku-latest");
  call.current.attachments = {{"application/pdf", "d.pdf", "", "%PDF"}};
  EXPECT_EQ(BuildError(call).kind, ErrorKind::kConfig);
}

TEST(AnthropicRequest, HeadersCarryKeyVersionAndBetas) {
  Endpoint endpoint;
  endpoint.api_key = "sk-ant-x";
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"x-api-key", "sk-ant-x"}, {"anthropic-version", "2023-06-01"}, {"anthropic-beta", "a,b"}};
  EXPECT_EQ(AnthropicHeaders(endpoint, {"a", "b"}), expected);
  endpoint.api_key.clear();
  const std::vector<std::pair<std::string, std::string>> gateway = {
      {"anthropic-version", "2023-06-01"}};
  EXPECT_EQ(AnthropicHeaders(endpoint, {}), gateway);
}

}  // namespace
}  // namespace llmbox
