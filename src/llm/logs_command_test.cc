#include "llm/logs_command.h"

#include <gtest/gtest.h>

#include <fstream>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "llm/log_store.h"
#include "llm/log_test_support.h"

namespace llmbox {
namespace {

using logtest::MakeRecord;
using logtest::TempDir;

// Runs `llm <args>` with only the logs command registered, against a
// private user directory.
class LogsCommand : public ::testing::Test {
 protected:
  LogsCommand() {
    ctx_.user_dir = tmp_.Sub("llm");
    ctx_.in = &in_;
    ctx_.out = &out_;
    ctx_.err = &err_;
  }

  Result<void> Run(std::vector<std::string> args) {
    out_.str("");
    CLI::App app{"llm"};
    Runner run;
    AddLogsCommand(app, ctx_, run);
    std::reverse(args.begin(), args.end());  // CLI11 consumes from the back
    try {
      app.parse(args);
    } catch (const CLI::ParseError& e) {
      return MakeError(ErrorKind::kUsage, e.what());
    }
    if (!run) return MakeError(ErrorKind::kInternal, "no action selected");
    return run();
  }

  std::string Out() const { return out_.str(); }
  std::string DbPath() const { return ctx_.user_dir + "/logs.db"; }

  void Log(const LogRecord& r) {
    auto store = LogStore::Open(DbPath());
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE(store->Insert(r).ok());
  }

  // Five responses: 01a..01c in conversation c1, 01d..01e in c2.
  void LogFive() {
    Log(MakeRecord("01a", "c1", "prompt a", "response a"));
    Log(MakeRecord("01b", "c1", "prompt b", "response b"));
    Log(MakeRecord("01c", "c1", "prompt c", "response c"));
    Log(MakeRecord("01d", "c2", "prompt d", "response d"));
    Log(MakeRecord("01e", "c2", "prompt e", "response e"));
  }

  // The ids of the Markdown entries, in printed order.
  std::vector<std::string> ShownIds() const {
    std::vector<std::string> ids;
    std::string text = Out();
    for (size_t at = text.find(" id: "); at != std::string::npos; at = text.find(" id: ", at)) {
      at += 5;
      ids.push_back(text.substr(at, text.find('\n', at) - at));
    }
    return ids;
  }

