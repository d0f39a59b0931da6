#include "llm/log_store.h"

#include <algorithm>
#include <ctime>

#include "llm/log_attachments.h"
#include "llm/log_db_file.h"
#include "llm/log_fragments.h"
#include "llm/log_migrations.h"
#include "llm/log_tool_rows.h"
#include "llm/ulid.h"

namespace llmbox {
namespace {

// Attempts at a whole write transaction. Each attempt already waits up to the
// busy timeout for the lock, so a few are plenty.
constexpr int kWriteAttempts = 3;
constexpr size_t kConversationNameLength = 32;

// The columns `llm logs` reads, in its order (see RecordFromRow).
constexpr std::string_view kSelectColumns = R"sql(
SELECT responses.id, responses.model, responses.resolved_model, responses.prompt,
       responses.system, responses.prompt_json, responses.options_json, responses.response,
       responses.response_json, responses.conversation_id, responses.duration_ms,
       responses.datetime_utc, responses.input_tokens, responses.output_tokens,
       responses.token_details, conversations.name, conversations.model
FROM responses LEFT JOIN conversations ON responses.conversation_id = conversations.id)sql";

nlohmann::json JsonColumn(const SqliteStmt& stmt, int column) {
  if (stmt.IsNull(column)) return nullptr;
  std::string text = stmt.Text(column);
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  // A plugin may have stored text that is not JSON; show it rather than drop it.
  if (parsed.is_discarded()) return text;
  return parsed;
}

LogRecord RecordFromRow(const SqliteStmt& row) {
  LogRecord r;
  r.id = row.Text(0);
  r.model = row.Text(1);
  r.resolved_model = row.Text(2);
  r.prompt = row.Text(3);
  r.prompt_is_null = row.IsNull(3);
  r.system = row.Text(4);
  r.prompt_json = JsonColumn(row, 5);
  r.options_json = JsonColumn(row, 6);
  r.response = row.Text(7);
  r.response_json = JsonColumn(row, 8);
  r.conversation_id = row.Text(9);
  r.duration_ms = row.Int(10);
  r.datetime_utc = row.Text(11);
  r.input_tokens = row.IntOrNull(12);
  r.output_tokens = row.IntOrNull(13);
  r.token_details = JsonColumn(row, 14);
  r.conversation_name = row.Text(15);
  r.conversation_model = row.Text(16);
  return r;
}

Result<std::vector<LogRecord>> CollectRecords(SqliteStmt& stmt) {
  std::vector<LogRecord> out;
  for (;;) {
    auto row = stmt.Step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    out.push_back(RecordFromRow(stmt));
  }
}

// Invalid UTF-8 in a string (a model can emit anything) is replaced rather
// than thrown about: the row is still worth keeping.
std::string DumpJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string JsonOrEmpty(const nlohmann::json& value) {
  return value.is_null() ? std::string() : DumpJson(value);
}

bool IsPythonSpace(unsigned char c) {
  return (c >= 0x09 && c <= 0x0d) || c == ' ' || (c >= 0x1c && c <= 0x1f);
}

}  // namespace

Result<LogStore> LogStore::Open(const std::string& path) {
  auto db = OpenLogDb(path);
  if (!db.ok()) return db.error();
  auto schema = EnsureLlmLogsSchema(*db);
  if (!schema.ok()) return schema.error();
  ConfigureLogJournal(*db);
  return LogStore(std::move(*db));
}

Result<void> LogStore::Insert(LogRecord record) {
  LogRecord& r = record;
  if (r.id.empty()) r.id = NewUlid();
  if (r.conversation_id.empty()) r.conversation_id = NewUlid();
  if (r.datetime_utc.empty()) r.datetime_utc = LlmUtcTimestamp(std::chrono::system_clock::now());
  if (r.conversation_name.empty()) r.conversation_name = ConversationNameFor(r.prompt);
  if (r.conversation_model.empty()) r.conversation_model = r.model;
  Result<void> result = Ok();
  for (int attempt = 0; attempt < kWriteAttempts; ++attempt) {
    bool busy = false;
    result = InsertOnce(r, busy);
    if (result.ok() || !busy) break;
  }
  return result;
}

Result<void> LogStore::InsertOnce(const LogRecord& r, bool& busy) {
  auto begin = db_.Exec("BEGIN IMMEDIATE", "locking the database to log a response");
  if (!begin.ok()) {
    busy = db_.LastErrorWasBusy();
    return begin;
  }
  auto result = WriteRows(r);
  if (result.ok()) result = db_.Exec("COMMIT", "committing the log entry");
  if (!result.ok()) {
    busy = db_.LastErrorWasBusy();  // decided before ROLLBACK can replace the error
    (void)db_.Exec("ROLLBACK", "rolling back");
  }
  return result;
}

