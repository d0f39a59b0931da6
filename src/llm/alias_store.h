// aliases.json: the user's own model aliases ({"alias": "model_id", ...}),
// shared with the Python `llm`, which writes it with `llm aliases set`.
// Entries keep the order they have in the file.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace llmbox {

using AliasList = std::vector<std::pair<std::string, std::string>>;  // alias -> model_id

// <user_dir>/aliases.json
std::string AliasesPath(const std::string& user_dir);

// The file's entries; none when it does not exist. Invalid JSON or a value
// that is not a string is a kConfig error naming the file (llm would crash;
// silently dropping the user's aliases would be worse).
Result<AliasList> LoadUserAliases(const std::string& user_dir);

// Rewrites aliases.json (atomically, creating the directory) in llm's layout:
// 4-space indented JSON and a trailing newline.
Result<void> SaveUserAliases(const std::string& user_dir, const AliasList& aliases);

}  // namespace llmbox
