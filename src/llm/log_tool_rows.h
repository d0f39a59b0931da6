// The tool rows llm 0.32 writes beside a response in logs.db: each offered
// tool once in `tools` (keyed by its hash) and linked in `tool_responses`, the
// model's requests in `tool_calls`, and the results sent with the prompt in
// `tool_results` (with the error text llm records in `exception`). Unknown
// tool names get a NULL tool_id, as in llm. Reference: llm's models.py
// log_to_db() and the schema in docs/logging.md.
#pragma once

#include "common/result.h"
#include "llm/log_store.h"
#include "llm/sqlite_db.h"

namespace llmbox {

// Runs inside LogStore's insert transaction, after the responses row.
Result<void> WriteToolRows(SqliteDb& db, const LogRecord& record);

// The tool calls a response asked for and the tool results its prompt sent,
// in the order they were logged, into `record` (keyed by record.id). `-c`
// sends them again, as llm's Response.from_row() does; the arguments are
// parsed as JSON (an unparsable value becomes {}: a hand-edited database
// must not stop the conversation).
Result<void> ReadToolRows(SqliteDb& db, LogRecord& record);

}  // namespace llmbox
