#include "llm/template_save.h"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include "llm/config_paths.h"
#include "llm/log_store.h"
#include "llm/logs_command.h"
#include "llm/model_registry.h"
#include "llm/provider.h"
#include "llm/schema_input.h"
#include "llm/template_apply.h"
#include "llm/template_file.h"
#include "llm/template_store.h"

namespace llmbox {
namespace {

Result<void> CheckCombination(const SaveRequest& r) {
  std::string bad;
  const auto add = [&](bool set, const char* flag) {
    if (set) bad += (bad.empty() ? "" : ", ") + std::string(flag);
  };
  add(!r.template_name.empty(), "--template");
  add(r.session.continue_last, "--continue");
  add(!r.session.conversation_id.empty(), "--cid");
  if (!bad.empty()) return MakeError(ErrorKind::kUsage, "--save cannot be used with " + bad);
  if (!IsValidTemplateName(r.name)) {
    return MakeError(ErrorKind::kUsage, "invalid template name '" + r.name +
                                            "' for --save: use letters, digits, '.', '_' and '-'");
  }
  return Ok();
}

// -m (or $LLM_MODEL, which llm reads as -m): saved as the model id it resolves to.
std::string RequestedModel(const Context& ctx, const SaveRequest& r) {
  if (!r.session.model.empty()) return r.session.model;
  auto env = ctx.env("LLM_MODEL");
  return env ? *env : "";
}

// The options as the model would use them: checked and typed.
Result<nlohmann::json> TypedOptions(const ModelRegistry& registry, const std::string& model,
                                    const RawOptions& raw) {
  if (raw.empty()) return nlohmann::json::object();
  std::string id = model;
  if (id.empty()) {
    auto def = registry.DefaultModelId();
    if (!def) return def.error();
    id = *def;
  }
  auto info = registry.Resolve(id);
  if (!info) return info.error();
  auto provider = FindProvider(info->provider);
  if (!provider) return provider.error();
  auto parsed = (*provider)->parse_options(raw);
  if (!parsed) return MakeError(ErrorKind::kConfig, parsed.error().message);
  return parsed;
}

// --schema / --schema-multi resolved as a prompt would resolve them (a
// stored schema id is looked up in logs.db), saved as schema_object.
Result<nlohmann::json> SchemaToSave(const Context& ctx, const SessionOptions& s) {
  const bool multi = !s.schema_multi.empty();
  const std::string& input = multi ? s.schema_multi : s.schema;
  if (input.empty()) return nlohmann::json();
  const std::string db = LogsDbPath(ctx.user_dir);
  std::optional<LogStore> store;
  const StoredSchemaLookup lookup =
      [&](const std::string& id) -> Result<std::optional<std::string>> {
    if (::access(db.c_str(), F_OK) != 0) return std::optional<std::string>();
    if (!store) {
      auto opened = LogStore::Open(db);
      if (!opened) return opened.error();
      store.emplace(std::move(*opened));
    }
    return store->SchemaContent(id);
  };
  auto schema = ResolveSchemaInput(input, lookup);
  if (!schema) return schema.error();
  if (multi) *schema = MultiSchema(*schema);
  return nlohmann::json(*schema);
}

}  // namespace

Result<void> SaveTemplate(Context& ctx, const SaveRequest& request) {
  if (auto ok = CheckCombination(request); !ok) return ok;
  auto registry = ModelRegistry::Load(ctx.user_dir, ctx.env);
  if (!registry) return registry.error();

  Template t;
  t.name = request.name;
  const std::string model = RequestedModel(ctx, request);
  if (!model.empty()) {
    auto info = registry->Resolve(model);
    if (!info) return info.error();
    t.model = info->model_id;
  }
  auto prompt = ReadPromptLikeLlm(ctx, request.prompt, true);
  if (!prompt) return prompt.error();
  if (prompt->has_value() && !(*prompt)->empty()) t.prompt = TemplateText{**prompt, "prompt", 0};
  if (!request.system.empty()) t.system = TemplateText{request.system, "system", 0};
  for (const auto& [key, value] : request.params) t.defaults[key] = value;
  t.fragments = request.fragments;
  t.system_fragments = request.system_fragments;
  t.extract = request.session.extract;
  t.extract_last = request.session.extract_last;
  t.schema_object = request.schema;
  if (t.schema_object.is_null()) {
    auto schema = SchemaToSave(ctx, request.session);
    if (!schema) return schema.error();
    t.schema_object = std::move(*schema);
  }
  auto options = TypedOptions(*registry, model, request.session.options);
  if (!options) return options.error();
  t.options = std::move(*options);

  const TemplateDirs dirs = FindTemplateDirs(ctx);
  if (auto made = EnsureDir(dirs.config); !made) return made.error();
  return WriteFileAtomic(JoinPath(dirs.config, request.name + ".yaml"),
                         TemplateToYaml(t, YamlLayout::kSave), 0600);
}

}  // namespace llmbox
