#include "llm/session_record.h"

#include <gtest/gtest.h>

#include <sstream>

namespace llmbox {
namespace {

nlohmann::json EchoPromptJson(const ModelCall& call) { return {{"sent", call.current.prompt}}; }

Provider FakeProvider() {
  Provider p{};
  p.label = "fake";
  p.prompt_json = &EchoPromptJson;
  return p;
}

TurnInput WithFragment(std::string prompt) {
  TurnInput in;
  in.prompt = std::move(prompt);
  in.fragments = {{"fragment text", "f.txt"}};
  return in;
}

TEST(SessionRecord, RecordKeepsTheCallAndMovesTheAnswerOut) {
  ModelInfo model;
  model.model_id = "gpt-4o-mini";
  model.model_name = "gpt-4o-mini";
  ModelCall call;
  call.current.prompt = "q";
  Completion done;
  done.text = "answer";
  done.resolved_model = "gpt-4o-mini";  // the same model: no resolved_model
  done.interrupted = MakeError(ErrorKind::kNetwork, "cut");
  const Provider provider = FakeProvider();
  LogRecord r = RecordOfRequest(model, provider, call, done, 42, "2025-01-01 00:00:00");
  EXPECT_EQ(r.id.size(), 26u);
  EXPECT_EQ(r.response, "answer");
  EXPECT_EQ(r.prompt, "q");
  EXPECT_TRUE(r.resolved_model.empty());
  EXPECT_EQ(r.prompt_json, (nlohmann::json{{"sent", "q"}}));
  EXPECT_EQ(r.options_json, nlohmann::json::object());
  EXPECT_EQ(r.response_json["llmbox_incomplete"], true);
  EXPECT_EQ(r.response_json["llmbox_error"], "cut");
  EXPECT_EQ(r.duration_ms, 42);
}

TEST(SessionRecord, FirstRequestLogsTheTypedTextAndNamesTheConversationAfterTheSentText) {
  LogRecord r;
  r.prompt = SentPrompt(WithFragment("q").fragments, "q");
  LogTurnText(r, WithFragment("q"), /*first_request=*/true);
  EXPECT_EQ(r.prompt, "q");
  EXPECT_EQ(r.conversation_name, "fragment text q");
  ASSERT_EQ(r.prompt_fragments.size(), 1u);
  EXPECT_FALSE(r.prompt_is_null);
}

TEST(SessionRecord, NoTextIsNullOnlyForTheFirstRequestOfATurn) {
  TurnInput in = WithFragment("");
  in.no_prompt = true;
  LogRecord first;
  LogTurnText(first, in, /*first_request=*/true);
  EXPECT_TRUE(first.prompt_is_null);
  LogRecord later;  // a tool chain's next request
  LogTurnText(later, in, /*first_request=*/false);
  EXPECT_FALSE(later.prompt_is_null);
  EXPECT_TRUE(later.prompt_fragments.empty());
}

TEST(SessionRecord, SentTextJoinsFragmentsAsLlmDoes) {
  EXPECT_EQ(SentPrompt({}, "q"), "q");
  EXPECT_EQ(SentPrompt({{"a", ""}}, "q"), "a\nq");
  EXPECT_EQ(SentSystem({{" s ", ""}}, "sys"), "s\n\nsys");
}

TEST(SessionRecord, JsonShowsANullPromptAndSystemAsNull) {
  LogRecord r;
  r.prompt_is_null = true;
  std::ostringstream out;
  PrintRecordJson(out, r);
  auto j = nlohmann::json::parse(out.str());
  EXPECT_TRUE(j["prompt"].is_null());
  EXPECT_TRUE(j["system"].is_null());
  EXPECT_TRUE(j["input_tokens"].is_null());
}

}  // namespace
}  // namespace llmbox
