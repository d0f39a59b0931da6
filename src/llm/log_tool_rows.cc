#include "llm/log_tool_rows.h"

#include <map>

#include "llm/logs_format.h"

namespace llmbox {
namespace {

// llm's ensure_tool(): insert unless the hash is known, then its id.
Result<int64_t> EnsureTool(SqliteDb& db, const LoggedTool& tool) {
  auto insert = SqliteStmt::Prepare(db, R"sql(INSERT INTO tools
      (hash, name, description, input_schema, plugin) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(hash) DO NOTHING)sql",
                                    "logging a tool");
  if (!insert.ok()) return insert.error();
  insert->BindText(1, tool.hash);
  insert->BindText(2, tool.def.name);
  insert->BindTextOrNull(3, tool.def.description);
  insert->BindText(4, PythonJsonDumps(tool.def.input_schema));
  insert->BindTextOrNull(5, tool.plugin);
  if (auto ran = insert->Run(); !ran.ok()) return ran.error();
  auto select = SqliteStmt::Prepare(db, "SELECT id FROM tools WHERE hash = ?", "finding a tool");
  if (!select.ok()) return select.error();
  select->BindText(1, tool.hash);
  auto row = select->Step();
  if (!row.ok()) return row.error();
  if (!*row) return MakeError(ErrorKind::kIo, "logging a tool: its row vanished");
  return select->Int(0);
}

void BindToolId(SqliteStmt& stmt, int index, const std::map<std::string, int64_t>& ids,
                const std::string& name) {
  auto it = ids.find(name);
  stmt.BindIntOrNull(index, it == ids.end() ? std::nullopt : std::optional<int64_t>(it->second));
}

Result<void> WriteCalls(SqliteDb& db, const LogRecord& r,
                        const std::map<std::string, int64_t>& ids) {
  for (const ToolCall& call : r.tool_calls) {
    auto stmt = SqliteStmt::Prepare(db, R"sql(INSERT INTO tool_calls
        (response_id, tool_id, name, arguments, tool_call_id) VALUES (?, ?, ?, ?, ?))sql",
                                    "logging a tool call");
    if (!stmt.ok()) return stmt.error();
    stmt->BindText(1, r.id);
    BindToolId(*stmt, 2, ids, call.name);
    stmt->BindText(3, call.name);
    stmt->BindText(4, PythonJsonDumps(call.arguments));
    stmt->BindTextOrNull(5, call.id);
    if (auto ran = stmt->Run(); !ran.ok()) return ran;
  }
  return Ok();
}

Result<void> WriteResults(SqliteDb& db, const LogRecord& r,
                          const std::map<std::string, int64_t>& ids) {
  for (const LoggedToolResult& logged : r.tool_results) {
    const ToolOutput& out = logged.result;
    auto stmt = SqliteStmt::Prepare(db, R"sql(INSERT INTO tool_results
        (response_id, tool_id, name, output, tool_call_id, instance_id, exception)
        VALUES (?, ?, ?, ?, ?, NULL, ?))sql",
                                    "logging a tool result");
    if (!stmt.ok()) return stmt.error();
    stmt->BindText(1, r.id);
    BindToolId(*stmt, 2, ids, out.name);
    stmt->BindText(3, out.name);
    stmt->BindText(4, out.output);
    stmt->BindTextOrNull(5, out.tool_call_id);
    stmt->BindTextOrNull(6, logged.exception);
    if (auto ran = stmt->Run(); !ran.ok()) return ran;
  }
  return Ok();
}

Result<void> ReadCalls(SqliteDb& db, LogRecord& r) {
  auto stmt = SqliteStmt::Prepare(db, R"sql(SELECT name, arguments, tool_call_id
      FROM tool_calls WHERE response_id = ? ORDER BY id)sql",
                                  "reading a response's tool calls");
  if (!stmt.ok()) return stmt.error();
  stmt->BindText(1, r.id);
  for (;;) {
    auto more = stmt->Step();
    if (!more.ok()) return more.error();
    if (!*more) return Ok();
    ToolCall call;
    call.name = stmt->Text(0);
    auto args = nlohmann::json::parse(stmt->Text(1), nullptr, /*allow_exceptions=*/false);
    if (!args.is_discarded() && args.is_object()) call.arguments = std::move(args);
    call.id = stmt->Text(2);
    r.tool_calls.push_back(std::move(call));
  }
}

Result<void> ReadResults(SqliteDb& db, LogRecord& r) {
  auto stmt = SqliteStmt::Prepare(db, R"sql(SELECT name, output, tool_call_id, exception
      FROM tool_results WHERE response_id = ? ORDER BY id)sql",
                                  "reading a prompt's tool results");
  if (!stmt.ok()) return stmt.error();
  stmt->BindText(1, r.id);
  for (;;) {
    auto more = stmt->Step();
    if (!more.ok()) return more.error();
    if (!*more) return Ok();
    LoggedToolResult logged;
    logged.result.name = stmt->Text(0);
    logged.result.output = stmt->Text(1);
    logged.result.tool_call_id = stmt->Text(2);
    logged.exception = stmt->Text(3);
    r.tool_results.push_back(std::move(logged));
  }
}

}  // namespace

Result<void> ReadToolRows(SqliteDb& db, LogRecord& r) {
  if (auto calls = ReadCalls(db, r); !calls.ok()) return calls;
  return ReadResults(db, r);
}

Result<void> WriteToolRows(SqliteDb& db, const LogRecord& r) {
  std::map<std::string, int64_t> ids;
  for (const LoggedTool& tool : r.tools) {
    auto id = EnsureTool(db, tool);
    if (!id.ok()) return id.error();
    ids[tool.def.name] = *id;
    auto link = SqliteStmt::Prepare(
        db, "INSERT OR IGNORE INTO tool_responses (tool_id, response_id) VALUES (?, ?)",
        "linking a tool to its response");
    if (!link.ok()) return link.error();
    link->BindInt(1, *id);
    link->BindText(2, r.id);
    if (auto ran = link->Run(); !ran.ok()) return ran;
  }
  if (auto calls = WriteCalls(db, r, ids); !calls.ok()) return calls;
  return WriteResults(db, r, ids);
}

}  // namespace llmbox
