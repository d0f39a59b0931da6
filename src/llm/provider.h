// The provider modules behind the models: one row per provider label
// (ModelInfo::provider) with how to check its -o options, how to send a
// ModelCall, what to log as prompt_json, and where its API lives. Adding a
// provider is adding a row in provider.cc.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "llm/model_call.h"
#include "llm/openai_chat_options.h"

namespace llmbox {

using RawOptions = std::vector<std::pair<std::string, std::string>>;

struct Provider {
  std::string_view label;  // ModelInfo::provider, e.g. "OpenAI Chat"
  // Checks `-o KEY VALUE` pairs; kUsage for an unknown key or a bad value.
  Result<nlohmann::json> (*parse_options)(const RawOptions& raw);
  // Sends the call; text goes to the sink as it arrives. kNetwork (no
  // answer), kProvider (an error status or error object before any text),
  // kParse (an unreadable answer).
  Result<Completion> (*complete)(const ModelCall& call, const AnswerSink& sink);
  // What llm stores in responses.prompt_json for this call.
  nlohmann::json (*prompt_json)(const ModelCall& call);
  std::string_view default_api_base;  // e.g. https://api.openai.com/v1
  std::string_view base_url_env;      // e.g. OPENAI_BASE_URL; overrides the default
  std::string_view gateway_route;     // path under llm-gate, e.g. /openai/v1
  // The -o options in `llm models --options` order, with types and
  // descriptions; null: the provider lists none.
  std::vector<ChatOptionSpec> (*option_specs)() = nullptr;
  // Whether the provider sends a URL attachment of this type as its URL; when
  // not (or when null), the session downloads the bytes into `content` first.
  bool (*sends_url)(std::string_view mime_type) = nullptr;
};

// kConfig when no module serves `label` (a model table naming an unknown provider).
Result<const Provider*> FindProvider(std::string_view label);

}  // namespace llmbox
