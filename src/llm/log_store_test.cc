#include "llm/log_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "llm/log_test_support.h"

namespace llmbox {
namespace {

using logtest::MakeRecord;
using logtest::OpenOrDie;
using logtest::RawExec;
using logtest::RawQuery;
using logtest::TempDir;

TEST(LogStore, CreatesPrivateFileAndParentDirectories) {
  TempDir tmp;
  std::string path = tmp.Sub("a/b/logs.db");
  { OpenOrDie(path); }
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(tmp.Sub("a/b").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST(LogStore, UsesWriteAheadLog) {
  TempDir tmp;
  { OpenOrDie(tmp.Sub("logs.db")); }
  EXPECT_EQ(RawQuery(tmp.Sub("logs.db"), "PRAGMA journal_mode"), std::vector<std::string>{"wal"});
}

TEST(LogStore, ReopensItsOwnDatabaseKeepingRows) {
  TempDir tmp;
  {
    LogStore store = OpenOrDie(tmp.Sub("logs.db"));
    ASSERT_TRUE(store.Insert(MakeRecord("01a", "c1", "hello", "hi")).ok());
  }
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  EXPECT_EQ(*store.CountResponses(), 1);
}

TEST(LogStore, InsertWritesNullWhereLlmWritesNull) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  ASSERT_TRUE(store.Insert(MakeRecord("01a", "c1", "hello", "hi")).ok());
  auto row = RawQuery(tmp.Sub("logs.db"),
                      "SELECT coalesce(system,'<NULL>') || '|' || coalesce(resolved_model,'<NULL>')"
                      " || '|' || coalesce(input_tokens,'<NULL>') || '|' ||"
                      " coalesce(output_tokens,'<NULL>') || '|' || coalesce(token_details,'<NULL>')"
                      " || '|' || coalesce(prompt_json,'<NULL>') || '|' || options_json"
                      " || '|' || coalesce(schema_id,'<NULL>') FROM responses");
  EXPECT_EQ(row, std::vector<std::string>{"<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|{}|<NULL>"});
}

TEST(LogStore, APromptWithoutTextIsNullAndReadsBackSo) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  LogRecord none = MakeRecord("01a", "c1", "", "r1");
  none.prompt_is_null = true;
  ASSERT_TRUE(store.Insert(none).ok());
  ASSERT_TRUE(store.Insert(MakeRecord("01b", "c1", "", "r2")).ok());  // typed "": kept ""
  EXPECT_EQ(RawQuery(tmp.Sub("logs.db"),
                     "SELECT coalesce(prompt, '<NULL>') FROM responses ORDER BY id"),
            (std::vector<std::string>{"<NULL>", ""}));
  auto rows = store.ConversationHistory("c1");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_TRUE((*rows)[0].prompt_is_null);
  EXPECT_FALSE((*rows)[1].prompt_is_null);
}

TEST(LogStore, OpensPrivateInMemoryStore) {
  auto store = LogStore::Open(":memory:");
  ASSERT_TRUE(store.ok()) << store.error().message;
  ASSERT_TRUE(store->Insert(MakeRecord("01a", "c1", "hello", "hi")).ok());
  EXPECT_EQ(*store->CountResponses(), 1);
}

TEST(LogStore, InvalidUtf8InJsonColumnsIsStoredNotThrown) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  LogRecord r = MakeRecord("01a", "c1", "hello", "hi");
  r.response_json = {{"text", std::string("bad \xff byte")}};
  EXPECT_TRUE(store.Insert(r).ok());
  EXPECT_EQ(*store.CountResponses(), 1);
}

TEST(LogStore, InsertStoresTokensAndJsonColumns) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  LogRecord r = MakeRecord("01a", "c1", "hello", "hi");
  r.system = "be brief";
  r.input_tokens = 10;
  r.output_tokens = 3;
  r.token_details = {{"cached_tokens", 2}};
  r.options_json = {{"temperature", 0.5}};
  ASSERT_TRUE(store.Insert(r).ok());
  auto back = store.ConversationHistory("c1");
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].system, "be brief");
  EXPECT_EQ((*back)[0].input_tokens, 10);
  EXPECT_EQ((*back)[0].output_tokens, 3);
  EXPECT_EQ((*back)[0].token_details["cached_tokens"], 2);
  EXPECT_EQ((*back)[0].options_json["temperature"], 0.5);
}

TEST(LogStore, InsertFillsIdTimeAndConversationWhenMissing) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  ASSERT_TRUE(store.Insert(MakeRecord("", "", "hello", "hi")).ok());
  auto rows = store.Query(LogQuery{});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].id.size(), 26u);
  EXPECT_EQ((*rows)[0].conversation_id.size(), 26u);
  EXPECT_EQ((*rows)[0].datetime_utc, "2025-05-20T12:34:56.123456+00:00");
}

