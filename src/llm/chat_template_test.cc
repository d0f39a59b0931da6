#include "llm/chat_template.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <sstream>

#include "llm/app.h"
#include "llm/config_paths.h"
#include "llm/config_test_support.h"
#include "llm/log_store.h"
#include "llm/logs_command.h"
#include "llm/test_http_server.h"

namespace llmbox {
namespace {

using nlohmann::json;
using testing::TempDir;
using testing::TestConnection;
using testing::TestHttpServer;
using testing::TestRequest;
using testing::WriteText;

// `llm chat -t` against a server that answers every request "ok".
class ChatWithTemplate : public ::testing::Test {
 protected:
  ChatWithTemplate() { ::mkdir(dir_.Sub("templates").c_str(), 0700); }

  void Template(const std::string& name, const std::string& yaml) {
    WriteText(dir_.Sub("templates/" + name + ".yaml"), yaml);
  }

  int Chat(const std::string& input, std::vector<std::string> extra) {
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    Context ctx;
    ctx.env = testing::MapEnv({{"OPENAI_API_KEY", "sk-chat-test-0123456789"},
                               {"OPENAI_BASE_URL", server_.Url("/v1")}});
    ctx.user_dir = dir_.path();
    ctx.in = &in;
    ctx.out = &out;
    ctx.err = &err;
    std::vector<std::string> args = {"chat"};
    args.insert(args.end(), extra.begin(), extra.end());
    const int status = RunLlm(args, ctx);
    out_ = out.str();
    err_ = err.str();
    return status;
  }

  json Body(size_t i) const { return json::parse(server_.requests().at(i).body); }

  std::vector<LogRecord> Logged() {
    auto store = LogStore::Open(LogsDbPath(dir_.path()));
    EXPECT_TRUE(store.ok());
    auto cid = store->LatestConversationId();
    EXPECT_TRUE(cid.ok() && cid->has_value());
    auto rows = store->ConversationHistory(**cid);
    EXPECT_TRUE(rows.ok());
    return *rows;
  }

  TempDir dir_;
  std::string out_;
  std::string err_;
  TestHttpServer server_{[](const TestRequest&, TestConnection& c) {
    c.Send(testing::FixedReply(
        200, "application/json",
        R"({"choices":[{"index":0,"message":{"role":"assistant","content":"ok"},)"
        R"("finish_reason":"stop"}]})"));
  }};
};

TEST_F(ChatWithTemplate, EachLineIsTheInputOfTheTemplatesPrompt) {
  Template("sum", "prompt: 'Summarize: $input'\nsystem: Be $tone\ndefaults:\n  tone: calm\n");
  ASSERT_EQ(Chat("first\nsecond\n", {"-m", "gpt-4o-mini", "--no-stream", "-t", "sum"}), 0)
      << err_;
  ASSERT_EQ(server_.requests().size(), 2u);
  EXPECT_EQ(Body(0)["messages"], json::parse(R"([{"role":"system","content":"Be calm"},
                                                 {"role":"user","content":"Summarize: first"}])"));
  // The system prompt is in the conversation once, as llm's OpenAI plugin sends it.
  EXPECT_EQ(Body(1)["messages"], json::parse(R"([{"role":"system","content":"Be calm"},
                                                 {"role":"user","content":"Summarize: first"},
                                                 {"role":"assistant","content":"ok"},
                                                 {"role":"user","content":"Summarize: second"}])"));
  std::vector<LogRecord> rows = Logged();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].prompt, "Summarize: second");
  EXPECT_EQ(rows[1].system, "Be calm");  // llm logs it with every turn
}

TEST_F(ChatWithTemplate, ParamsFillVariablesAndALineWithoutInputIsAppended) {
  Template("joke", "prompt: Tell a $kind joke about\n");
  ASSERT_EQ(Chat("cats\n", {"-m", "gpt-4o-mini", "--no-stream", "-t", "joke", "-p", "kind",
                            "short"}),
            0)
      << err_;
  EXPECT_EQ(Body(0)["messages"].back()["content"], "Tell a short joke about\ncats");
}

