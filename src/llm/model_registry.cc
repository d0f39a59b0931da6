#include "llm/model_registry.h"

#include <algorithm>
#include <set>
#include <utility>

#include "llm/builtin_models.h"
#include "llm/config_paths.h"
#include "llm/extra_models.h"

namespace llmbox {
namespace {

std::string Trim(const std::string& s) {
  const char* ws = " \t\r\n\v\f";
  auto begin = s.find_first_not_of(ws);
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(ws) - begin + 1);
}

// Extras follow the OpenAI builtins and come before the plugin (Anthropic)
// models, as llm lists them; one with an id already present replaces that model.
std::vector<ModelInfo> Combine(std::vector<ModelInfo> builtins, std::vector<ModelInfo> extras) {
  for (ModelInfo& extra : extras) {
    std::erase_if(builtins, [&](const ModelInfo& m) { return m.model_id == extra.model_id; });
    auto plugins = std::find_if(builtins.begin(), builtins.end(), [](const ModelInfo& m) {
      return m.provider == kAnthropicMessages;
    });
    builtins.insert(plugins, std::move(extra));
  }
  return builtins;
}

std::string DefaultModelPath(const std::string& user_dir) {
  return JoinPath(user_dir, "default_model.txt");
}

}  // namespace

ModelRegistry::ModelRegistry(std::string user_dir, std::vector<ModelInfo> base_models,
                             AliasList user_aliases)
    : user_dir_(std::move(user_dir)),
      base_models_(std::move(base_models)),
      user_aliases_(std::move(user_aliases)) {
  MergeUserAliases();
}

Result<ModelRegistry> ModelRegistry::Load(const std::string& user_dir) {
  return Load(user_dir, [](std::string_view) { return std::optional<std::string>(); });
}

Result<ModelRegistry> ModelRegistry::Load(const std::string& user_dir, const EnvGetter& env) {
  auto dir = UserDirOr(user_dir, env);
  if (!dir) return dir.error();
  auto extras = LoadExtraModels(*dir);
  if (!extras) return extras.error();
  auto aliases = LoadUserAliases(*dir);
  if (!aliases) return aliases.error();
  return ModelRegistry(*dir, Combine(BuiltinModels(), std::move(*extras)), std::move(*aliases));
}

void ModelRegistry::MergeUserAliases() {
  models_ = base_models_;
  for (const auto& [alias, target] : user_aliases_) {
    for (ModelInfo& m : models_) {
      if (m.model_id == target &&
          std::find(m.aliases.begin(), m.aliases.end(), alias) == m.aliases.end()) {
        m.aliases.push_back(alias);
      }
    }
  }
}

const ModelInfo* ModelRegistry::FindById(std::string_view id) const {
  for (const ModelInfo& m : models_) {
    if (m.model_id == id) return &m;
  }
  return nullptr;
}

Result<ModelInfo> ModelRegistry::Resolve(std::string_view name) const {
  if (const ModelInfo* m = FindById(name)) return *m;
  for (const auto& [alias, target] : user_aliases_) {
    if (alias != name) continue;
    // An alias naming an unknown model is ignored, as llm does.
    if (const ModelInfo* m = FindById(target)) return *m;
  }
  for (const ModelInfo& base : base_models_) {
    if (std::find(base.aliases.begin(), base.aliases.end(), name) != base.aliases.end()) {
      return *FindById(base.model_id);
    }
  }
  // kConfig, not kUsage: llm exits 1 for an unknown model, as for other
  // configuration problems.
  return MakeError(ErrorKind::kConfig, "Unknown model: " + std::string(name));
}

AliasList ModelRegistry::AllAliases() const {
  AliasList out;
  std::set<std::string, std::less<>> seen;
  for (const ModelInfo& m : models_) {
    for (const std::string& alias : m.aliases) {
      if (alias == m.model_id || !seen.insert(alias).second) continue;
      auto resolved = Resolve(alias);
      if (resolved) out.emplace_back(alias, resolved->model_id);
    }
  }
  return out;
}

Result<std::string> ModelRegistry::DefaultModelId() const {
  auto text = ReadFileIfExists(DefaultModelPath(user_dir_));
  if (!text) return text.error();
  if (!text->has_value()) return std::string(kDefaultModelId);
  std::string id = Trim(**text);
  if (id.empty()) return std::string(kDefaultModelId);
  return id;
}

Result<void> ModelRegistry::SetDefaultModel(std::string_view name_or_alias) const {
  auto model = Resolve(name_or_alias);
  if (!model) return model.error();
  if (auto made = EnsureDir(user_dir_); !made) return made.error();
  // No trailing newline: the file is byte-for-byte what llm writes.
  return WriteFileAtomic(DefaultModelPath(user_dir_), model->model_id, 0600);
}

Result<void> ModelRegistry::SetAlias(std::string_view alias, std::string_view name_or_alias) {
  if (alias.empty()) return MakeError(ErrorKind::kUsage, "an alias cannot be empty");
  if (FindById(alias) != nullptr) {
    return MakeError(ErrorKind::kUsage, std::string(alias) +
                                            " is already a model id; an alias with that name "
                                            "would never be used");
  }
  auto model = Resolve(name_or_alias);
  if (!model) return model.error();
  AliasList updated = user_aliases_;
  auto it = std::find_if(updated.begin(), updated.end(),
                         [&](const auto& entry) { return entry.first == alias; });
  if (it != updated.end()) {
    it->second = model->model_id;
  } else {
    updated.emplace_back(std::string(alias), model->model_id);
  }
  if (auto saved = SaveUserAliases(user_dir_, updated); !saved) return saved.error();
  user_aliases_ = std::move(updated);
  MergeUserAliases();
  return Ok();
}

Result<void> ModelRegistry::RemoveAlias(std::string_view alias) {
  AliasList updated = user_aliases_;
  auto it = std::find_if(updated.begin(), updated.end(),
                         [&](const auto& entry) { return entry.first == alias; });
  if (it == updated.end()) {
    return MakeError(ErrorKind::kConfig, "No such alias: " + std::string(alias));
  }
  updated.erase(it);
  if (auto saved = SaveUserAliases(user_dir_, updated); !saved) return saved.error();
  user_aliases_ = std::move(updated);
  MergeUserAliases();
  return Ok();
}

}  // namespace llmbox
