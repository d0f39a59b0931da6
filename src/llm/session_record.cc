#include "llm/session_record.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <utility>

#include "llm/ulid.h"

namespace llmbox {

LogRecord RecordOfRequest(const ModelInfo& model, const Provider& provider, const ModelCall& call,
                          Completion& done, int64_t duration_ms, const std::string& started_utc) {
  LogRecord r;
  r.id = NewUlid();
  r.model = model.model_id;
  r.resolved_model = done.resolved_model != model.model_name ? done.resolved_model : "";
  r.prompt = call.current.prompt;
  r.system = call.current.system;
  r.prompt_json = provider.prompt_json(call);
  r.options_json = call.options.is_null() ? nlohmann::json::object() : call.options;
  r.response = std::move(done.text);
  r.response_json =
      done.response_json.is_null() ? nlohmann::json::object() : std::move(done.response_json);
  if (done.interrupted) {
    r.response_json["llmbox_incomplete"] = true;
    r.response_json["llmbox_error"] = done.interrupted->message;
  }
  r.duration_ms = duration_ms;
  r.datetime_utc = started_utc;
  r.input_tokens = done.usage.input_tokens;
  r.output_tokens = done.usage.output_tokens;
  r.token_details = done.usage.details;
  r.attachments = call.current.attachments;
  return r;
}

void LogTurnText(LogRecord& r, const TurnInput& in, bool first_request) {
  r.prompt_is_null = first_request && in.no_prompt;
  if (first_request && !in.fragments.empty()) {
    r.conversation_name = ConversationNameFor(r.prompt);
    r.prompt = in.prompt;
    r.prompt_fragments = in.fragments;
  }
  if (!in.system_fragments.empty()) {
    r.system = in.system;
    r.system_fragments = in.system_fragments;
  }
}

std::string SentPrompt(const std::vector<Fragment>& fragments, const std::string& prompt) {
  return fragments.empty() ? prompt : JoinPromptFragments(fragments, prompt);
}

std::string SentSystem(const std::vector<Fragment>& fragments, const std::string& system) {
  return fragments.empty() ? system : JoinSystemFragments(fragments, system);
}

void PrintRecordJson(std::ostream& out, const LogRecord& r) {
  using nlohmann::json;
  const auto optional_int = [](const std::optional<int64_t>& v) { return v ? json(*v) : json(); };
  json j = {{"id", r.id},
            {"model", r.model},
            {"prompt", r.prompt_is_null ? json() : json(r.prompt)},
            {"system", r.system.empty() ? json() : json(r.system)},
            {"response", r.response},
            {"conversation_id", r.conversation_id},
            {"input_tokens", optional_int(r.input_tokens)},
            {"output_tokens", optional_int(r.output_tokens)},
            {"duration_ms", r.duration_ms},
            {"datetime_utc", r.datetime_utc}};
  out << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace llmbox