Result<void> LogStore::WriteRows(const LogRecord& r) {
  auto conv = SqliteStmt::Prepare(
      db_, "INSERT OR IGNORE INTO conversations (id, name, model) VALUES (?, ?, ?)",
      "logging the conversation");
  if (!conv.ok()) return conv.error();
  conv->BindText(1, r.conversation_id);
  conv->BindText(2, r.conversation_name);
  conv->BindText(3, r.conversation_model);
  if (auto ran = conv->Run(); !ran.ok()) return ran;
  if (!r.schema_id.empty()) {
    auto schema = SqliteStmt::Prepare(
        db_, "INSERT OR IGNORE INTO schemas (id, content) VALUES (?, ?)", "logging the schema");
    if (!schema.ok()) return schema.error();
    schema->BindText(1, r.schema_id);
    schema->BindText(2, r.schema_json);
    if (auto ran = schema->Run(); !ran.ok()) return ran;
  }
  // The answer is the longest text here: bound without copies, so both
  // strings must outlive `resp` (declared first, destroyed last).
  const std::string response_json = JsonOrEmpty(r.response_json);
  auto resp = SqliteStmt::Prepare(db_, R"sql(INSERT INTO responses
      (id, model, resolved_model, prompt, system, prompt_json, options_json, response,
       response_json, conversation_id, duration_ms, datetime_utc, input_tokens,
       output_tokens, token_details, schema_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql",
                                  "logging the response");
  if (!resp.ok()) return resp.error();
  resp->BindText(1, r.id);
  resp->BindText(2, r.model);
  resp->BindTextOrNull(3, r.resolved_model);
  if (r.prompt_is_null && r.prompt.empty()) {
    resp->BindNull(4);
  } else {
    resp->BindText(4, r.prompt);
  }
  resp->BindTextOrNull(5, r.system);
  resp->BindTextOrNull(6, JsonOrEmpty(r.prompt_json));
  resp->BindText(7, r.options_json.is_null() ? std::string("{}") : DumpJson(r.options_json));
  resp->BindTextUncopied(8, r.response);
  if (response_json.empty()) {
    resp->BindNull(9);
  } else {
    resp->BindTextUncopied(9, response_json);
  }
  resp->BindText(10, r.conversation_id);
  resp->BindInt(11, r.duration_ms);
  resp->BindText(12, r.datetime_utc);
  resp->BindIntOrNull(13, r.input_tokens);
  resp->BindIntOrNull(14, r.output_tokens);
  resp->BindTextOrNull(15, r.token_details.empty() ? std::string() : DumpJson(r.token_details));
  resp->BindTextOrNull(16, r.schema_id);
  if (auto ran = resp->Run(); !ran.ok()) return ran;
  if (auto written = WriteAttachmentRows(db_, r.id, r.attachments); !written.ok()) return written;
  auto fragments = WriteFragmentRows(db_, r.id, r.prompt_fragments, r.system_fragments);
  if (!fragments.ok()) return fragments;
  return WriteToolRows(db_, r);
}

Result<std::optional<std::string>> LogStore::SchemaContent(const std::string& schema_id) {
  auto stmt = SqliteStmt::Prepare(db_, "SELECT content FROM schemas WHERE id = ?",
                                  "reading a stored schema");
  if (!stmt.ok()) return stmt.error();
  stmt->BindText(1, schema_id);
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(stmt->Text(0));
}

Result<std::optional<std::string>> LogStore::LatestConversationId() {
  auto ids = db_.QueryColumn("SELECT conversation_id FROM responses ORDER BY id DESC LIMIT 1",
                             "reading the log");
  if (!ids.ok()) return ids.error();
  if (ids->empty()) return std::optional<std::string>();
  return std::optional<std::string>(ids->front());
}

Result<std::vector<LogRecord>> LogStore::ConversationHistory(const std::string& conversation_id) {
  std::string sql =
      std::string(kSelectColumns) + " WHERE responses.conversation_id = ? ORDER BY responses.rowid";
  auto stmt = SqliteStmt::Prepare(db_, sql, "reading the conversation");
  if (!stmt.ok()) return stmt.error();
  stmt->BindText(1, conversation_id);
  auto records = CollectRecords(*stmt);
  if (!records.ok()) return records;
  for (LogRecord& r : *records) {
    auto attachments = ReadAttachmentRows(db_, r.id);
    if (!attachments.ok()) return attachments.error();
    r.attachments = std::move(*attachments);
    if (auto read = ReadFragments(r); !read.ok()) return read.error();
    if (auto tools = ReadToolRows(db_, r); !tools.ok()) return tools.error();
  }
  return records;
}

Result<std::vector<LogRecord>> LogStore::Query(const LogQuery& query) {
  std::string conversation_id = query.conversation_id;
  if (query.latest_conversation && conversation_id.empty()) {
    auto latest = LatestConversationId();
    if (!latest.ok()) return latest.error();
    if (!latest->has_value()) return std::vector<LogRecord>();
    conversation_id = **latest;
  }
  std::string sql(kSelectColumns);
  if (!query.search.empty()) sql += " JOIN responses_fts ON responses_fts.rowid = responses.rowid";
  sql += " WHERE 1";
  if (!query.search.empty()) sql += " AND responses_fts MATCH :search";
  if (!query.model.empty()) sql += " AND responses.model = :model";
  if (!conversation_id.empty()) sql += " AND responses.conversation_id = :cid";
  for (size_t i = 0; i < query.fragment_hashes.size(); ++i) {
    sql += R"sql( AND EXISTS (SELECT 1 FROM prompt_fragments JOIN fragments
        ON fragments.id = prompt_fragments.fragment_id
        WHERE prompt_fragments.response_id = responses.id AND fragments.hash = :f)sql" +
           std::to_string(i) + R"sql( UNION SELECT 1 FROM system_fragments JOIN fragments
        ON fragments.id = system_fragments.fragment_id
        WHERE system_fragments.response_id = responses.id AND fragments.hash = :f)sql" +
           std::to_string(i) + ")";
  }
  // As llm: a search is ordered by FTS5 rank (bm25, lower is more relevant),
  // descending, so the best match comes last, nearest the prompt; anything
  // else by id, newest first, so that LIMIT keeps the newest.
  const bool search = !query.search.empty();
  sql += search ? " ORDER BY responses_fts.rank DESC" : " ORDER BY responses.id DESC";
  if (query.limit > 0) sql += " LIMIT :limit";
  auto stmt = SqliteStmt::Prepare(db_, sql, "searching the log");
  if (!stmt.ok()) return stmt.error();
  int index = 1;
  if (search) stmt->BindText(index++, query.search);
  if (!query.model.empty()) stmt->BindText(index++, query.model);
  if (!conversation_id.empty()) stmt->BindText(index++, conversation_id);
  for (const std::string& hash : query.fragment_hashes) stmt->BindText(index++, hash);
  if (query.limit > 0) stmt->BindInt(index++, query.limit);
  auto records = CollectRecords(*stmt);
  if (!records.ok()) return records.error();
  for (LogRecord& r : *records) {
    if (auto read = ReadFragments(r); !read.ok()) return read.error();
  }
  // Shown oldest first; search results stay in rank order, as in llm.
  if (!search) std::reverse(records->begin(), records->end());
  return std::move(*records);
}

