// `llm -t NAME`: how a template fills in a prompt, as llm 0.32's prompt
// command does it (llm/cli.py; docs/templates.md):
//   - $input is the prompt from stdin and the argument (read only when the
//     template uses it); a template without $input gets the argument appended
//     after a newline, and piped input goes in front of everything;
//   - -p KEY VALUE and the template's defaults fill the other variables;
//   - the template's system prompt applies unless -s is given, its model
//     unless -m or $LLM_MODEL is, each of its options unless -o sets it;
//   - extract/extract_last turn on -x/--xl; schema_object becomes the schema.
// Templates from the prompt library must not bring tools, functions or
// fragments: that library is not the user's, a tool runs with the user's
// rights and a fragment sends a file or URL of the user's choosing to the model.
// fragments: and system_fragments: come before -f and --sf (prompt_command.cc).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/result.h"
#include "llm/command.h"
#include "llm/prompt_session.h"
#include "llm/template_file.h"
#include "llm/template_render.h"

namespace llmbox {

struct TemplateRequest {
  std::string name;                   // -t
  std::optional<std::string> prompt;  // the positional PROMPT
  std::string system;                 // -s
  TemplateParams params;              // -p KEY VALUE
};

struct PreparedPrompt {
  std::string prompt;
  std::string system;
  nlohmann::json schema;  // the template's schema_object, or null
};

// Loads the template, reads stdin as llm would and sets the session's model,
// options and extract flags from it.
Result<PreparedPrompt> ApplyTemplate(Context& ctx, const TemplateRequest& request,
                                     SessionOptions& session);

// The named template, from the config dir or the prompt library, refused
// (kConfig, naming its file) when it has keys llmbox cannot honour.
Result<Template> LoadUsableTemplate(const Context& ctx, const std::string& name);

// The template's model (unless -m or $LLM_MODEL), each option -o does not
// set, its tools and its extract flags, into `session`.
void ApplyTemplateSettings(const Context& ctx, const Template& t, SessionOptions& session);

// True when the template's prompt or system refers to $input.
bool TemplateUsesInput(const Template& t);

// llm's Template.evaluate(): the prompt and system with `input` as $input,
// `params` (-p) then the template's defaults for the other variables. A
// template without a prompt gives `input` as the prompt.
struct RenderedTemplate {
  std::string prompt;
  std::string system;
};
Result<RenderedTemplate> EvaluateTemplate(const Template& t, const std::string& input,
                                          TemplateParams params);

// llm's read_prompt(): piped stdin goes before `prompt` (joined by a space);
// with no prompt at all, stdin is read even from a terminal unless `saving`.
Result<std::optional<std::string>> ReadPromptLikeLlm(Context& ctx,
                                                     std::optional<std::string> prompt,
                                                     bool saving);

}  // namespace llmbox
