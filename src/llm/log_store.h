// logs.db: the SQLite log of every prompt and response, in the format of
// llm 0.32 so that `llm logs` (Python) and `llm logs` (llmbox) read each
// other's history.
//
// What this guards against:
// - making a database llm would try to migrate again, or writing into a file
//   that is not an llm 0.32 log: see log_migrations.h;
// - losing rows when several `llm` processes log at once: writes run in
//   BEGIN IMMEDIATE transactions on a WAL database with a 10 s busy timeout,
//   and a transaction that still meets SQLITE_BUSY is retried.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "llm/fragment.h"
#include "llm/model_call.h"
#include "llm/sqlite_db.h"

namespace llmbox {

// A tool offered with a prompt (the tools and tool_responses tables).
struct LoggedTool {
  ToolDef def;
  std::string plugin;  // NULL when empty
  std::string hash;    // tools.hash, see ToolHash() in tool_registry.h
};

// A tool result sent with a prompt (tool_results), with the error llm records.
struct LoggedToolResult {
  ToolOutput result;
  std::string exception;  // NULL when empty
};

// One row of `responses` joined with its `conversations` row. Where llm
// writes NULL, so does Insert(): an empty system or resolved_model, null JSON
// (except options_json, which llm always writes, as {}), absent token counts.
struct LogRecord {
  std::string id;  // a lowercase ULID; Insert() makes one when empty
  std::string model;
  std::string resolved_model;
  std::string prompt;
  // No prompt text at all (only fragments or attachments): NULL, as llm logs
  // it; an empty `prompt` otherwise is logged as "".
  bool prompt_is_null = false;
  std::string system;
  nlohmann::json prompt_json;
  nlohmann::json options_json;  // stored as {} when null, as llm does
  std::string response;
  nlohmann::json response_json;
  std::string conversation_id;     // Insert() makes one when empty
  std::string conversation_name;   // Insert(): derived from the prompt when empty
  std::string conversation_model;  // Insert(): `model` when empty
  int64_t duration_ms = 0;
  std::string datetime_utc;  // Insert(): now, as LlmUtcTimestamp() writes it, when empty
  std::optional<int64_t> input_tokens;
  std::optional<int64_t> output_tokens;
  nlohmann::json token_details;  // NULL when null or empty
  // --schema: llm's schema id (schema_input.h) and the compact JSON stored
  // once in the schemas table; empty: no schema (NULL).
  std::string schema_id;
  std::string schema_json;
  // Written by Insert() (log_tool_rows.h). ConversationHistory() reads
  // tool_calls and tool_results back (-c sends them again); `tools` is
  // never read back.
  std::vector<LoggedTool> tools;
  std::vector<ToolCall> tool_calls;  // what the model asked for in this response
  std::vector<LoggedToolResult> tool_results;  // sent to the model in this prompt
  // The prompt's -a attachments (log_attachments.h); ConversationHistory()
  // fills them, the other readers leave them empty.
  std::vector<Attachment> attachments;
  // -f and --sf fragments (log_fragments.h); `prompt` and `system` hold only
  // the typed text, as in llm. ConversationHistory() fills them.
  std::vector<Fragment> prompt_fragments;
  std::vector<Fragment> system_fragments;
};

struct LogQuery {
  int limit = 3;  // 0 = all
  std::string model;
  std::string search;  // FTS5 query over prompt and response
  std::string conversation_id;
  bool latest_conversation = false;  // -c: the conversation of the newest response
  // -f: responses that used every one of these fragments (hashes), in the
  // prompt or the system prompt.
  std::vector<std::string> fragment_hashes;
};

class LogStore {
 public:
  // Opens `path`, creating the file (mode 0600) and its parent directories
  // (0700) when missing, and llm 0.32's schema when the database is empty.
  // kIo for a file that cannot be opened for writing, is not SQLite or is
  // corrupt; kConfig for an SQLite file that is not an llm 0.32 logs.db.
  // ":memory:" gives a private in-memory store.
  static Result<LogStore> Open(const std::string& path);

  LogStore(LogStore&&) noexcept = default;
  LogStore& operator=(LogStore&&) noexcept = default;

  const std::string& path() const { return db_.path(); }
  // The open database, for the fragment tables `llm fragments` manages (log_fragments.h).
  SqliteDb& db() { return db_; }

  // Adds the conversation (if new) and the response in one transaction.
  Result<void> Insert(LogRecord record);  // by value: move a record with a long answer in

  // The conversation of the most recent response, if any.
  Result<std::optional<std::string>> LatestConversationId();

  // Every response of a conversation, oldest first.
  Result<std::vector<LogRecord>> ConversationHistory(const std::string& conversation_id);

  // The newest `limit` matching responses, oldest first (the order llm logs prints).
  Result<std::vector<LogRecord>> Query(const LogQuery& query);

  // The content of a stored schema (--schema ID), if there is one.
  Result<std::optional<std::string>> SchemaContent(const std::string& schema_id);

  Result<int64_t> CountResponses();
  Result<int64_t> CountConversations();

 private:
  explicit LogStore(SqliteDb db) : db_(std::move(db)) {}

  // `busy` tells the caller whether a retry may succeed.
  Result<void> InsertOnce(const LogRecord& record, bool& busy);
  // The conversations and responses rows, inside InsertOnce's transaction.
  Result<void> WriteRows(const LogRecord& record);
  Result<int64_t> Count(std::string_view table);
  Result<void> ReadFragments(LogRecord& record);  // prompt_fragments, system_fragments

  SqliteDb db_;
};

// A UTC time as Python's datetime prints it: "2025-05-20T12:34:56.123456+00:00"
// (isoformat(), the responses.datetime_utc format) or with ' ' as separator
// (str(), the _llm_migrations.applied_at format). Like Python, the fraction is
// left out when the microseconds are zero.
std::string LlmUtcTimestamp(std::chrono::system_clock::time_point time, char separator = 'T');

// The name llm gives a new conversation: the first prompt with runs of
// whitespace collapsed to one space, cut to 32 characters ending in "…".
std::string ConversationNameFor(std::string_view prompt);

}  // namespace llmbox
