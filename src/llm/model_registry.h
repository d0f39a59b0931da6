// Every model the client can use, and how a name typed by the user becomes
// one: llm 0.32's built-in OpenAI models, the user's
// extra-openai-models.yaml, the user's aliases.json and default_model.txt.
//
// Resolution order for a name: an exact model id, then an alias from
// aliases.json, then a built-in or extra-model alias. An extra model whose id
// equals an earlier model's id replaces that model (llm lets the later one
// win too). Aliases from aliases.json are also appended to their model's
// alias list, as llm does, so `llm models` shows them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "llm/alias_store.h"
#include "llm/command.h"
#include "llm/model_info.h"

namespace llmbox {

inline constexpr std::string_view kDefaultModelId = "gpt-4o-mini";

class ModelRegistry {
 public:
  // Loads builtins + <user_dir>/extra-openai-models.yaml + aliases.json.
  // The two-argument form derives user_dir from `env` when it is empty.
  static Result<ModelRegistry> Load(const std::string& user_dir);
  static Result<ModelRegistry> Load(const std::string& user_dir, const EnvGetter& env);

  // kConfig error "Unknown model: NAME" when nothing matches (exit status 1,
  // like llm's).
  Result<ModelInfo> Resolve(std::string_view name_or_alias) const;

  // In `llm models` order: builtins, then extra models.
  const std::vector<ModelInfo>& models() const { return models_; }

  // aliases.json as loaded, in file order (entries naming unknown models included).
  const AliasList& user_aliases() const { return user_aliases_; }

  // Every alias -> model id that Resolve honours, in `llm aliases` order (by
  // model, then alias), each alias once.
  AliasList AllAliases() const;

  const std::string& user_dir() const { return user_dir_; }

  // The content of default_model.txt, else gpt-4o-mini. Not validated: the
  // caller resolves it, so a stale file gives "Unknown model: ...".
  Result<std::string> DefaultModelId() const;

  // Writes the resolved model id (not the alias) to default_model.txt.
  Result<void> SetDefaultModel(std::string_view name_or_alias) const;

  // Adds or replaces an alias in aliases.json. The model must resolve; the
  // resolved id is stored. An alias equal to a model id is refused: it
  // could never be used, since ids win.
  Result<void> SetAlias(std::string_view alias, std::string_view name_or_alias);

  // kConfig error "No such alias: ALIAS" when aliases.json does not have it.
  Result<void> RemoveAlias(std::string_view alias);

 private:
  ModelRegistry(std::string user_dir, std::vector<ModelInfo> base_models, AliasList user_aliases);
  void MergeUserAliases();
  const ModelInfo* FindById(std::string_view id) const;

  std::string user_dir_;
  std::vector<ModelInfo> base_models_;  // builtins + extras, their own aliases only
  std::vector<ModelInfo> models_;       // the same with aliases.json aliases appended
  AliasList user_aliases_;
};

}  // namespace llmbox
