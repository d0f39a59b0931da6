#include "llm/alias_store.h"

#include <nlohmann/json.hpp>

#include "llm/config_paths.h"

namespace llmbox {

std::string AliasesPath(const std::string& user_dir) { return JoinPath(user_dir, "aliases.json"); }

Result<AliasList> LoadUserAliases(const std::string& user_dir) {
  const std::string path = AliasesPath(user_dir);
  auto text = ReadFileIfExists(path);
  if (!text) return text.error();
  AliasList out;
  if (!text->has_value()) return out;
  auto doc = nlohmann::ordered_json::parse(**text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return MakeError(ErrorKind::kConfig,
                     path + " is not a JSON object of alias: model_id pairs; fix or remove it");
  }
  for (const auto& item : doc.items()) {
    if (!item.value().is_string()) {
      return MakeError(ErrorKind::kConfig,
                       path + ": the alias '" + item.key() + "' does not map to a model id string");
    }
    out.emplace_back(item.key(), item.value().get<std::string>());
  }
  return out;
}

Result<void> SaveUserAliases(const std::string& user_dir, const AliasList& aliases) {
  if (auto made = EnsureDir(user_dir); !made) return made.error();
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  for (const auto& [alias, model_id] : aliases) doc[alias] = model_id;
  std::string text;
  try {
    text = doc.dump(4, ' ', /*ensure_ascii=*/true) + "\n";
  } catch (const nlohmann::json::exception&) {
    return MakeError(ErrorKind::kUsage, "aliases must be valid UTF-8");
  }
  return WriteFileAtomic(AliasesPath(user_dir), text, 0600);
}

}  // namespace llmbox