TEST_F(ChatWithTemplate, TemplateModelAndOptionsApplyUnlessGiven) {
  Template("t", "model: gpt-4o\noptions:\n  temperature: 0.25\n  max_tokens: 7\n");
  ASSERT_EQ(Chat("hi\n", {"--no-stream", "-t", "t", "-o", "max_tokens", "9"}), 0) << err_;
  EXPECT_EQ(out_.rfind("Chatting with gpt-4o\n", 0), 0u) << out_;
  EXPECT_EQ(Body(0)["model"], "gpt-4o");
  EXPECT_EQ(Body(0)["temperature"], 0.25);
  EXPECT_EQ(Body(0)["max_tokens"], 9);
  EXPECT_EQ(Body(0)["messages"].back()["content"], "hi");

  ASSERT_EQ(Chat("hi\n", {"--no-stream", "-t", "t", "-m", "gpt-4o-mini"}), 0) << err_;
  EXPECT_EQ(Body(1)["model"], "gpt-4o-mini");
}

TEST_F(ChatWithTemplate, SystemOptionReplacesTheTemplatesAndGoesWithTheFirstTurnOnly) {
  Template("s", "system: template system\n");
  ASSERT_EQ(Chat("one\ntwo\n", {"-m", "gpt-4o-mini", "--no-stream", "-t", "s", "-s", "mine"}),
            0)
      << err_;
  EXPECT_EQ(Body(0)["messages"][0], json({{"role", "system"}, {"content", "mine"}}));
  EXPECT_EQ(Body(1)["messages"].dump().find("template system"), std::string::npos);
  std::vector<LogRecord> rows = Logged();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].system, "");
}

TEST_F(ChatWithTemplate, MissingVariableIsOneErrorBeforeTheBanner) {
  Template("v", "prompt: Translate $input into $language\n");
  EXPECT_EQ(Chat("hi\n", {"-m", "gpt-4o-mini", "-t", "v"}), 1);
  EXPECT_EQ(out_, "");
  EXPECT_NE(err_.find("language"), std::string::npos) << err_;
  EXPECT_NE(err_.find("v.yaml"), std::string::npos) << err_;
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(ChatWithTemplate, TemplateToolsComeBeforeThoseOfTInEveryRequest) {
  Template("tools", "tools:\n- llm_time\n");
  ASSERT_EQ(Chat("one\ntwo\n", {"-m", "gpt-4o-mini", "-t", "tools", "-T", "llm_version"}), 0)
      << err_;
  ASSERT_EQ(server_.requests().size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const json tools = Body(i)["tools"];
    ASSERT_EQ(tools.size(), 2u);
    EXPECT_EQ(tools[0]["function"]["name"], "llm_time");
    EXPECT_EQ(tools[1]["function"]["name"], "llm_version");
  }
}

TEST_F(ChatWithTemplate, TemplateCustomToolWhileCustomToolsAreDisabledIsAnError) {
  Template("tools", "tools:\n- word_count\n");
  EXPECT_EQ(Chat("hi\n", {"-m", "gpt-4o-mini", "-t", "tools"}), 1);
  EXPECT_NE(err_.find("custom tools are disabled"), std::string::npos) << err_;
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(ChatWithTemplate, ParamWithoutTemplateIsAUsageError) {
  EXPECT_EQ(Chat("hi\n", {"-m", "gpt-4o-mini", "-p", "a", "b"}), 2);
  EXPECT_NE(err_.find("-t NAME"), std::string::npos) << err_;
}

TEST_F(ChatWithTemplate, UnknownTemplateIsAnError) {
  EXPECT_EQ(Chat("hi\n", {"-m", "gpt-4o-mini", "-t", "nope"}), 1);
  EXPECT_EQ(out_, "");
}

}  // namespace
}  // namespace llmbox
