// See openai_responses_stream.h for what this guards against.
#include "llm/openai_responses_stream.h"

#include "common/redact.h"
#include "llm/json_fields.h"
#include "llm/provider_error.h"
#include "llm/untrusted_json.h"
#include "llm/utf8_repair.h"

namespace llmbox {
namespace {

using nlohmann::json;

constexpr size_t kMaxAnswerBytes = size_t{256} << 20;
constexpr size_t kMaxCalls = 1024;
constexpr size_t kMaxArgumentBytes = size_t{16} << 20;
constexpr std::string_view kProvider = "OpenAI";

const json& Member(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

// The one line for an error event ({"type": "error", "message", "code"}) or a
// failed response ({"response": {"error": {"message", "code"}}}).
Error ProviderError(const json& error_object) {
  json wrapped = {{"error", error_object.is_object() ? error_object : json::object()}};
  return MakeError(ErrorKind::kProvider,
                   ProviderErrorMessage(
                       0, wrapped.dump(-1, ' ', false, json::error_handler_t::replace), kProvider));
}

// A function call's arguments as llm keeps them: the parsed object, or
// {"_raw": text} when the text is not JSON.
json ParseArguments(const std::string& text) {
  if (text.empty()) return json::object();
  if (!IsValidUtf8(text) || !JsonDepthWithin(text, kMaxUntrustedJsonDepth)) return {{"_raw", RepairUtf8(text)}};
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) return {{"_raw", text}};
  return parsed;
}

// Summary (and full reasoning) text of a reasoning output item.
std::string ReasoningText(const json& item) {
  std::string out;
  for (const char* key : {"summary", "content"}) {
    const json& parts = Member(item, key);
    if (!parts.is_array()) continue;
    for (const json& part : parts) out += StringAt(part, "text");
  }
  return out;
}

}  // namespace

Usage UsageFromResponses(const json& usage) {
  Usage out;
  if (!usage.is_object()) return out;
  out.input_tokens = IntAt(usage, "input_tokens");
  out.output_tokens = IntAt(usage, "output_tokens");
  json details = json::object();
  for (const char* key : {"input_tokens_details", "output_tokens_details"}) {
    const json& v = Member(usage, key);
    if (v.is_object() && !v.empty()) details[key] = RemoveNulls(v);
  }
  if (!details.empty()) out.details = std::move(details);
  return out;
}

Result<void> ResponsesStreamAccumulator::OnEvent(const SseEvent& event, const AnswerSink& sink) {
  std::string_view data = event.data;
  while (!data.empty() && (data.back() == ' ' || data.back() == '\n')) data.remove_suffix(1);
  if (data.empty() || data == "[DONE]") return Ok();
  auto doc = ParseUntrustedObject(data, "the answer stream");
  if (!doc.ok()) return doc.error();
  ++events_;
  std::string type = StringAt(*doc, "type");
  if (type.empty()) type = event.event;
  return Dispatch(type, *doc, sink);
}

Result<void> ResponsesStreamAccumulator::Dispatch(std::string_view type, const json& event,
                                                  const AnswerSink& sink) {
  if (type == "response.output_text.delta")
    return AddText(text_, Member(event, "delta"), sink.on_text);
  if (type == "response.reasoning_summary_text.delta" || type == "response.reasoning_text.delta") {
    reasoning_streamed_.insert(StringAt(event, "item_id"));
    return AddText(reasoning_, Member(event, "delta"), sink.on_reasoning);
  }
  if (type == "response.reasoning_summary_text.done" || type == "response.reasoning_text.done") {
    const std::string id = StringAt(event, "item_id");
    if (reasoning_streamed_.count(id) != 0) return Ok();
    reasoning_streamed_.insert(id);
    return AddText(reasoning_, Member(event, "text"), sink.on_reasoning);
  }
  if (type == "response.output_item.added") return OnItemAdded(Member(event, "item"));
  if (type == "response.output_item.done") return OnItemDone(Member(event, "item"), sink);
  if (type == "response.function_call_arguments.delta") return OnArgumentsDelta(event);
  if (type == "response.function_call_arguments.done") {
    auto it = calls_.find(StringAt(event, "item_id"));
    const json& args = Member(event, "arguments");
    if (it != calls_.end() && args.is_string()) it->second.arguments = args.get<std::string>();
    return Ok();
  }
  if (type == "error") return ProviderError(event);
  if (type == "response.failed") {
    const json& response = Member(event, "response");
    OnResponse(response);
    return ProviderError(Member(response, "error"));
  }
  if (type == "response.created" || type == "response.in_progress" ||
      type == "response.completed" || type == "response.incomplete") {
    OnResponse(Member(event, "response"));
    if (type == "response.completed" || type == "response.incomplete") finished_ = true;
  }
  return Ok();  // other events (content_part.*, output_text.done, ...) add nothing new
}

Result<void> ResponsesStreamAccumulator::AddText(std::string& to, const json& piece,
                                                 const TextSink& sink) {
  if (!piece.is_string()) return Ok();
  const auto& text = piece.get_ref<const std::string&>();
  if (text_.size() + reasoning_.size() + text.size() > kMaxAnswerBytes) {
    return MakeError(ErrorKind::kParse, "the answer is larger than 256 MiB");
  }
  to += text;
  if (!text.empty() && sink) sink(text);
  return Ok();
}

Result<void> ResponsesStreamAccumulator::OnItemAdded(const json& item) {
  if (StringAt(item, "type") != "function_call") return Ok();
  const std::string id = StringAt(item, "id");
  if (calls_.count(id) != 0) return Ok();
  if (calls_.size() >= kMaxCalls) {
    return MakeError(ErrorKind::kParse, "the answer asks for more than 1024 tool calls");
  }
  calls_[id] =
      PendingCall{StringAt(item, "call_id"), StringAt(item, "name"), StringAt(item, "arguments")};
  call_order_.push_back(id);
  return Ok();
}

Result<void> ResponsesStreamAccumulator::OnArgumentsDelta(const json& event) {
  auto it = calls_.find(StringAt(event, "item_id"));
  const json& delta = Member(event, "delta");
  if (it == calls_.end() || !delta.is_string()) return Ok();
  const auto& piece = delta.get_ref<const std::string&>();
  argument_bytes_ += piece.size();
  if (argument_bytes_ > kMaxArgumentBytes) {
    return MakeError(ErrorKind::kParse, "the tool call arguments are larger than 16 MiB");
  }
  it->second.arguments += piece;
  return Ok();
}

Result<void> ResponsesStreamAccumulator::OnItemDone(const json& item, const AnswerSink& sink) {
  const std::string type = StringAt(item, "type");
  const std::string id = StringAt(item, "id");
  if (type == "reasoning") {
    if (reasoning_streamed_.count(id) != 0) return Ok();
    reasoning_streamed_.insert(id);
    return AddText(reasoning_, json(ReasoningText(item)), sink.on_reasoning);
  }
  if (type != "function_call") return Ok();
  if (auto r = OnItemAdded(item); !r.ok()) return r;
  PendingCall& call = calls_[id];
  for (const auto& [key, field] :
       {std::pair{"call_id", &call.call_id}, std::pair{"name", &call.name},
        std::pair{"arguments", &call.arguments}}) {
    const json& v = Member(item, key);
    if (v.is_string()) *field = v.get<std::string>();
  }
  call.done = true;
  return Ok();
}

void ResponsesStreamAccumulator::OnResponse(const json& response) {
  if (!response.is_object()) return;
  response_ = response;
  if (auto model = StringAt(response, "model"); !model.empty()) model_ = model;
  if (const json& usage = Member(response, "usage"); usage.is_object()) usage_ = usage;
}

json ResponsesStreamAccumulator::ResponseJson() const {
  json out = RemoveNulls(response_.is_object() ? response_ : json::object());
  if (!finished_) out["llmbox_text"] = text_;  // the final object never came
  return out;
}

std::vector<ToolCall> ResponsesStreamAccumulator::tool_calls() const {
  std::vector<ToolCall> out;
  for (const std::string& id : call_order_) {
    const PendingCall& call = calls_.at(id);
    out.push_back(ToolCall{call.call_id, call.name, ParseArguments(call.arguments)});
  }
  return out;
}

Result<ParsedResponses> ParseResponsesReply(std::string_view body) {
  auto doc = ParseUntrustedObject(body, "the answer");
  if (!doc.ok()) return doc.error();
  if (const json& error = Member(*doc, "error"); !error.is_null()) return ProviderError(error);
  const json& output = Member(*doc, "output");
  if (!output.is_array()) return MalformedServerText("a reply that is not a response", body);
  ParsedResponses parsed;
  for (const json& item : output) {
    const std::string type = StringAt(item, "type");
    if (type == "reasoning") {
      parsed.reasoning += ReasoningText(item);
    } else if (type == "function_call") {
      parsed.tool_calls.push_back(ToolCall{StringAt(item, "call_id"), StringAt(item, "name"),
                                           ParseArguments(StringAt(item, "arguments"))});
    } else if (type == "message") {
      const json& content = Member(item, "content");
      if (!content.is_array()) continue;
      for (const json& part : content) {
        if (StringAt(part, "type") == "output_text") parsed.text += StringAt(part, "text");
      }
    }
  }
  parsed.usage = UsageFromResponses(Member(*doc, "usage"));
  parsed.resolved_model = StringAt(*doc, "model");
  parsed.response_json = RemoveNulls(*doc);
  return parsed;
}

}  // namespace llmbox
