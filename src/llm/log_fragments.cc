#include "llm/log_fragments.h"

#include <nlohmann/json.hpp>

namespace llmbox {
namespace {

// Runs `body` in a write transaction.
template <typename Body>
Result<void> InTransaction(SqliteDb& db, Body body) {
  if (auto begin = db.Exec("BEGIN IMMEDIATE", "locking the log database"); !begin) return begin;
  Result<void> result = body();
  if (result) result = db.Exec("COMMIT", "committing to the log database");
  if (!result) (void)db.Exec("ROLLBACK", "rolling back");
  return result;
}

Result<void> LinkAll(SqliteDb& db, const char* table, const std::string& response_id,
                     const std::vector<Fragment>& fragments) {
  int64_t order = 0;
  for (const Fragment& f : fragments) {
    auto id = EnsureFragment(db, f);
    if (!id) return id.error();
    auto link = SqliteStmt::Prepare(db,
                                    std::string("INSERT OR IGNORE INTO ") + table +
                                        " (response_id, fragment_id, \"order\") VALUES (?, ?, ?)",
                                    "linking a fragment to its prompt");
    if (!link) return link.error();
    link->BindText(1, response_id);
    link->BindInt(2, *id);
    link->BindInt(3, order++);
    if (auto ran = link->Run(); !ran) return ran;
  }
  return Ok();
}

// The strings of a JSON array SQLite's json_group_array made.
std::vector<std::string> JsonStrings(const std::string& text) {
  std::vector<std::string> out;
  auto array = nlohmann::json::parse(text, nullptr, false);
  if (!array.is_array()) return out;
  for (const auto& item : array) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

Result<int64_t> EnsureFragment(SqliteDb& db, const Fragment& fragment) {
  const std::string hash = FragmentHash(fragment.content);
  auto insert = SqliteStmt::Prepare(db, R"sql(INSERT INTO fragments
      (hash, content, datetime_utc, source) VALUES (?, ?, datetime('now'), ?)
      ON CONFLICT(hash) DO NOTHING)sql",
                                    "logging a fragment");
  if (!insert) return insert.error();
  insert->BindText(1, hash);
  insert->BindTextUncopied(2, fragment.content);
  insert->BindTextOrNull(3, fragment.source);
  if (auto ran = insert->Run(); !ran) return ran.error();
  auto select = SqliteStmt::Prepare(db, "SELECT id FROM fragments WHERE hash = ?",
                                    "finding a logged fragment");
  if (!select) return select.error();
  select->BindText(1, hash);
  auto row = select->Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorKind::kIo, "a logged fragment vanished from the database");
  return select->Int(0);
}

Result<void> WriteFragmentRows(SqliteDb& db, const std::string& response_id,
                               const std::vector<Fragment>& prompt_fragments,
                               const std::vector<Fragment>& system_fragments) {
  if (auto done = LinkAll(db, "prompt_fragments", response_id, prompt_fragments); !done) {
    return done;
  }
  return LinkAll(db, "system_fragments", response_id, system_fragments);
}

Result<std::vector<Fragment>> ReadFragmentRows(SqliteDb& db, const std::string& response_id,
                                               bool system) {
  const std::string table = system ? "system_fragments" : "prompt_fragments";
  auto stmt = SqliteStmt::Prepare(db,
                                  "SELECT fragments.content, fragments.source, fragments.hash, "
                                  "(SELECT json_group_array(alias) FROM fragment_aliases WHERE "
                                  "fragment_aliases.fragment_id = fragments.id) FROM " + table +
                                      " JOIN fragments ON fragments.id = " + table +
                                      ".fragment_id WHERE " + table + ".response_id = ? ORDER BY " +
                                      table + ".\"order\"",
                                  "reading a prompt's fragments");
  if (!stmt) return stmt.error();
  stmt->BindText(1, response_id);
  std::vector<Fragment> out;
  for (;;) {
    auto more = stmt->Step();
    if (!more) return more.error();
    if (!*more) return out;
    Fragment f(stmt->Text(0), stmt->Text(1));
    f.hash = stmt->Text(2);
    f.aliases = JsonStrings(stmt->Text(3));
    out.push_back(std::move(f));
  }
}

Result<std::optional<Fragment>> FindStoredFragment(SqliteDb& db, const std::string& key) {
  auto stmt = SqliteStmt::Prepare(db, R"sql(SELECT content, source FROM fragments
      LEFT JOIN fragment_aliases ON fragments.id = fragment_aliases.fragment_id
      WHERE alias = :key OR hash = :key LIMIT 1)sql",
                                  "looking up a stored fragment");
  if (!stmt) return stmt.error();
  stmt->BindText(1, key);
  auto row = stmt->Step();
  if (!row) return row.error();
  if (!*row) return std::optional<Fragment>();
  return std::optional<Fragment>(Fragment{stmt->Text(0), stmt->Text(1)});
}

