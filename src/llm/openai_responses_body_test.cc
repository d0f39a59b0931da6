#include "llm/openai_responses_body.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

using nlohmann::json;

ModelCall Call(std::string prompt) {
  ModelCall call;
  call.model_name = "gpt-5.5";
  call.current.prompt = std::move(prompt);
  return call;
}

TEST(ResponsesBody, MatchesRecordedLlmRequest) {
  // tests/fixtures/openai/test_responses_basic_streaming.yaml, request body.
  ModelCall call = Call("Reply with exactly: pong");
  call.options = {{"reasoning_effort", "low"}};
  auto body = BuildResponsesBody(call);
  ASSERT_TRUE(body.ok()) << body.error().message;
  EXPECT_EQ(*body,
            json::parse(R"({"include":["reasoning.encrypted_content"],"input":[{"role":"user",
      "content":"Reply with exactly: pong"}],"model":"gpt-5.5","reasoning":{"effort":"low"},
      "store":false,"stream":true})"));
}

TEST(ResponsesBody, MatchesRecordedToolRequest) {
  ModelCall call = Call("What is 1231 * 2331? Use the multiply tool.");
  call.options = {{"reasoning_effort", "low"}};
  call.tools = {{"multiply", "Multiply two numbers.",
                 json::parse(R"({"properties":{"a":{"type":"integer"},"b":{"type":"integer"}},
                     "required":["a","b"],"type":"object"})")}};
  auto body = BuildResponsesBody(call);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["tools"], json::parse(R"([{"type":"function","name":"multiply",
      "description":"Multiply two numbers.","parameters":{"properties":{"a":{"type":"integer"},
      "b":{"type":"integer"}},"required":["a","b"],"type":"object"}}])"));
}

TEST(ResponsesBody, SendsLatestSystemPromptAsInstructions) {
  ModelCall call = Call("third");
  Turn first;
  first.system = "be terse";
  first.prompt = "one";
  first.response = "1";
  Turn second;
  second.prompt = "two";
  second.response = "2";
  call.history = {first, second};
  auto body = BuildResponsesBody(call);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["instructions"], "be terse");
  EXPECT_EQ((*body)["input"], json::parse(R"([{"role":"user","content":"one"},
      {"role":"assistant","content":"1"},{"role":"user","content":"two"},
      {"role":"assistant","content":"2"},{"role":"user","content":"third"}])"));
  call.current.system = "be verbose";
  EXPECT_EQ((*BuildResponsesBody(call))["instructions"], "be verbose");
  EXPECT_FALSE(BuildResponsesBody(Call("x"))->contains("instructions"));
}

TEST(ResponsesBody, SendsToolCallsAndResultsAsItems) {
  ModelCall call = Call("");
  Turn asked;
  asked.prompt = "multiply";
  asked.tool_calls = {{"call_1", "multiply", {{"a", 2}, {"b", 3}}}};
  call.history = {asked};
  call.current.tool_results = {{"call_1", "multiply", "6"}};
  auto body = BuildResponsesBody(call);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["input"], json::parse(R"([{"role":"user","content":"multiply"},
      {"type":"function_call","call_id":"call_1","name":"multiply","arguments":"{\"a\":2,\"b\":3}"},
      {"type":"function_call_output","call_id":"call_1","output":"6"}])"));
}

TEST(ResponsesBody, MapsOptionsToResponsesNames) {
  ModelCall call = Call("x");
  call.options = {{"max_tokens", 50},   {"temperature", 0.5},         {"top_p", 0.9},
                  {"seed", 7},          {"reasoning_effort", "high"}, {"reasoning_summary", "auto"},
                  {"verbosity", "low"}, {"json_object", true},        {"image_detail", "high"},
                  {"store", true}};
  auto body = BuildResponsesBody(call);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["max_output_tokens"], 50);
  EXPECT_FALSE(body->contains("max_tokens"));
  EXPECT_EQ((*body)["temperature"], 0.5);
  EXPECT_EQ((*body)["top_p"], 0.9);
  EXPECT_EQ((*body)["seed"], 7);
  EXPECT_EQ((*body)["reasoning"], json({{"effort", "high"}, {"summary", "auto"}}));
  EXPECT_EQ((*body)["text"], json::parse(R"({"verbosity":"low","format":{"type":"json_object"}})"));
  EXPECT_EQ((*body)["store"], true);
  for (const char* gone : {"image_detail", "json_object", "reasoning_effort", "verbosity"}) {
    EXPECT_FALSE(body->contains(gone)) << gone;
  }
}

TEST(ResponsesBody, KeepsOptionsFromReplacingCoreFields) {
  ModelCall call = Call("x");
  call.options = {{"model", "other"}, {"stream", false}, {"input", "evil"}};
  call.stream = true;
  auto body = BuildResponsesBody(call);
  EXPECT_EQ((*body)["model"], "gpt-5.5");
  EXPECT_EQ((*body)["stream"], true);
  EXPECT_TRUE((*body)["input"].is_array());
}

TEST(ResponsesBody, SendsSchemaAsJsonSchemaFormat) {
  ModelCall call = Call("x");
  call.schema = json::parse(R"({"type":"object","properties":{"name":{"type":"string"}}})");
  auto body = BuildResponsesBody(call);
  EXPECT_EQ((*body)["text"]["format"], json({{"type", "json_schema"},
                                             {"name", "output"},
                                             {"schema", call.schema},
                                             {"strict", false}}));
}

TEST(ResponsesBody, SendsImageBytesAsDataUrlAndUrlAsIs) {
  ModelCall call = Call("what is this");
  call.options = {{"image_detail", "low"}};
  call.current.attachments = {{"image/png", "a.png", "", "\x89PNG"},
                              {"image/jpeg", "", "https://example.com/c.jpg", ""}};
  auto body = BuildResponsesBody(call);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["input"][0]["content"], json::parse(R"([
      {"type":"input_text","text":"what is this"},
      {"type":"input_image","image_url":"data:image/png;base64,iVBORw==","detail":"low"},
      {"type":"input_image","image_url":"https://example.com/c.jpg","detail":"low"}])"));
}

TEST(ResponsesBody, SendsPdfAsBase64FileData) {
  auto part = ResponsesAttachmentPart({"application/pdf", "d.pdf", "", "%PDF-1"}, "");
  ASSERT_TRUE(part.ok());
  EXPECT_EQ((*part)["type"], "input_file");
  EXPECT_EQ((*part)["file_data"], "data:application/pdf;base64,JVBERi0x");
  // llm names the file after the SHA-256 of its bytes.
  EXPECT_EQ((*part)["filename"],
            "21af8e71c8703196df7fe1ff901869a88fe64c07bbaa83d838efb45a52b4f303.pdf");
}

TEST(ResponsesBody, RefusesAudioAttachments) {
  ModelCall call = Call("listen");
  call.current.attachments = {{"audio/wav", "a.wav", "", "RIFF"}};
  auto body = BuildResponsesBody(call);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().kind, ErrorKind::kUsage);
  EXPECT_NE(body.error().message.find("audio/wav"), std::string::npos);
}

}  // namespace
}  // namespace llmbox
