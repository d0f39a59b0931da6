#include "llm/template_apply.h"

#include <algorithm>

#include "llm/prompt_input.h"
#include "llm/template_file.h"
#include "llm/template_store.h"

namespace llmbox {
namespace {

// Keys llm templates may have that llmbox cannot honour (yet): refused with a
// reason rather than silently ignored.
Result<void> CheckSupported(const Template& t) {
  const auto refuse = [&](const std::string& why) {
    return MakeError(ErrorKind::kConfig, t.Origin() + ": " + why);
  };
  if (t.from_library && (!t.tools.empty() || t.functions)) {
    return refuse(
        "templates from the prompt library cannot bring tools; remove its tools: and "
        "functions: keys or pass the tools yourself");
  }
  // A fragment reads a file, standard input or a URL and sends it to the
  // model: only the user's own templates may ask for that.
  if (t.from_library && (!t.fragments.empty() || !t.system_fragments.empty())) {
    return refuse(
        "templates from the prompt library cannot bring fragments; remove its fragments: and "
        "system_fragments: keys or pass them with -f/--sf");
  }
  if (t.functions) return refuse("functions: (Python code) cannot run in llmbox; remove the key");
  if (!t.attachments.empty() || !t.attachment_types.is_null()) {
    return refuse("attachments in templates are not supported by llmbox yet; pass them with -a");
  }
  return Ok();
}

}  // namespace

void ApplyTemplateSettings(const Context& ctx, const Template& t, SessionOptions& s) {
  const auto env_model = ctx.env("LLM_MODEL");
  if (s.model.empty() && !(env_model && !env_model->empty())) s.model = t.model;
  for (const auto& [key, value] : t.options.items()) {
    const bool given = std::any_of(s.options.begin(), s.options.end(),
                                   [&key = key](const auto& kv) { return kv.first == key; });
    if (!given && !value.is_null()) s.options.emplace_back(key, OptionText(value));
  }
  // As llm: the template's tools first, then those of -T; tool_policy.h decides.
  s.tools.tools.insert(s.tools.tools.begin(), t.tools.begin(), t.tools.end());
  s.extract = s.extract || t.extract;
  s.extract_last = s.extract_last || t.extract_last;
}

bool TemplateUsesInput(const Template& t) {
  for (const auto& text : {t.prompt, t.system}) {
    if (text && TemplateVars(text->text).count("input") != 0) return true;
  }
  return false;
}

Result<Template> LoadUsableTemplate(const Context& ctx, const std::string& name) {
  auto loaded = LoadTemplate(FindTemplateDirs(ctx), name);
  if (!loaded) return loaded.error();
  if (auto ok = CheckSupported(*loaded); !ok) return ok.error();
  return loaded;
}

Result<RenderedTemplate> EvaluateTemplate(const Template& t, const std::string& input,
                                          TemplateParams params) {
  params["input"] = input;
  for (const auto& [key, value] : t.defaults.items()) params.emplace(key, ParamText(value));
  RenderedTemplate out;
  out.prompt = input;
  if (t.prompt && !t.prompt->text.empty()) {
    auto p = Interpolate(*t.prompt, params, t.Origin());
    if (!p) return p.error();
    out.prompt = std::move(*p);
  }
  if (t.system && !t.system->text.empty()) {
    auto s = Interpolate(*t.system, params, t.Origin());
    if (!s) return s.error();
    out.system = std::move(*s);
  }
  return out;
}

Result<std::optional<std::string>> ReadPromptLikeLlm(Context& ctx,
                                                     std::optional<std::string> prompt,
                                                     bool saving) {
  if (!ctx.stdin_is_tty) {
    auto piped = ReadPromptStdin(*ctx.in);
    if (!piped) return piped.error();
    if (!piped->empty()) prompt = prompt ? *piped + " " + *prompt : *piped;
  }
  if (!prompt && !saving && ctx.stdin_is_tty) {
    auto typed = ReadPromptStdin(*ctx.in);
    if (!typed) return typed.error();
    prompt = std::move(*typed);
  }
  return prompt;
}

Result<PreparedPrompt> ApplyTemplate(Context& ctx, const TemplateRequest& request,
                                     SessionOptions& session) {
  auto loaded = LoadUsableTemplate(ctx, request.name);
  if (!loaded) return loaded.error();
  const Template& t = *loaded;
  ApplyTemplateSettings(ctx, t, session);

  const bool uses_input = TemplateUsesInput(t);
  std::string input;
  if (uses_input) {
    auto read = ReadPromptLikeLlm(ctx, request.prompt, false);
    if (!read) return read.error();
    input = read->value_or("");
  }
  auto rendered = EvaluateTemplate(t, input, request.params);
  if (!rendered) return rendered.error();
  const std::string& rendered_prompt = rendered->prompt;
  const std::string& rendered_system = rendered->system;

  std::optional<std::string> prompt = request.prompt;
  if (!rendered_prompt.empty()) {
    prompt = prompt && !uses_input ? rendered_prompt + "\n" + *prompt : rendered_prompt;
  }
  auto final_prompt = ReadPromptLikeLlm(ctx, prompt, false);
  if (!final_prompt) return final_prompt.error();
  if (!final_prompt->has_value() || (*final_prompt)->empty()) {
    return MakeError(ErrorKind::kUsage, "no prompt given; pass one as an argument or on stdin");
  }
  PreparedPrompt out;
  out.prompt = std::move(**final_prompt);
  out.system = request.system.empty() ? rendered_system : request.system;
  out.schema = t.schema_object;
  return out;
}

}  // namespace llmbox
