// See openai_responses.h for what this guards against.
#include "llm/openai_responses.h"

#include <optional>
#include <string>
#include <vector>

#include "common/redact.h"
#include "llm/endpoint_request.h"
#include "llm/http_client.h"
#include "llm/openai_chat.h"
#include "llm/openai_responses_body.h"
#include "llm/openai_responses_stream.h"
#include "llm/provider_error.h"
#include "llm/sse_parser.h"

namespace llmbox {
namespace {

using nlohmann::json;

constexpr std::string_view kProvider = "OpenAI";
constexpr size_t kMaxBodyBytes = size_t{64} << 20;
constexpr size_t kMaxSniffBytes = size_t{1} << 20;

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

Error Redacted(Error error, const std::vector<std::string>& secrets) {
  error.message = Redact(error.message, secrets);
  return error;
}

bool IsSuccess(long status) { return status >= 200 && status <= 299; }

Error StatusError(const HttpResponse& response, const std::vector<std::string>& secrets) {
  return MakeError(ErrorKind::kProvider,
                   ProviderErrorMessage(response.status, response.error_body, kProvider, secrets));
}

Result<Completion> FromParsed(Result<ParsedResponses> parsed, const AnswerSink& sink,
                              const std::vector<std::string>& secrets) {
  if (!parsed.ok()) return Redacted(parsed.error(), secrets);
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

struct StreamState {
  SseParser parser;
  ResponsesStreamAccumulator answer;
  std::optional<Error> failure;
  std::string sniff;  // the raw reply until the first event (a server ignoring "stream")
  bool sniff_overflow = false;
};

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

// Partial text is still an answer; an error before any text is the result.
Result<Completion> BrokenAnswer(const StreamState& state, Error error) {
  if (state.answer.text().empty()) return error;
  return FromStream(state.answer, std::move(error));
}

void Sniff(StreamState& state, std::string_view bytes) {
  if (state.answer.events() > 0) {
    if (!state.sniff.empty()) state.sniff = std::string();
    return;
  }
  if (state.sniff_overflow) return;
  state.sniff_overflow = state.sniff.size() + bytes.size() > kMaxSniffBytes;
  if (state.sniff_overflow) {
    state.sniff = std::string();
  } else {
    state.sniff.append(bytes);
  }
}

bool LooksLikeJsonObject(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

Result<Completion> FinishStream(StreamState& state, const HttpResponse& response,
                                const AnswerSink& sink, const std::vector<std::string>& secrets) {
  if (state.failure) return BrokenAnswer(state, *state.failure);
  if (state.answer.finished()) return FromStream(state.answer, std::nullopt);
  if (state.answer.events() == 0) {
    if (!state.sniff_overflow && LooksLikeJsonObject(state.sniff)) {
      return FromParsed(ParseResponsesReply(state.sniff), sink, secrets);
    }
    return MakeError(ErrorKind::kParse,
                     "the server's reply is not an event stream (Content-Type: " +
                         OnePrintableLine(response.content_type, 80) + ")");
  }
  return BrokenAnswer(state, MakeError(ErrorKind::kNetwork,
                                       "the answer stream ended before the answer was complete"));
}

Result<Completion> Stream(const ModelCall& call, const json& body, const AnswerSink& sink) {
  const std::vector<std::string> secrets = Secrets(call);
  StreamState state;
  // Text of one network read goes out in one write (see openai_chat.cc).
  std::string pending;
  AnswerSink collect;
  collect.on_text = [&](std::string_view text) { pending.append(text); };
  collect.on_reasoning = [&](std::string_view text) {
    if (sink.on_reasoning) sink.on_reasoning(text);
  };
  const auto flush = [&] {
    if (pending.empty()) return;
    if (sink.on_text) sink.on_text(pending);
    pending.clear();
  };
  const SseHandler on_event = [&](const SseEvent& event) {
    if (state.failure || state.answer.finished()) return;
    if (auto r = state.answer.OnEvent(event, collect); !r.ok()) {
      state.failure = Redacted(r.error(), secrets);
    }
  };
  const BodySink body_sink = [&](std::string_view bytes) {
    if (state.answer.finished()) return true;  // whatever follows does not count
    Sniff(state, bytes);
    if (auto r = state.parser.Feed(bytes, on_event); !r.ok()) state.failure = r.error();
    flush();
    return !state.failure.has_value();
  };
  auto response = HttpSend(BuildRequest(call, body), body_sink, secrets);
  if (!response.ok()) {
    if (!state.failure && state.answer.finished()) return FromStream(state.answer, std::nullopt);
    return BrokenAnswer(state, state.failure.value_or(response.error()));
  }
  if (!IsSuccess(response->status)) return StatusError(*response, secrets);
  state.parser.Finish(on_event);
  flush();
  return FinishStream(state, *response, sink, secrets);
}

Result<Completion> Whole(const ModelCall& call, const json& body, const AnswerSink& sink) {
  const std::vector<std::string> secrets = Secrets(call);
  std::string reply;
  bool too_big = false;
  const BodySink body_sink = [&](std::string_view bytes) {
    too_big = reply.size() + bytes.size() > kMaxBodyBytes;
    if (!too_big) reply.append(bytes);
    return !too_big;
  };
  auto response = HttpSend(BuildRequest(call, body), body_sink, secrets);
  if (too_big) return MakeError(ErrorKind::kParse, "the answer is larger than 64 MiB");
  if (!response.ok()) return response.error();
  if (!IsSuccess(response->status)) return StatusError(*response, secrets);
  return FromParsed(ParseResponsesReply(reply), sink, secrets);
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
  if (!call.options.is_object()) return false;
  auto it = call.options.find("chat_completions");
  return it != call.options.end() && *it == true;
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
