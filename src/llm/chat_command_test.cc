#include "llm/chat_command.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
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
using testing::Chunk;
using testing::ChunkedHead;
using testing::FixedReply;
using testing::TempDir;
using testing::TestConnection;
using testing::TestHttpServer;
using testing::TestRequest;

std::string Event(const json& data) { return "data: " + data.dump() + "\n\n"; }

// Answers request N (from 1) with the streamed text "answer N".
testing::TestResponder NumberedAnswers(std::atomic<int>& count, int fail_first = 0) {
  return [&count, fail_first](const TestRequest&, TestConnection& c) {
    const int n = ++count;
    if (n <= fail_first) {
      c.Send(FixedReply(500, "application/json",
                        R"({"error":{"message":"The server had an error"}})"));
      return;
    }
    c.Send(ChunkedHead(200, "text/event-stream"));
    c.Send(Chunk(Event({{"choices", {{{"index", 0}, {"delta", {{"content", "answer "}}}}}}})));
    c.Send(Chunk(Event(
        {{"choices",
          {{{"index", 0}, {"delta", {{"content", std::to_string(n)}}}, {"finish_reason", "stop"}}}}})));
    c.Send(Chunk("data: [DONE]\n\n"));
    c.Send(Chunk(""));
  };
}

struct ChatRun {
  int status = -1;
  std::string out;
  std::string err;
};

class ChatCommand : public ::testing::Test {
 protected:
  ChatRun Chat(const std::string& input, std::vector<std::string> extra = {}) {
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    Context ctx;
    std::map<std::string, std::string> env = extra_env_;
    env["OPENAI_API_KEY"] = "sk-chat-test-0123456789";
    env["OPENAI_BASE_URL"] = server_.Url("/v1");
    ctx.env = testing::MapEnv(env);
    ctx.user_dir = dir_.path();
    ctx.in = &in;
    ctx.out = &out;
    ctx.err = &err;
    std::vector<std::string> args = {"chat", "-m", "gpt-4o-mini"};
    args.insert(args.end(), extra.begin(), extra.end());
    ChatRun run;
    run.status = RunLlm(args, ctx);
    run.out = out.str();
    run.err = err.str();
    return run;
  }

  json Messages(size_t i) const { return json::parse(server_.requests().at(i).body)["messages"]; }

  std::vector<LogRecord> LoggedConversation() {
    auto store = LogStore::Open(LogsDbPath(dir_.path()));
    EXPECT_TRUE(store.ok());
    auto cid = store->LatestConversationId();
    EXPECT_TRUE(cid.ok() && cid->has_value());
    auto rows = store->ConversationHistory(**cid);
    EXPECT_TRUE(rows.ok());
    return *rows;
  }

  // $EDITOR: a /bin/sh script with `body` ($1 is the file to edit).
  void SetEditor(const std::string& body) {
    const std::string path = dir_.Sub("editor.sh");
    testing::WriteText(path, "#!/bin/sh\n" + body, 0700);
    extra_env_["EDITOR"] = path;
  }

  TempDir dir_;
  std::map<std::string, std::string> extra_env_;
  std::atomic<int> count_{0};
  int fail_first_ = 0;
  TestHttpServer server_{[this](const TestRequest& r, TestConnection& c) {
    NumberedAnswers(count_, fail_first_)(r, c);
  }};
};

TEST_F(ChatCommand, PrintsTheBannerPromptsAndAnswers) {
  ChatRun run = Chat("hello\n");
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.out, ChatBanner("gpt-4o-mini") + "> answer 1\n> \n");
  EXPECT_EQ(run.err, "");
}

