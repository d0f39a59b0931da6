#include "llm/chat_template.h"

namespace llmbox {

Result<ChatTemplate> ChatTemplate::Load(const Context& ctx, const std::string& name,
                                        TemplateParams params, SessionOptions& session) {
  auto loaded = LoadUsableTemplate(ctx, name);
  if (!loaded) return loaded.error();
  if (!loaded->fragments.empty() || !loaded->system_fragments.empty()) {
    return MakeError(ErrorKind::kConfig, loaded->Origin() +
                                             ": llm chat cannot use template fragments yet; use "
                                             "!fragment or the template with llm prompt -t");
  }
  // The model, the options and the tools (before those of -T; whether they
  // may run is tool_policy.h's rule, as for llm prompt -t): llm's chat
  // neither extracts code nor asks for a schema.
  SessionOptions applied = session;
  ApplyTemplateSettings(ctx, *loaded, applied);
  session.model = applied.model;
  session.options = applied.options;
  session.tools.tools = applied.tools.tools;

  ChatTemplate chat(std::move(*loaded), std::move(params));
  // Every placeholder is checked now, so a typo ends nothing mid-chat.
  if (auto checked = chat.Turn(""); !checked) return checked.error();
  return chat;
}

Result<RenderedTemplate> ChatTemplate::Turn(const std::string& typed) const {
  const bool uses_input = TemplateUsesInput(template_);
  auto rendered = EvaluateTemplate(template_, uses_input ? typed : "", params_);
  if (!rendered) return rendered.error();
  // Without a prompt of its own the template gives $input back as the prompt.
  const bool has_prompt = template_.prompt && !template_.prompt->text.empty();
  if (!has_prompt || rendered->prompt.empty()) {
    rendered->prompt = typed;
  } else if (!typed.empty() && !uses_input) {
    rendered->prompt += "\n" + typed;
  }
  return rendered;
}

}  // namespace llmbox
