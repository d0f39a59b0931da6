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

}  // namespace llmbox