TEST_F(ChatCommand, SecondTurnCarriesTheFirstExchangeInOneConversation) {
  ChatRun run = Chat("hello\nagain\n");
  ASSERT_EQ(run.status, 0) << run.err;
  ASSERT_EQ(server_.requests().size(), 2u);
  EXPECT_EQ(Messages(1), json::parse(R"([{"role":"user","content":"hello"},
                                         {"role":"assistant","content":"answer 1"},
                                         {"role":"user","content":"again"}])"));
  std::vector<LogRecord> rows = LoggedConversation();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].prompt, "hello");
  EXPECT_EQ(rows[1].response, "answer 2");
  EXPECT_EQ(rows[0].conversation_id, rows[1].conversation_id);
}

TEST_F(ChatCommand, SendsTheSystemPromptWithTheFirstTurnOnly) {
  ChatRun run = Chat("one\ntwo\n", {"-s", "be brief"});
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(Messages(0)[0], json({{"role", "system"}, {"content", "be brief"}}));
  std::vector<LogRecord> rows = LoggedConversation();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].system, "be brief");
  EXPECT_EQ(rows[1].system, "");
}

TEST_F(ChatCommand, ExitStopsReading) {
  ChatRun run = Chat("first\nexit\nnever sent\n");
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(ChatCommand, MultiSendsTheLinesAsOnePrompt) {
  ChatRun run = Chat("!multi\nline one\nline two\n!end\n");
  ASSERT_EQ(run.status, 0) << run.err;
  ASSERT_EQ(server_.requests().size(), 1u);
  EXPECT_EQ(Messages(0).back()["content"], "line one\nline two");
  // No "> " while collecting the lines, as llm does.
  EXPECT_EQ(run.out, ChatBanner("gpt-4o-mini") + "> answer 1\n> \n");
}

TEST_F(ChatCommand, AFailedTurnIsOneErrorLineAndTheChatGoesOn) {
  fail_first_ = 1;
  ChatRun run = Chat("first\nsecond\n");
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.err.rfind("Error: ", 0), 0u) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1);
  EXPECT_NE(run.out.find("answer 2"), std::string::npos) << run.out;
  // The failed turn is not part of the conversation the second one carries.
  EXPECT_EQ(Messages(1).size(), 1u);
}

TEST_F(ChatCommand, ContinuesTheLatestConversationWithC) {
  ASSERT_EQ(Chat("hello\n").status, 0);
  ChatRun run = Chat("more\n", {"-c"});
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(Messages(1).size(), 3u);
  EXPECT_EQ(LoggedConversation().size(), 2u);
}

TEST_F(ChatCommand, EditSendsWhatTheEditorSavedStripped) {
  SetEditor("printf '\\n  written in the editor\\n\\n' > \"$1\"\n");
  ChatRun run = Chat("!edit\nafter\n");
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.err, "");
  ASSERT_EQ(server_.requests().size(), 2u);
  EXPECT_EQ(Messages(0), json::parse(R"([{"role":"user","content":"written in the editor"}])"));
  EXPECT_EQ(LoggedConversation().at(0).prompt, "written in the editor");
}

TEST_F(ChatCommand, EditClosedWithoutSavingSendsNothing) {
  SetEditor("exit 0\n");
  ChatRun run = Chat("!edit\n");
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.err, "Editor closed without saving.\n");
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(ChatCommand, EditSavedEmptySendsNothing) {
  SetEditor("printf '\\n \\n' > \"$1\"\n");
  ChatRun run = Chat("!edit\n");
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.err, "");
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(ChatCommand, EditWithoutAnEditorIsOneErrorLineAndTheChatGoesOn) {
  extra_env_["EDITOR"] = dir_.Sub("no-editor");
  ChatRun run = Chat("!edit\nhello\n");
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.err.rfind("Error: editor \"", 0), 0u) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  ASSERT_EQ(server_.requests().size(), 1u);
  EXPECT_EQ(Messages(0).back()["content"], "hello");
}

TEST(ChatHistoryPath, IsInTheConfigDir) {
  EXPECT_EQ(ChatHistoryPath("/config"), "/config/chat_history");
}

}  // namespace
}  // namespace llmbox
