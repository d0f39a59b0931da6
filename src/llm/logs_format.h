// How `llm logs` prints logged responses: the Markdown report (default), the
// --short YAML summary and the --json array, character for character as
// llm 0.32 prints them, so scripts written against llm keep working.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llm/log_store.h"

namespace llmbox {

struct LogsDisplay {
  bool usage = false;              // -u: token usage section / key
  bool truncate = false;           // -t: cut prompt and response to 100 characters
  bool conversation_mode = false;  // --cid / -c: model and ids only in the first heading
  bool expand = false;             // -e: whole fragments instead of their hashes
};

// The Markdown report: "# <time>    conversation: <cid> id: <id>", the model,
// then ## Prompt, ## System (when it changes), ## Response, ## Token usage.
std::string RenderLogsMarkdown(const std::vector<LogRecord>& rows, const LogsDisplay& display);

// --short: one YAML list item per response with model, datetime, conversation,
// system and prompt cut to 120 characters, and token usage with -u.
std::string RenderLogsShort(const std::vector<LogRecord>& rows, bool usage);

// --json: the responses columns llm selects, JSON columns decoded, indented
// by 2 and ASCII-only as Python's json.dumps(rows, indent=2) writes them.
// With `truncate`, prompt and response are cut and the *_json keys dropped.
// Fragments are {hash, content, aliases}, content cut to 100 characters
// unless `expand`.
std::string RenderLogsJson(const std::vector<LogRecord>& rows, bool truncate, bool expand = false);

// llm's maybe_fenced_code(): text that looks like code (more than ten '<', or
// more than three lines, over 90% of them under 120 characters) inside a
// fence longer than any run of backticks in it.
std::string MaybeFencedCode(std::string_view content);

// llm's truncate_string(): at most `max_length` characters, "..." marking a
// cut; `keep_end` keeps both ends around "... "; `normalize_whitespace`
// first turns every whitespace run into one space.
std::string TruncateLikeLlm(std::string_view text, size_t max_length = 100,
                            bool normalize_whitespace = false, bool keep_end = false);

// "1,234 input, 56 output, {"cached_tokens": 3}"; empty when nothing is known.
std::string TokenUsageText(const std::optional<int64_t>& input,
                           const std::optional<int64_t>& output, const nlohmann::json& details);

// Python's json.dumps(value) with its default ", " and ": " separators.
std::string PythonJsonDumps(const nlohmann::json& value);
// The same for an object whose key order matters (Python keeps insertion order).
std::string PythonJsonDumps(const nlohmann::ordered_json& value);

// "19.96MB" style, as `llm logs status` prints the database size.
std::string HumanReadableSize(uint64_t bytes);

}  // namespace llmbox