TEST(LogStore, ConversationRowIsNamedAfterTheFirstPrompt) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  ASSERT_TRUE(store.Insert(MakeRecord("01a", "c1", "first  prompt\nhere", "x")).ok());
  ASSERT_TRUE(store.Insert(MakeRecord("01b", "c1", "second prompt", "y")).ok());
  EXPECT_EQ(*store.CountConversations(), 1);
  EXPECT_EQ(RawQuery(tmp.Sub("logs.db"), "SELECT name || '|' || model FROM conversations"),
            std::vector<std::string>{"first prompt here|gpt-4o-mini"});
}

TEST(LogStore, SearchFindsAPromptWord) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  ASSERT_TRUE(store.Insert(MakeRecord("01a", "c1", "names for a pelican", "Percy")).ok());
  ASSERT_TRUE(store.Insert(MakeRecord("01b", "c2", "capital of France", "Paris")).ok());
  LogQuery q;
  q.search = "pelican";
  auto rows = store.Query(q);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].id, "01a");
}

// llm: "order by responses_fts.rank desc", not reversed. bm25 ranks are
// negative and lower for better matches, so the best match comes last.
TEST(LogStore, SearchIsOrderedByRelevanceNotDate) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  ASSERT_TRUE(store.Insert(MakeRecord("01a", "c1", "pelican pelican pelican", "pelican")).ok());
  ASSERT_TRUE(store.Insert(MakeRecord("01b", "c2", "a pelican among many other words in a long "
                                                   "prompt about birds of the sea and coast",
                                      "ok"))
                  .ok());
  ASSERT_TRUE(store.Insert(MakeRecord("01c", "c3", "pelican pelican and words", "x")).ok());
  ASSERT_TRUE(store.Insert(MakeRecord("01d", "c4", "no match here", "x")).ok());
  LogQuery q;
  q.limit = 0;
  q.search = "pelican";
  auto rows = store.Query(q);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  std::vector<std::string> ids;
  for (const LogRecord& r : *rows) ids.push_back(r.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"01b", "01c", "01a"}));
  q.limit = 2;  // the limit applies in rank order too
  rows = store.Query(q);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].id, "01b");
  EXPECT_EQ((*rows)[1].id, "01c");
}

TEST(LogStore, SearchFindsAResponseWord) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  ASSERT_TRUE(store.Insert(MakeRecord("01a", "c1", "names for a pelican", "Percy")).ok());
  ASSERT_TRUE(store.Insert(MakeRecord("01b", "c2", "capital of France", "Paris")).ok());
  LogQuery q;
  q.search = "paris";
  auto rows = store.Query(q);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].id, "01b");
}

TEST(LogStore, MalformedSearchIsAnErrorNotACrash) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  ASSERT_TRUE(store.Insert(MakeRecord("01a", "c1", "hello", "hi")).ok());
  LogQuery q;
  q.search = "\"unbalanced";
  auto rows = store.Query(q);
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.error().message.find("logs.db"), std::string::npos);
}

TEST(LogStore, ConversationHistoryIsOldestFirst) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  ASSERT_TRUE(store.Insert(MakeRecord("01a", "c1", "one", "1")).ok());
  ASSERT_TRUE(store.Insert(MakeRecord("01b", "c2", "other", "x")).ok());
  ASSERT_TRUE(store.Insert(MakeRecord("01c", "c1", "two", "2")).ok());
  ASSERT_TRUE(store.Insert(MakeRecord("01d", "c1", "three", "3")).ok());
  auto history = store.ConversationHistory("c1");
  ASSERT_TRUE(history.ok());
  std::vector<std::string> prompts;
  for (const auto& r : *history) prompts.push_back(r.prompt);
  EXPECT_EQ(prompts, (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ((*history)[0].conversation_name, "one");
}

TEST(LogStore, QueryReturnsNewestMatchesOldestFirst) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  for (char c = 'a'; c <= 'e'; ++c) {
    std::string id = std::string("01") + c;
    ASSERT_TRUE(store.Insert(MakeRecord(id, "c1", id, "r")).ok());
  }
  LogQuery q;
  q.limit = 2;
  auto rows = store.Query(q);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].id, "01d");
  EXPECT_EQ((*rows)[1].id, "01e");
  q.limit = 0;
  EXPECT_EQ(store.Query(q)->size(), 5u);
}

TEST(LogStore, QueryFiltersByModel) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  LogRecord claude = MakeRecord("01a", "c1", "one", "1");
  claude.model = "claude-3-haiku";
  ASSERT_TRUE(store.Insert(claude).ok());
  ASSERT_TRUE(store.Insert(MakeRecord("01b", "c2", "two", "2")).ok());
  LogQuery q;
  q.model = "claude-3-haiku";
  auto rows = store.Query(q);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].id, "01a");
}

