// `llm templates`: the prompt templates of the config dir and the prompt library.
//
//   llm templates [list]      "name : system: ... prompt: ..." lines, names padded and
//                             lines cut to the terminal width as llm does; library
//                             templates are marked [library] (and [library, shadowed]
//                             when a config template of the same name hides them);
//                             unreadable or invalid templates are skipped, as llm does
//   llm templates show NAME   the template as YAML, keys sorted, with its name
//   llm templates path        the config dir's templates directory (created if missing)
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "llm/command.h"
#include "llm/template_store.h"

namespace llmbox {

void AddTemplatesCommand(CLI::App& app, Context& ctx, Runner& run);

// The lines `llm templates list` prints, without newlines; `width` is the
// terminal width lines are cut to.
std::vector<std::string> TemplateListLines(const TemplateDirs& dirs, size_t width);

}  // namespace llmbox