Result<void> SetFragmentAlias(SqliteDb& db, const std::string& alias, const Fragment& fragment) {
  return InTransaction(db, [&]() -> Result<void> {
    auto id = EnsureFragment(db, fragment);
    if (!id) return id.error();
    auto stmt = SqliteStmt::Prepare(db, R"sql(INSERT INTO fragment_aliases (alias, fragment_id)
        VALUES (?, ?) ON CONFLICT(alias) DO UPDATE SET fragment_id = excluded.fragment_id)sql",
                                    "setting a fragment alias");
    if (!stmt) return stmt.error();
    stmt->BindText(1, alias);
    stmt->BindInt(2, *id);
    return stmt->Run();
  });
}

Result<void> RemoveFragmentAlias(SqliteDb& db, const std::string& alias) {
  auto stmt = SqliteStmt::Prepare(db, "DELETE FROM fragment_aliases WHERE alias = ?",
                                  "removing a fragment alias");
  if (!stmt) return stmt.error();
  stmt->BindText(1, alias);
  return stmt->Run();
}

Result<std::vector<StoredFragment>> ListStoredFragments(SqliteDb& db,
                                                        const std::vector<std::string>& queries,
                                                        bool aliases_only) {
  std::string where;
  const auto add = [&where](const std::string& bit) {
    where += (where.empty() ? " WHERE " : " AND ") + bit;
  };
  if (aliases_only) add("fragment_aliases.alias IS NOT NULL");
  for (size_t i = 1; i <= queries.size(); ++i) {
    const std::string p = "?" + std::to_string(i);
    add("(fragments.hash = " + p + " OR fragment_aliases.alias = " + p +
        " OR fragments.source LIKE '%' || " + p + " || '%' OR fragments.content LIKE '%' || " +
        p + " || '%')");
  }
  // llm's query: aliases as a JSON array per fragment, oldest first.
  const std::string sql =
      "SELECT fragments.hash, json_group_array(fragment_aliases.alias) FILTER (WHERE "
      "fragment_aliases.alias IS NOT NULL), fragments.datetime_utc, fragments.source, "
      "fragments.content FROM fragments LEFT JOIN fragment_aliases ON "
      "fragment_aliases.fragment_id = fragments.id" +
      where +
      " GROUP BY fragments.id, fragments.hash, fragments.content, fragments.datetime_utc, "
      "fragments.source ORDER BY fragments.datetime_utc";
  auto stmt = SqliteStmt::Prepare(db, sql, "listing fragments");
  if (!stmt) return stmt.error();
  for (size_t i = 0; i < queries.size(); ++i) stmt->BindText(static_cast<int>(i + 1), queries[i]);
  std::vector<StoredFragment> out;
  for (;;) {
    auto more = stmt->Step();
    if (!more) return more.error();
    if (!*more) return out;
    StoredFragment f;
    f.hash = stmt->Text(0);
    f.aliases = JsonStrings(stmt->Text(1));
    f.datetime_utc = stmt->Text(2);
    if (!stmt->IsNull(3)) f.source = stmt->Text(3);
    f.content = stmt->Text(4);
    out.push_back(std::move(f));
  }
}

}  // namespace llmbox
