// The logs.db format of llm 0.32, as data.
//
// llm keeps a list of applied migrations in `_llm_migrations` and runs every
// migration whose name is missing whenever it opens the database. A database
// that llmbox creates must therefore hold exactly the tables, indexes,
// triggers and view that llm 0.32's migrations leave behind, and list every
// migration name, or llm would try to re-create tables that already exist.
//
// Source: the schema and migration list of an empty database made by llm 0.32
// (a copy is kept in tests/data/llm-0.32-logs-schema.sql; log_store_test
// checks a fresh store against it statement by statement).
#pragma once

#include <span>
#include <string_view>

namespace llmbox {

// CREATE statements in the order llm's migrations leave them in
// sqlite_master. The FTS5 shadow tables (`*_fts_data`, `*_fts_idx`, ...) are
// not listed: CREATE VIRTUAL TABLE makes them, with the same SQL text.
std::span<const std::string_view> LogSchemaStatements();

// Every migration llm 0.32 knows, oldest first.
std::span<const std::string_view> LlmMigrationNames();

}  // namespace llmbox