  TempDir tmp_;
  std::istringstream in_;
  std::ostringstream out_;
  std::ostringstream err_;
  Context ctx_;
};

TEST_F(LogsCommand, PathPrintsLogsDbInUserDir) {
  ASSERT_TRUE(Run({"logs", "path"}).ok());
  EXPECT_EQ(Out(), DbPath() + "\n");
  EXPECT_EQ(LogsDbPath("/u/"), "/u/logs.db");
}

TEST_F(LogsCommand, OffCreatesLogsOffFile) {
  ASSERT_TRUE(Run({"logs", "off"}).ok());
  EXPECT_TRUE(std::filesystem::exists(ctx_.user_dir + "/logs-off"));
  EXPECT_FALSE(LoggingEnabled(ctx_.user_dir));
}

TEST_F(LogsCommand, OnRemovesLogsOffFile) {
  ASSERT_TRUE(Run({"logs", "off"}).ok());
  ASSERT_TRUE(Run({"logs", "on"}).ok());
  EXPECT_FALSE(std::filesystem::exists(ctx_.user_dir + "/logs-off"));
  EXPECT_TRUE(LoggingEnabled(ctx_.user_dir));
  EXPECT_TRUE(Run({"logs", "on"}).ok());  // already on: not an error
}

TEST_F(LogsCommand, StatusWithoutDatabaseSaysSo) {
  ASSERT_TRUE(Run({"logs", "status"}).ok());
  EXPECT_EQ(Out(), "No log database found at " + DbPath() + "\n");
}

TEST_F(LogsCommand, StatusReportsCountsAndSize) {
  LogFive();
  ASSERT_TRUE(Run({"logs", "status"}).ok());
  std::string expected_start = "Logging is ON for all prompts\nFound log database at " + DbPath() +
                               "\nNumber of conversations logged:\t2\n"
                               "Number of responses logged:\t5\n"
                               "Database file size: \t\t";
  ASSERT_EQ(Out().rfind(expected_start, 0), 0u) << Out();
  std::string size = Out().substr(expected_start.size());
  EXPECT_TRUE(size.size() > 4 && size.compare(size.size() - 3, 3, "KB\n") == 0) << size;
}

TEST_F(LogsCommand, StatusReportsLoggingOff) {
  LogFive();
  ASSERT_TRUE(Run({"logs", "off"}).ok());
  ASSERT_TRUE(Run({"logs", "status"}).ok());
  EXPECT_EQ(Out().rfind("Logging is OFF\n", 0), 0u) << Out();
}

TEST_F(LogsCommand, ListWithoutDatabaseIsAnErrorNamingThePath) {
  auto r = Run({"logs"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "No log database found at " + DbPath());
  EXPECT_FALSE(std::filesystem::exists(DbPath()));
}

TEST_F(LogsCommand, DefaultListsLastThreeOldestFirst) {
  LogFive();
  ASSERT_TRUE(Run({"logs"}).ok());
  EXPECT_EQ(ShownIds(), (std::vector<std::string>{"01c", "01d", "01e"}));
}

TEST_F(LogsCommand, ListSubcommandTakesTheSameOptions) {
  LogFive();
  ASSERT_TRUE(Run({"logs", "list", "-n", "1"}).ok());
  EXPECT_EQ(ShownIds(), (std::vector<std::string>{"01e"}));
}

TEST_F(LogsCommand, CountZeroShowsEverything) {
  LogFive();
  ASSERT_TRUE(Run({"logs", "-n", "0"}).ok());
  EXPECT_EQ(ShownIds().size(), 5u);
}

TEST_F(LogsCommand, DefaultOutputIsLlmMarkdown) {
  Log(MakeRecord("01a", "c1", "Ten names", "Percy"));
  ASSERT_TRUE(Run({"logs"}).ok());
  EXPECT_EQ(Out(),
            "# 2025-05-20T12:34:56    conversation: c1 id: 01a\n\nModel: **gpt-4o-mini**\n\n"
            "## Prompt\n\nTen names\n\n## Response\n\nPercy\n\n");
}

TEST_F(LogsCommand, UsageFlagAddsTokenUsage) {
  LogRecord r = MakeRecord("01a", "c1", "p", "r");
  r.input_tokens = 12;
  r.output_tokens = 3400;
  Log(r);
  ASSERT_TRUE(Run({"logs", "-u"}).ok());
  EXPECT_NE(Out().find("## Token usage\n\n12 input, 3,400 output\n\n"), std::string::npos);
}

TEST_F(LogsCommand, ModelOptionFilters) {
  LogRecord other = MakeRecord("01z", "c9", "p", "r");
  other.model = "anthropic/claude-3-haiku-20240307";  // the id its alias resolves to
  LogFive();
  Log(other);
  ASSERT_TRUE(Run({"logs", "-m", "claude-3-haiku"}).ok());
  EXPECT_EQ(ShownIds(), (std::vector<std::string>{"01z"}));
}

TEST_F(LogsCommand, ModelOptionResolvesABuiltinAlias) {
  LogRecord four_o = MakeRecord("01y", "c8", "p", "r");
  four_o.model = "gpt-4o";
  LogFive();  // gpt-4o-mini
  Log(four_o);
  ASSERT_TRUE(Run({"logs", "-m", "4o"}).ok());
  EXPECT_EQ(ShownIds(), (std::vector<std::string>{"01y"}));
}

TEST_F(LogsCommand, ModelOptionResolvesAnAliasFromAliasesJson) {
  LogRecord four_o = MakeRecord("01y", "c8", "p", "r");
  four_o.model = "gpt-4o";
  LogFive();
  Log(four_o);
  {
    std::ofstream aliases(ctx_.user_dir + "/aliases.json");
    aliases << R"({"quick": "gpt-4o-mini"})";
  }
  ASSERT_TRUE(Run({"logs", "-m", "quick", "-n", "0"}).ok());
  EXPECT_EQ(ShownIds(), (std::vector<std::string>{"01a", "01b", "01c", "01d", "01e"}));
}

TEST_F(LogsCommand, ModelOptionUsesAnUnknownNameAsGiven) {
  LogRecord gone = MakeRecord("01x", "c7", "p", "r");
  gone.model = "some-removed-model";
  LogFive();
  Log(gone);
  ASSERT_TRUE(Run({"logs", "-m", "some-removed-model"}).ok());
  EXPECT_EQ(ShownIds(), (std::vector<std::string>{"01x"}));
}

// As llm: best match last, not the newest last.
TEST_F(LogsCommand, QueryResultsComeInRelevanceOrder) {
  Log(MakeRecord("01a", "c1", "pelican pelican", "pelican"));
  Log(MakeRecord("01b", "c2", "one pelican in a long prompt about many other birds", "ok"));
  ASSERT_TRUE(Run({"logs", "-q", "pelican"}).ok());
  EXPECT_EQ(ShownIds(), (std::vector<std::string>{"01b", "01a"}));
}

TEST_F(LogsCommand, QueryOptionSearchesPromptsAndResponses) {
  LogFive();
  ASSERT_TRUE(Run({"logs", "-q", "b"}).ok());
  EXPECT_EQ(ShownIds(), (std::vector<std::string>{"01b"}));
}

TEST_F(LogsCommand, ConversationOptionShowsWholeConversationOnce) {
  LogFive();
  ASSERT_TRUE(Run({"logs", "--cid", "c1"}).ok());
  EXPECT_EQ(ShownIds(), (std::vector<std::string>{"01a"}));  // ids only in the first heading
  EXPECT_NE(Out().find("prompt c"), std::string::npos);
  EXPECT_EQ(Out().find("prompt d"), std::string::npos);
}

TEST_F(LogsCommand, CountLimitsAConversation) {
  LogFive();
  ASSERT_TRUE(Run({"logs", "--cid", "c1", "-n", "1"}).ok());
  EXPECT_EQ(ShownIds(), (std::vector<std::string>{"01c"}));
}

TEST_F(LogsCommand, CurrentShowsLatestConversation) {
  LogFive();
  ASSERT_TRUE(Run({"logs", "-c"}).ok());
  EXPECT_EQ(ShownIds(), (std::vector<std::string>{"01d"}));
  EXPECT_NE(Out().find("prompt e"), std::string::npos);
  EXPECT_EQ(Out().find("prompt c"), std::string::npos);
}

TEST_F(LogsCommand, CurrentWithEmptyLogIsAnError) {
  ASSERT_TRUE(LogStore::Open(DbPath()).ok());
  auto r = Run({"logs", "-c"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "No conversations found");
}

TEST_F(LogsCommand, ResponseFlagPrintsOnlyTheLastResponse) {
  LogFive();
  ASSERT_TRUE(Run({"logs", "-r"}).ok());
  EXPECT_EQ(Out(), "response e\n");
}

TEST_F(LogsCommand, JsonOutputIsAnArrayOfResponses) {
  LogFive();
  ASSERT_TRUE(Run({"logs", "--json", "-n", "2"}).ok());
  auto parsed = nlohmann::json::parse(Out());
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0]["id"], "01d");
  EXPECT_EQ(parsed[1]["response"], "response e");
  EXPECT_EQ(parsed[1]["conversation_name"], "prompt d");
  EXPECT_EQ(Out().back(), '\n');
}

TEST_F(LogsCommand, ShortOutputIsYamlSummary) {
  Log(MakeRecord("01a", "c1", "Ten names", "Percy"));
  ASSERT_TRUE(Run({"logs", "-s"}).ok());
  EXPECT_EQ(Out(),
            "- model: gpt-4o-mini\n  datetime: '2025-05-20T12:34:56'\n  conversation: c1\n"
            "  prompt: Ten names\n  prompt_fragments: []\n  system_fragments: []\n");
}

TEST_F(LogsCommand, ShortCannotBeCombinedWithJson) {
  LogFive();
  auto r = Run({"logs", "-s", "--json"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
  EXPECT_EQ(r.error().message, "Cannot use --short and --json together");
}

TEST_F(LogsCommand, DatabaseOptionReadsAnotherFile) {
  std::string other = tmp_.Sub("elsewhere/other.db");
  {
    auto store = LogStore::Open(other);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store->Insert(MakeRecord("01q", "cq", "p", "r")).ok());
  }
  ASSERT_TRUE(Run({"logs", "-d", other}).ok());
  EXPECT_EQ(ShownIds(), (std::vector<std::string>{"01q"}));
}

TEST_F(LogsCommand, UnknownOptionIsUsageError) {
  auto r = Run({"logs", "--bogus"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
}

}  // namespace
}  // namespace llmbox