TEST(LogStore, QueryLatestConversationFollowsNewestResponse) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  ASSERT_TRUE(store.Insert(MakeRecord("01a", "c1", "one", "1")).ok());
  ASSERT_TRUE(store.Insert(MakeRecord("01b", "c2", "two", "2")).ok());
  ASSERT_TRUE(store.Insert(MakeRecord("01c", "c2", "three", "3")).ok());
  EXPECT_EQ(**store.LatestConversationId(), "c2");
  LogQuery q;
  q.latest_conversation = true;
  q.limit = 0;
  auto rows = store.Query(q);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 2u);
}

TEST(LogStore, LatestConversationIdIsEmptyForEmptyLog) {
  TempDir tmp;
  LogStore store = OpenOrDie(tmp.Sub("logs.db"));
  auto latest = store.LatestConversationId();
  ASSERT_TRUE(latest.ok());
  EXPECT_FALSE(latest->has_value());
}

// Root ignores file modes, so the child gives up root before trying.
TEST(LogStore, ReadOnlyFileErrorNamesThePath) {
  TempDir tmp;
  std::string path = tmp.Sub("logs.db");
  { OpenOrDie(path); }
  ASSERT_EQ(::chmod(path.c_str(), 0444), 0);
  ASSERT_EQ(::chmod(tmp.path().c_str(), 0555), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    auto store = LogStore::Open(path);
    if (store.ok()) ::_exit(1);
    ::_exit(store.error().message.find(path) != std::string::npos ? 0 : 2);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ::chmod(tmp.path().c_str(), 0700);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: opened, 2: message lacks the path, 3: setuid failed";
}

TEST(LogStore, EightProcessesWritingAtOnceLoseNoRow) {
  constexpr int kProcesses = 8;
  constexpr int kRowsEach = 500;
  TempDir tmp;
  std::string path = tmp.Sub("logs.db");  // not created yet: the children race to create it
  auto start = std::chrono::steady_clock::now();
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto store = LogStore::Open(path);
      if (!store.ok()) ::_exit(10);
      for (int i = 0; i < kRowsEach; ++i) {
        LogRecord r = MakeRecord("", "", "prompt " + std::to_string(i), "response");
        if (!store->Insert(r).ok()) ::_exit(11);
      }
      ::_exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  }
  auto elapsed = std::chrono::steady_clock::now() - start;
  RecordProperty(
      "elapsed_ms",
      std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()));
  LogStore store = OpenOrDie(path);
  EXPECT_EQ(*store.CountResponses(), kProcesses * kRowsEach);
  EXPECT_EQ(*store.CountConversations(), kProcesses * kRowsEach);
}

TEST(LogStore, TimestampMatchesPythonIsoformat) {
  using std::chrono::microseconds;
  std::chrono::system_clock::time_point t(microseconds(1747744496123456));
  EXPECT_EQ(LlmUtcTimestamp(t), "2025-05-20T12:34:56.123456+00:00");
  EXPECT_EQ(LlmUtcTimestamp(t, ' '), "2025-05-20 12:34:56.123456+00:00");
}

TEST(LogStore, TimestampOmitsZeroMicrosecondsAsPythonDoes) {
  std::chrono::system_clock::time_point t(std::chrono::seconds(1747744496));
  EXPECT_EQ(LlmUtcTimestamp(t), "2025-05-20T12:34:56+00:00");
}

TEST(LogStore, ConversationNameKeepsShortPrompts) {
  EXPECT_EQ(ConversationNameFor("Ten names for a pet pelican"), "Ten names for a pet pelican");
}

TEST(LogStore, ConversationNameCollapsesWhitespace) {
  EXPECT_EQ(ConversationNameFor("a\n\n b\tc"), "a b c");
}

TEST(LogStore, ConversationNameCutsAtThirtyTwoCharacters) {
  std::string name = ConversationNameFor(std::string(40, 'x'));
  EXPECT_EQ(name, std::string(31, 'x') + "\u2026");
}

TEST(LogStore, ConversationNameCountsCharactersNotBytes) {
  std::string accented;
  for (int i = 0; i < 32; ++i) accented += "\u00e9";
  EXPECT_EQ(ConversationNameFor(accented), accented);
  std::string longer = accented + "\u00e9";
  std::string expected;
  for (int i = 0; i < 31; ++i) expected += "\u00e9";
  EXPECT_EQ(ConversationNameFor(longer), expected + "\u2026");
}

}  // namespace
}  // namespace llmbox