Result<void> LogStore::ReadFragments(LogRecord& r) {
  auto prompt = ReadFragmentRows(db_, r.id, /*system=*/false);
  if (!prompt.ok()) return prompt.error();
  auto system = ReadFragmentRows(db_, r.id, /*system=*/true);
  if (!system.ok()) return system.error();
  r.prompt_fragments = std::move(*prompt);
  r.system_fragments = std::move(*system);
  return Ok();
}

Result<int64_t> LogStore::CountResponses() { return Count("responses"); }

Result<int64_t> LogStore::CountConversations() { return Count("conversations"); }

Result<int64_t> LogStore::Count(std::string_view table) {
  auto stmt = SqliteStmt::Prepare(db_, "SELECT count(*) FROM " + std::string(table),
                                  "counting " + std::string(table));
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  return stmt->Int(0);
}

std::string LlmUtcTimestamp(std::chrono::system_clock::time_point time, char separator) {
  auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(micros / 1'000'000);
  int64_t frac = micros % 1'000'000;
  if (frac < 0) {
    frac += 1'000'000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, separator, tm.tm_hour, tm.tm_min, tm.tm_sec);
  std::string out(buf);
  if (frac != 0) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(frac));
    out += buf;
  }
  return out + "+00:00";
}

std::string ConversationNameFor(std::string_view prompt) {
  // Python's \s also matches non-ASCII spaces; ASCII covers what prompts hold.
  std::string collapsed;
  bool in_space = false;
  for (char ch : prompt) {
    if (IsPythonSpace(static_cast<unsigned char>(ch))) {
      if (!in_space) collapsed += ' ';
      in_space = true;
    } else {
      collapsed += ch;
      in_space = false;
    }
  }
  // Count and cut in characters (UTF-8 code points), as Python does.
  size_t chars = 0;
  size_t cut = collapsed.size();
  for (size_t i = 0; i < collapsed.size(); ++i) {
    if ((static_cast<unsigned char>(collapsed[i]) & 0xC0) == 0x80) continue;
    if (chars == kConversationNameLength - 1) cut = i;
    ++chars;
  }
  if (chars <= kConversationNameLength) return collapsed;
  return collapsed.substr(0, cut) + "\u2026";
}

}  // namespace llmbox
