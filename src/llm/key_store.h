// API keys: the keys.json file shared with the Python `llm`, and the order in
// which a key is looked up for a request.
//
// keys.json maps a key name to its value ({"openai": "sk-..."}); llm also
// writes a "// Note" entry warning that the file holds secrets, which we keep.
// We are stricter than llm about the file's mode: a keys.json that group or
// others can read or write is refused rather than used, because a key that
// other local users can read is already leaked. New files are created 0600
// atomically, never with a looser mode in between.
//
// No error produced here ever contains a key value, nor text from keys.json
// (a JSON parser's error context could quote one).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "llm/command.h"

namespace llmbox {

// The entry llm writes into every new keys.json; it is not a key.
inline constexpr std::string_view kKeysNoteName = "// Note";
inline constexpr std::string_view kKeysNoteText =
    "This file stores secret API credentials. Do not share!";

struct KeyRequest {
  std::string explicit_key;  // --key: a stored key's name, or a literal key
  std::string key_name;      // keys.json name, e.g. "openai"; empty = not consulted
  std::string env_var;       // e.g. OPENAI_API_KEY; empty = not consulted
  bool required = true;      // false: a missing key resolves to ""
};

class KeyStore {
 public:
  // `user_dir` may be empty: it is then derived from `env` (see UserDir).
  // `env` is also where ResolveKey reads $ENV_VAR and $ENV_VAR_FILE.
  KeyStore(std::string user_dir, EnvGetter env);

  // <user_dir>/keys.json
  Result<std::string> Path() const;

  // The stored value, or nullopt when there is no such key (or no keys.json).
  Result<std::optional<std::string>> Get(std::string_view name) const;

  // Stored key names, sorted, without the "// Note" entry. Empty when there is
  // no keys.json.
  Result<std::vector<std::string>> List() const;

  // Adds or replaces one key, keeping every other entry (and the note) as it was.
  Result<void> Set(std::string_view name, std::string_view value) const;

  // The key for a request, in llm's order: (1) --key naming a stored key,
  // (2) --key as a literal, (3) keys.json[key_name], (4) $env_var, then
  // (5) the file named by $env_var_FILE (Docker secrets; trailing newline
  // stripped). Missing and required: kConfig error saying how to add one.
  Result<std::string> ResolveKey(const KeyRequest& request) const;

 private:
  Result<std::string> KeyFromEnvFile(const std::string& env_var) const;

  std::string user_dir_;
  EnvGetter env_;
};

}  // namespace llmbox
