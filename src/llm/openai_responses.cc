// See openai_responses.h for what this guards against.
#include "llm/openai_responses.h"

#include <optional>
#include <string>
#include <vector>

#include "llm/endpoint_request.h"
#include "llm/event_stream_call.h"
#include "llm/http_client.h"
#include "llm/json_fields.h"
#include "llm/openai_chat.h"
#include "llm/openai_responses_body.h"
#include "llm/openai_responses_stream.h"
#include "llm/provider_error.h"
#include "llm/sse_parser.h"

namespace llmbox {
namespace {

using nlohmann::json;

constexpr std::string_view kProvider = "OpenAI";

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

HttpRequest BuildRequest(const ModelCall& call, const json& body) {
  HttpRequest request = EndpointRequest(call.endpoint, "/responses");
  if (!call.endpoint.api_key.empty()) {
    request.headers.emplace_back("Authorization", "Bearer " + call.endpoint.api_key);
  }
  request.body = Dump(body);
  return request;
}

std::vector<std::string> Secrets(const ModelCall& call) {
  if (call.endpoint.api_key.empty()) return {};
  return {call.endpoint.api_key};
}

Result<Completion> FromParsed(Result<ParsedResponses> parsed, const AnswerSink& sink,
                              const std::vector<std::string>& secrets) {
  if (!parsed.ok()) return RedactedError(parsed.error(), secrets);
  if (!parsed->reasoning.empty() && sink.on_reasoning) sink.on_reasoning(parsed->reasoning);
  if (!parsed->text.empty() && sink.on_text) sink.on_text(parsed->text);
  Completion done;
  done.text = std::move(parsed->text);
  done.response_json = std::move(parsed->response_json);
  done.usage = std::move(parsed->usage);
  done.resolved_model = std::move(parsed->resolved_model);
  done.tool_calls = std::move(parsed->tool_calls);
  return done;
}

Completion FromStream(const ResponsesStreamAccumulator& answer, std::optional<Error> interrupted) {
  Completion done;
  done.text = answer.text();
  done.response_json = answer.ResponseJson();
  done.usage = answer.usage();
  done.resolved_model = answer.ResolvedModel();
  done.tool_calls = answer.tool_calls();
  done.interrupted = std::move(interrupted);
  return done;
}

Result<Completion> Stream(const ModelCall& call, const json& body, const AnswerSink& sink) {
  const std::vector<std::string> secrets = Secrets(call);
  ResponsesStreamAccumulator answer;
  EventStreamReader reader;
  // Reasoning is shown as it arrives; answer text is collected per network read.
  std::optional<AnswerSink> collect;
  reader.on_event = [&](const SseEvent& event, const TextSink& text) {
    if (!collect) collect = AnswerSink{text, sink.on_reasoning};
    return answer.OnEvent(event, *collect);
  };
  reader.stopped = [&] { return answer.finished(); };
  reader.whole = [&] { return answer.finished(); };
  reader.events = [&] { return answer.events(); };
  reader.has_text = [&] { return !answer.text().empty(); };
  reader.completion = [&](std::optional<Error> interrupted) {
    return FromStream(answer, std::move(interrupted));
  };
  reader.parse_whole = [&](std::string_view reply) {
    return FromParsed(ParseResponsesReply(reply), sink, secrets);
  };
  return RunEventStream(BuildRequest(call, body), reader, sink.on_text, secrets, kProvider);
}

Result<Completion> Whole(const ModelCall& call, const json& body, const AnswerSink& sink) {
  const std::vector<std::string> secrets = Secrets(call);
  auto reply = FetchWholeReply(BuildRequest(call, body), secrets, kProvider);
  if (!reply.ok()) return reply.error();
  return FromParsed(ParseResponsesReply(*reply), sink, secrets);
}

// As llm's redact_data does for Chat image parts: inline file bytes are not
// logged again (logs.db keeps attachments apart), a data: URL becomes "data:...".
void RedactInlineData(json& items) {
  for (json& item : items) {
    auto content = item.find("content");
    if (content == item.end() || !content->is_array()) continue;
    for (json& part : *content) {
      for (const char* key : {"image_url", "file_data"}) {
        auto it = part.find(key);
        if (it != part.end() && it->is_string() && it->get<std::string>().rfind("data:", 0) == 0) {
          *it = "data:...";
        }
      }
    }
  }
}

// -o chat_completions true: llm 0.32 sends the prompt through Chat
// Completions instead, without the options only the Responses API knows.
bool WantsChatCompletions(const ModelCall& call) {
  return IsTrueAt(call.options, "chat_completions");
}

ModelCall AsChatCall(const ModelCall& call) {
  ModelCall chat = call;
  for (const char* key : {"chat_completions", "image_detail", "reasoning_summary", "store"}) {
    chat.options.erase(key);
  }
  return chat;
}

}  // namespace

Result<Completion> CompleteOpenAiResponses(const ModelCall& call, const AnswerSink& sink) {
  if (WantsChatCompletions(call)) return CompleteOpenAiChat(AsChatCall(call), sink);
  auto body = BuildResponsesBody(call);
  if (!body) return body.error();
  return call.stream ? Stream(call, *body, sink) : Whole(call, *body, sink);
}

json OpenAiResponsesPromptJson(const ModelCall& call) {
  if (WantsChatCompletions(call)) return OpenAiChatPromptJson(AsChatCall(call));
  auto input = BuildResponsesInput(call);
  if (!input) return {{"input", json::array()}, {"instructions", nullptr}};
  RedactInlineData(input->items);
  return {{"input", std::move(input->items)}, {"instructions", input->instructions}};
}

}  // namespace llmbox
