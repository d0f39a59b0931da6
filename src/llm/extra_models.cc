#include "llm/extra_models.h"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <utility>

#include "llm/config_paths.h"

namespace llmbox {
namespace {

// Names the file and the entry in every error, so the user knows what to fix.
// Values are never quoted: a header value may be a token.
struct EntryContext {
  const std::string& source;
  size_t index;  // 1-based
  std::string model_id;

  Error Fail(const std::string& problem) const {
    std::string where = source + ": entry " + std::to_string(index);
    if (!model_id.empty()) where += " (model_id " + model_id + ")";
    return MakeError(ErrorKind::kConfig, where + ": " + problem);
  }
};

bool Absent(const YAML::Node& n) { return !n.IsDefined() || n.IsNull(); }

Result<std::optional<std::string>> OptionalString(const YAML::Node& entry, const char* key,
                                                  const EntryContext& ctx) {
  const YAML::Node n = entry[key];
  if (Absent(n)) return std::optional<std::string>();
  if (!n.IsScalar()) return ctx.Fail(std::string("'") + key + "' must be a string");
  return std::optional<std::string>(n.Scalar());
}

Result<std::optional<bool>> OptionalBool(const YAML::Node& entry, const char* key,
                                         const EntryContext& ctx) {
  const YAML::Node n = entry[key];
  if (Absent(n)) return std::optional<bool>();
  bool value = false;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, value)) {
    return ctx.Fail(std::string("'") + key + "' must be true or false");
  }
  return std::optional<bool>(value);
}

Result<std::vector<std::string>> Aliases(const YAML::Node& entry, const EntryContext& ctx) {
  const YAML::Node n = entry["aliases"];
  std::vector<std::string> out;
  if (Absent(n)) return out;
  if (!n.IsSequence()) return ctx.Fail("'aliases' must be a list of strings");
  for (const YAML::Node& a : n) {
    if (!a.IsScalar() || a.Scalar().empty()) {
      return ctx.Fail("'aliases' must be a list of strings");
    }
    out.push_back(a.Scalar());
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> Headers(const YAML::Node& entry,
                                                                 const EntryContext& ctx) {
  const YAML::Node n = entry["headers"];
  std::vector<std::pair<std::string, std::string>> out;
  if (Absent(n)) return out;
  if (!n.IsMap()) return ctx.Fail("'headers' must be a mapping of header names to strings");
  for (const auto& kv : n) {
    if (!kv.first.IsScalar() || !kv.second.IsScalar()) {
      return ctx.Fail("'headers' must be a mapping of header names to strings");
    }
    out.emplace_back(kv.first.Scalar(), kv.second.Scalar());
  }
  return out;
}

bool IsHttpUrl(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

// Which key a model sends: see the header comment for when the
// OPENAI_API_KEY fallback applies.
Result<void> ApplyEndpoint(const YAML::Node& entry, const EntryContext& ctx, ModelInfo& m) {
  auto api_base = OptionalString(entry, "api_base", ctx);
  if (!api_base) return api_base.error();
  auto key_name = OptionalString(entry, "api_key_name", ctx);
  if (!key_name) return key_name.error();
  if (api_base->has_value() && !(*api_base)->empty()) {
    if (!IsHttpUrl(**api_base)) return ctx.Fail("'api_base' must be an http:// or https:// URL");
    m.api_base = **api_base;
    m.key_name.clear();
    m.key_env.clear();
  }
  if (key_name->has_value() && !(*key_name)->empty()) {
    m.key_name = **key_name;
    m.key_env = m.key_name == "openai" ? "OPENAI_API_KEY" : "";
  }
  return Ok();
}

Result<ModelInfo> ParseEntry(const YAML::Node& entry, EntryContext& ctx) {
  if (!entry.IsMap()) return ctx.Fail("must be a mapping with at least a model_id");
  auto id = OptionalString(entry, "model_id", ctx);
  if (!id) return id.error();
  if (!id->has_value() || (*id)->empty()) return ctx.Fail("'model_id' is required");
  ctx.model_id = **id;

  ModelInfo m;
  m.model_id = **id;
  auto name = OptionalString(entry, "model_name", ctx);
  if (!name) return name.error();
  m.model_name = name->has_value() && !(*name)->empty() ? **name : m.model_id;
  if (auto r = ApplyEndpoint(entry, ctx, m); !r) return r.error();

  auto aliases = Aliases(entry, ctx);
  if (!aliases) return aliases.error();
  m.aliases = std::move(*aliases);
  auto headers = Headers(entry, ctx);
  if (!headers) return headers.error();
  m.headers = std::move(*headers);

  auto can_stream = OptionalBool(entry, "can_stream", ctx);
  if (!can_stream) return can_stream.error();
  m.can_stream = can_stream->value_or(true);
  for (const auto& [key, types] : {std::pair{"vision", OpenAiVisionAttachmentTypes()},
                                   std::pair{"audio", OpenAiAudioAttachmentTypes()}}) {
    auto on = OptionalBool(entry, key, ctx);
    if (!on) return on.error();
    if (on->value_or(false)) m.attachment_types.insert(m.attachment_types.end(), types.begin(), types.end());
  }
  auto completion = OptionalBool(entry, "completion", ctx);
  if (!completion) return completion.error();
  m.provider = std::string(completion->value_or(false) ? kOpenAiCompletion : kOpenAiChat);
  // llm 0.32: `responses: true` sends the model through the Responses API.
  auto responses = OptionalBool(entry, "responses", ctx);
  if (!responses) return responses.error();
  if (!completion->value_or(false) && responses->value_or(false)) {
    m.provider = std::string(kOpenAiResponses);
  }
  return m;
}

}  // namespace

Result<std::vector<ModelInfo>> ParseExtraModels(const std::string& yaml_text,
                                                const std::string& source) {
  std::vector<ModelInfo> models;
  try {
    const YAML::Node root = YAML::Load(yaml_text);
    if (Absent(root)) return models;  // an empty file, like llm's `or []`
    if (!root.IsSequence()) {
      return MakeError(
          ErrorKind::kConfig,
          source + ": must be a list of models (each item starting with '- model_id:')");
    }
    size_t index = 0;
    for (const YAML::Node& entry : root) {
      EntryContext ctx{source, ++index, ""};
      auto model = ParseEntry(entry, ctx);
      if (!model) return model.error();
      models.push_back(std::move(*model));
    }
  } catch (const YAML::Exception& e) {
    // Position and yaml-cpp's fixed description only; never the text itself.
    std::string where = source + ": invalid YAML";
    if (!e.mark.is_null()) {
      where += " at line " + std::to_string(e.mark.line + 1) + ", column " +
               std::to_string(e.mark.column + 1);
    }
    return MakeError(ErrorKind::kConfig, where + ": " + e.msg);
  }
  return models;
}

Result<std::vector<ModelInfo>> LoadExtraModels(const std::string& user_dir) {
  const std::string path = JoinPath(user_dir, "extra-openai-models.yaml");
  auto text = ReadFileIfExists(path);
  if (!text) return text.error();
  if (!text->has_value()) return std::vector<ModelInfo>();
  return ParseExtraModels(**text, path);
}

}  // namespace llmbox
