// extra-openai-models.yaml: user-defined OpenAI and OpenAI-compatible models,
// in the format llm documents ("OpenAI-compatible models"):
//
//   - model_id: orca-openai-compat      # required: the id llm uses and logs
//     model_name: orca-mini-3b.ggmlv3   # sent to the API (default: model_id)
//     api_base: "http://localhost:8080" # no key is sent unless api_key_name
//     api_key_name: localai             # keys.json name to send
//     headers: {X-Title: LLM}
//     aliases: ["orca"]
//     can_stream: false
//     completion: true                  # a completion model
//
// Other llm keys (api_type, api_version, vision, reasoning, ...) are accepted
// and ignored. One deliberate difference from llm: $OPENAI_API_KEY is only
// consulted for a model whose key is "openai" (the default, or named with
// api_key_name: openai). llm falls back to it for any api_key_name, which can
// send an OpenAI key to a third-party api_base.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "llm/model_info.h"

namespace llmbox {

// Parses the YAML text; `source` (the file path) names the file in errors,
// together with the entry number and model_id. Wrong types -> kConfig error.
Result<std::vector<ModelInfo>> ParseExtraModels(const std::string& yaml_text,
                                                const std::string& source);

// Reads <user_dir>/extra-openai-models.yaml; a missing file means no models.
Result<std::vector<ModelInfo>> LoadExtraModels(const std::string& user_dir);

}  // namespace llmbox
