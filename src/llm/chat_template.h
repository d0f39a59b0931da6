// `llm chat -t NAME [-p KEY VALUE]`: a template shapes every turn of a chat,
// as llm 0.32's chat command does it (llm/cli.py, chat()):
//   - the template's model applies unless -m or $LLM_MODEL is given, each of
//     its options unless -o sets it; its tools are offered before those of
//     -T (a template from the read-only prompt library may not bring any,
//     and custom tools need LLM_DISABLE_CUSTOM_TOOLS=false, as for
//     `llm prompt -t`);
//   - each typed prompt is evaluated through the template: it is $input when
//     the template uses $input, else it is appended to the template's prompt
//     after a newline; -p and the template's defaults fill the other
//     variables;
//   - the template's system prompt goes with every turn unless -s is given
//     (llm re-applies it each turn; OpenAI sends it once, as llm does).
// Unlike llm, missing variables are reported before the chat starts rather
// than at the first prompt, and "exit"/"quit" end the chat even when the
// template would have wrapped them in its prompt.
#pragma once

#include <string>

#include "common/result.h"
#include "llm/command.h"
#include "llm/prompt_session.h"
#include "llm/template_apply.h"
#include "llm/template_file.h"

namespace llmbox {

class ChatTemplate {
 public:
  // Loads the template, checks that every variable but $input has a value
  // and applies its model and options to `session`. Errors are kConfig and
  // name the template's file.
  static Result<ChatTemplate> Load(const Context& ctx, const std::string& name,
                                   TemplateParams params, SessionOptions& session);

  // The prompt and the template's system prompt for one typed prompt.
  Result<RenderedTemplate> Turn(const std::string& typed) const;

 private:
  ChatTemplate(Template t, TemplateParams params)
      : template_(std::move(t)), params_(std::move(params)) {}

  Template template_;
  TemplateParams params_;
};

}  // namespace llmbox
