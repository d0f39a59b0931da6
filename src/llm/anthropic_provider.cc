// See anthropic_provider.h for what this guards against.
#include "llm/anthropic_provider.h"

#include <optional>
#include <string>

#include "llm/anthropic_messages.h"
#include "llm/anthropic_stream.h"
#include "llm/endpoint_request.h"
#include "llm/http_client.h"
#include "llm/json_fields.h"
#include "llm/provider_error.h"
#include "llm/sse_parser.h"

namespace llmbox {
namespace {

using nlohmann::json;

constexpr std::string_view kProvider = "Anthropic";
constexpr size_t kMaxSniffBytes = size_t{64} << 20;  // a reply that is one JSON message

bool IsSuccess(long status) { return status >= 200 && status <= 299; }

// Everything one call accumulates while libcurl delivers bytes.
struct Exchange {
  explicit Exchange(const ModelCall& call)
      : answer(call.schema.is_null() ? std::string() : std::string(kSchemaToolName)) {
    if (!call.endpoint.api_key.empty()) secrets.push_back(call.endpoint.api_key);
    if (!IsTrueAt(call.options, "hide_prefill")) prefill = StringAt(call.options, "prefill");
  }
  std::vector<std::string> secrets;
  std::string prefill;  // shown before the answer, as llm-anthropic does
  SseParser parser;
  AnthropicAnswer answer;
  std::optional<Error> failure;  // why we stopped reading, if we did
  // The raw reply until the first event: a server that does not stream answers
  // with one JSON message, which is read whole at the end.
  std::string sniff;
  bool sniff_overflow = false;
};

Completion FromAnswer(const Exchange& ex, const AnswerSink& sink, std::optional<Error> broken) {
  Completion c;
  c.text = ex.prefill + ex.answer.text();
  c.response_json = ex.answer.ResponseJson();
  c.usage = ex.answer.usage();
  c.resolved_model = ex.answer.ResolvedModel();
  c.tool_calls = ex.answer.ToolCalls();
  c.interrupted = std::move(broken);
  if (!c.tool_calls.empty() && !c.interrupted) {
    // llm-anthropic's separator, so that text around a tool call chain does
    // not run together; it is also sent back as the turn's text.
    c.text += " ";
    if (sink.on_text) sink.on_text(" ");
  }
  return c;
}

// Partial text is still an answer; without any, the error is the result.
Result<Completion> Broken(const Exchange& ex, const AnswerSink& sink, Error error) {
  if (ex.answer.text().empty()) return RedactedError(std::move(error), ex.secrets);
  return FromAnswer(ex, sink, RedactedError(std::move(error), ex.secrets));
}

bool LooksLikeJsonObject(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

Result<Completion> Finish(Exchange& ex, const HttpResponse& response, const AnswerSink& sink) {
  if (ex.failure) return Broken(ex, sink, *ex.failure);
  // message_stop ends the stream; a stop_reason says the model itself stopped
  // even if the connection closed before the final event.
  if (ex.answer.done() || ex.answer.finished()) return FromAnswer(ex, sink, std::nullopt);
  if (ex.answer.events() == 0) {
    if (!ex.sniff_overflow && LooksLikeJsonObject(ex.sniff)) {
      if (auto read = ex.answer.OnWholeMessage(ex.sniff, sink); !read) {
        return RedactedError(read.error(), ex.secrets);
      }
      return FromAnswer(ex, sink, std::nullopt);
    }
    return MakeError(ErrorKind::kParse,
                     "the server's reply is not an event stream (Content-Type: " +
                         OnePrintableLine(response.content_type, 80) + ")");
  }
  return Broken(
      ex, sink,
      MakeError(ErrorKind::kNetwork, "the answer stream ended before the answer was complete"));
}

void Sniff(Exchange& ex, std::string_view bytes) {
  if (ex.answer.events() > 0) {
    if (!ex.sniff.empty()) ex.sniff = std::string();  // an event stream after all
    return;
  }
  if (ex.sniff_overflow) return;
  ex.sniff_overflow = ex.sniff.size() + bytes.size() > kMaxSniffBytes;
  if (ex.sniff_overflow) {
    ex.sniff = std::string();
  } else {
    ex.sniff.append(bytes);
  }
}

Result<HttpRequest> BuildHttpRequest(const ModelCall& call) {
  auto built = BuildAnthropicRequest(call);
  if (!built) return built.error();
  HttpRequest request = EndpointRequest(call.endpoint, "/messages");
  for (auto& header : AnthropicHeaders(call.endpoint, built->betas)) {
    request.headers.push_back(std::move(header));
  }
  request.body = built->body.dump(-1, ' ', false, json::error_handler_t::replace);
  return request;
}

}  // namespace

Result<Completion> CompleteAnthropic(const ModelCall& call, const AnswerSink& sink) {
  auto request = BuildHttpRequest(call);
  if (!request) return request.error();
  Exchange ex(call);
  if (!ex.prefill.empty() && sink.on_text) sink.on_text(ex.prefill);
  // What all events of one network read produced goes out in one write each.
  std::string text, reasoning;
  AnswerSink collect;
  collect.on_text = [&](std::string_view piece) { text.append(piece); };
  if (sink.on_reasoning) collect.on_reasoning = [&](std::string_view p) { reasoning.append(p); };
  const auto flush = [&] {
    if (!reasoning.empty()) sink.on_reasoning(reasoning);
    if (!text.empty() && sink.on_text) sink.on_text(text);
    reasoning.clear();
    text.clear();
  };
  const SseHandler on_event = [&](const SseEvent& event) {
    if (ex.failure) return;
    if (auto r = ex.answer.OnEvent(event, collect); !r) ex.failure = r.error();
  };
  const BodySink body_sink = [&](std::string_view bytes) {
    if (ex.answer.done()) return true;  // whatever follows message_stop does not count
    Sniff(ex, bytes);
    if (auto r = ex.parser.Feed(bytes, on_event); !r) ex.failure = r.error();
    flush();
    return !ex.failure.has_value();
  };
  auto response = HttpSend(*request, body_sink, ex.secrets);
  if (!response) {
    if (!ex.failure && (ex.answer.done() || ex.answer.finished())) {
      return FromAnswer(ex, sink, std::nullopt);
    }
    return Broken(ex, sink, ex.failure.value_or(response.error()));
  }
  if (!IsSuccess(response->status)) {
    return MakeError(
        ErrorKind::kProvider,
        ProviderErrorMessage(response->status, response->error_body, kProvider, ex.secrets));
  }
  ex.parser.Finish(on_event);
  flush();
  return Finish(ex, *response, sink);
}

json AnthropicPromptJson(const ModelCall&) { return nullptr; }

}  // namespace llmbox
