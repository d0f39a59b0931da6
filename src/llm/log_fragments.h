// Fragments in logs.db, in llm 0.32's tables (llm/models.py ensure_fragment
// and Response.log_to_db, llm/cli.py `llm fragments`):
//   fragments (id, hash, content, datetime_utc, source): one row per distinct
//     text, keyed by its SHA-256 (unique index), datetime_utc from SQLite's
//     datetime('now'); a second use of the same text keeps the first row;
//   prompt_fragments / system_fragments (response_id, fragment_id, order);
//   fragment_aliases (alias primary key, fragment_id).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "llm/fragment.h"
#include "llm/sqlite_db.h"

namespace llmbox {

// The fragments row for `fragment`'s text (added when missing): its id.
Result<int64_t> EnsureFragment(SqliteDb& db, const Fragment& fragment);

// Links a response's fragments in order; inside the caller's transaction.
Result<void> WriteFragmentRows(SqliteDb& db, const std::string& response_id,
                               const std::vector<Fragment>& prompt_fragments,
                               const std::vector<Fragment>& system_fragments);

// A response's prompt (system = false) or system fragments, in order.
Result<std::vector<Fragment>> ReadFragmentRows(SqliteDb& db, const std::string& response_id,
                                               bool system);

// llm's lookup: the fragment whose alias or hash is `key`.
Result<std::optional<Fragment>> FindStoredFragment(SqliteDb& db, const std::string& key);

// `llm fragments set`: stores the fragment and points `alias` at it (replacing).
Result<void> SetFragmentAlias(SqliteDb& db, const std::string& alias, const Fragment& fragment);

// `llm fragments remove`: no error when there is no such alias (as llm).
Result<void> RemoveFragmentAlias(SqliteDb& db, const std::string& alias);

struct StoredFragment {
  std::string hash;
  std::vector<std::string> aliases;
  std::string datetime_utc;
  std::optional<std::string> source;
  std::string content;
};

// `llm fragments list`: oldest first; every query must match the hash, an
// alias, or part of the source or content; `aliases_only` keeps aliased ones.
Result<std::vector<StoredFragment>> ListStoredFragments(SqliteDb& db,
                                                        const std::vector<std::string>& queries,
                                                        bool aliases_only);

}  // namespace llmbox
