// `llm ... --save NAME`: writes what the command line says as the template
// NAME.yaml in the config dir's templates/ instead of running the prompt, as
// llm 0.32 does: model (the resolved model id), prompt (argument and piped
// stdin), system, defaults (-p), extract, extract_last, schema_object
// (--schema/--schema-multi resolved) and
// options (validated and typed for the model). The file is replaced
// atomically; the name must be a plain template name, never a path.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "llm/command.h"
#include "llm/prompt_session.h"
#include "llm/template_render.h"

namespace llmbox {

struct SaveRequest {
  std::string name;                   // --save NAME
  std::optional<std::string> prompt;  // the positional PROMPT
  std::string system;                 // -s
  TemplateParams params;              // -p
  nlohmann::json schema;              // null or the schema
  std::string template_name;          // -t: not allowed with --save
  SessionOptions session;             // -m, -o, -x/--xl, -c/--cid
  std::vector<std::string> fragments;         // -f, saved as given (llm does not resolve them)
  std::vector<std::string> system_fragments;  // --sf
};

Result<void> SaveTemplate(Context& ctx, const SaveRequest& request);

}  // namespace llmbox
