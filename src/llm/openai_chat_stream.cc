// See openai_chat_stream.h for what this guards against.
#include "llm/openai_chat_stream.h"

#include "common/redact.h"
#include "llm/chat_chunk_scanner.h"
#include "llm/json_fields.h"
#include "llm/provider_error.h"
#include "llm/untrusted_json.h"
#include "llm/utf8_repair.h"

namespace llmbox {
namespace {

using nlohmann::json;

constexpr size_t kMaxAnswerBytes = size_t{256} << 20;
constexpr size_t kMaxToolCalls = 128;
constexpr std::string_view kProvider = "OpenAI";

bool HasError(const json& doc) {
  auto it = doc.find("error");
  return it != doc.end() && !it->is_null();
}

const json* FirstChoice(const json& doc) {
  auto choices = doc.find("choices");
  if (choices == doc.end() || !choices->is_array() || choices->empty()) return nullptr;
  const json& first = choices->front();
  return first.is_object() ? &first : nullptr;
}

}  // namespace

Usage UsageFromOpenAi(const json& usage) {
  Usage out;
  if (!usage.is_object()) return out;
  out.input_tokens = IntAt(usage, "prompt_tokens");
  out.output_tokens = IntAt(usage, "completion_tokens");
  json rest = usage;
  rest.erase("prompt_tokens");
  rest.erase("completion_tokens");
  rest.erase("total_tokens");
  json details = SimplifyUsage(rest);
  if (!details.empty()) out.details = std::move(details);
  return out;
}

Result<void> ChatStreamAccumulator::OnEvent(const SseEvent& event, const TextSink& on_text) {
  if (done_) return Ok();
  std::string_view data = event.data;
  while (!data.empty() && (data.back() == ' ' || data.back() == '\n')) data.remove_suffix(1);
  if (data.empty()) return Ok();
  if (data == "[DONE]") {
    done_ = true;
    return Ok();
  }
  // After the first chunk (whose id, model, ... llm keeps), most chunks only
  // add text: read those without building a JSON tree.
  if (fast_path_ && chunks_ > 0 && ScanChatChunk(data, fast_)) {
    ++chunks_;
    ++fast_chunks_;
    return ApplyFastChunk(on_text);
  }
  auto chunk = ParseUntrustedObject(data, "the answer stream");
  if (!chunk.ok()) return chunk.error();
  if (HasError(*chunk)) {
    return MakeError(ErrorKind::kProvider, ProviderErrorMessage(0, data, kProvider));
  }
  if (chunks_++ == 0) {
    // llm takes these from the first chunk only.
    for (const char* key : {"id", "object", "model", "created", "index"}) {
      auto it = chunk->find(key);
      if (it != chunk->end() && !it->is_null()) first_chunk_fields_[key] = RemoveNulls(*it);
    }
  }
  if (auto usage = chunk->find("usage"); usage != chunk->end() && usage->is_object()) {
    usage_ = std::move(*usage);
  }
  if (const json* choice = FirstChoice(*chunk)) return ReadChoice(*choice, on_text);
  return Ok();
}

Result<void> ChatStreamAccumulator::AppendText(std::string_view piece, const TextSink& on_text) {
  if (text_.size() + piece.size() > kMaxAnswerBytes) {
    return MakeError(ErrorKind::kParse, "the answer is larger than 256 MiB");
  }
  text_ += piece;
  if (!piece.empty()) on_text(piece);
  return Ok();
}

// The same steps as ReadChoice, from what ScanChatChunk found.
Result<void> ChatStreamAccumulator::ApplyFastChunk(const TextSink& on_text) {
  if (!fast_.has_choice) return Ok();
  if (fast_.has_delta) {
    if (fast_.has_content) {
      if (auto r = AppendText(fast_.content, on_text); !r.ok()) return r;
    }
    role_ = fast_.has_role ? json(fast_.role) : json();
  }
  if (fast_.has_finish) finish_reason_ = fast_.finish_reason;
  return Ok();
}

Result<void> ChatStreamAccumulator::ReadChoice(const json& choice, const TextSink& on_text) {
  auto delta = choice.find("delta");
  if (delta != choice.end() && delta->is_object()) {
    auto content = delta->find("content");
    if (content != delta->end() && content->is_string()) {
      if (auto r = AppendText(content->get_ref<const std::string&>(), on_text); !r.ok()) return r;
    }
    // As llm does: the role of the last delta, even when that has none.
    auto role = delta->find("role");
    role_ = role != delta->end() && role->is_string() ? *role : json();
  }
  auto finish = choice.find("finish_reason");
  if (finish != choice.end() && finish->is_string()) finish_reason_ = *finish;
  if (delta != choice.end() && delta->is_object()) {
    auto calls = delta->find("tool_calls");
    if (calls != delta->end() && calls->is_array()) return ReadToolCalls(*calls);
  }
  return Ok();
}

// As llm does: the first fragment of an index gives id and name, later ones
// add to its arguments.
Result<void> ChatStreamAccumulator::ReadToolCalls(const json& deltas) {
  for (const json& d : deltas) {
    if (!d.is_object()) continue;
    auto index = IntAt(d, "index");
    const int64_t key = index.value_or(static_cast<int64_t>(calls_.size()));
    auto it = calls_.find(key);
    if (it == calls_.end()) {
      if (calls_.size() >= kMaxToolCalls) {
        return MakeError(ErrorKind::kParse, "the answer asks for more than 128 tool calls");
      }
      it = calls_.emplace(key, PendingCall{}).first;
    }
    PendingCall& call = it->second;
    if (call.id.empty()) call.id = StringAt(d, "id");
    auto function = d.find("function");
    if (function == d.end() || !function->is_object()) continue;
    if (call.name.empty()) call.name = StringAt(*function, "name");
    const std::string piece = StringAt(*function, "arguments");
    if (text_.size() + call_bytes_ + piece.size() > kMaxAnswerBytes) {
      return MakeError(ErrorKind::kParse, "the answer is larger than 256 MiB");
    }
    call_bytes_ += piece.size();
    call.arguments += piece;
  }
  return Ok();
}

std::vector<ToolCall> ChatStreamAccumulator::ToolCalls() const {
  std::vector<ToolCall> out;
  for (const auto& [index, call] : calls_)
    out.push_back(MakeToolCall(call.id, call.name, call.arguments));
  return out;
}

ToolCall MakeToolCall(std::string id, std::string name, std::string_view arguments) {
  ToolCall call;
  call.id = std::move(id);
  call.name = std::move(name);
  std::string repaired;
  if (!IsValidUtf8(arguments)) {
    repaired = RepairUtf8(arguments);
    arguments = repaired;
  }
  if (arguments.find_first_not_of(" \t\r\n") == std::string_view::npos) return call;  // {}
  json parsed;
  if (JsonDepthWithin(arguments, kMaxUntrustedJsonDepth)) {
    parsed = json::parse(arguments, nullptr, /*allow_exceptions=*/false);
  }
  call.arguments = parsed.is_object() ? std::move(parsed) : json(std::string(arguments));
  return call;
}

json ChatStreamAccumulator::ResponseJson() const {
  json out = json::object();
  out["content"] = text_;
  if (!role_.is_null()) out["role"] = role_;
  if (!finish_reason_.is_null()) out["finish_reason"] = finish_reason_;
  json usage = RemoveNulls(usage_);
  if (usage.is_object() && !usage.empty()) out["usage"] = std::move(usage);
  for (const auto& [key, value] : first_chunk_fields_.items()) {
    if (!(value.is_object() && value.empty())) out[key] = value;
  }
  return out;
}

std::string ChatStreamAccumulator::ResolvedModel() const {
  return StringAt(first_chunk_fields_, "model");
}

Result<ParsedChat> ParseChatResponse(std::string_view body) {
  auto doc = ParseUntrustedObject(body, "the answer");
  if (!doc.ok()) return doc.error();
  if (HasError(*doc)) {
    return MakeError(ErrorKind::kProvider, ProviderErrorMessage(0, body, kProvider));
  }
  if (auto choices = doc->find("choices"); choices == doc->end() || !choices->is_array()) {
    return MalformedServerText("a reply that is not a chat completion", body);
  }
  ParsedChat parsed;
  if (const json* choice = FirstChoice(*doc)) {
    auto message = choice->find("message");
    if (message != choice->end() && message->is_object()) {
      auto content = message->find("content");
      if (content != message->end() && content->is_string()) {
        parsed.text = content->get<std::string>();
      }
      auto calls = message->find("tool_calls");
      if (calls != message->end() && calls->is_array()) {
        for (const json& c : *calls) {
          if (!c.is_object() || parsed.tool_calls.size() >= kMaxToolCalls) continue;
          auto function = c.find("function");
          if (function == c.end() || !function->is_object()) continue;
          parsed.tool_calls.push_back(MakeToolCall(StringAt(c, "id"), StringAt(*function, "name"),
                                                   StringAt(*function, "arguments")));
        }
      }
    }
  }
  if (auto usage = doc->find("usage"); usage != doc->end()) parsed.usage = UsageFromOpenAi(*usage);
  if (auto model = doc->find("model"); model != doc->end() && model->is_string()) {
    parsed.resolved_model = model->get<std::string>();
  }
  parsed.response_json = RemoveNulls(*doc);
  return parsed;
}

}  // namespace llmbox
