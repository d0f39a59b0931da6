// See openai_chat_stream.h for what this guards against.
#include "llm/openai_chat_stream.h"

#include "common/redact.h"
#include "llm/provider_error.h"
#include "llm/utf8_repair.h"

namespace llmbox {
namespace {

using nlohmann::json;

constexpr int kMaxJsonDepth = 100;
constexpr size_t kMaxAnswerBytes = size_t{256} << 20;
constexpr std::string_view kProvider = "OpenAI";

// Bracket depth outside strings. Cheaper than parsing, and it must run first:
// the parser copes with any depth but dumping and copying the result recurse.
bool DepthWithin(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

Error Malformed(std::string_view what, std::string_view text) {
  return MakeError(ErrorKind::kParse, "the server sent " + std::string(what) + ": '" +
                                          Redact(OnePrintableLine(text, 80)) + "'");
}

// A JSON object from server text, or kParse.
Result<json> ParseObject(std::string_view text, std::string_view what) {
  std::string repaired;
  if (!IsValidUtf8(text)) {
    repaired = RepairUtf8(text);
    text = repaired;
  }
  if (!DepthWithin(text, kMaxJsonDepth)) {
    return Malformed(std::string(what) + " nested too deeply", text.substr(0, 80));
  }
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Malformed("malformed JSON in " + std::string(what), text);
  if (!doc.is_object()) return Malformed("unexpected JSON in " + std::string(what), text);
  return doc;
}

bool HasError(const json& doc) {
  auto it = doc.find("error");
  return it != doc.end() && !it->is_null();
}

// llm's remove_dict_none_values: drops null members and objects left empty.
json RemoveNulls(const json& value) {
  if (value.is_array()) {
    json out = json::array();
    for (const json& item : value) out.push_back(RemoveNulls(item));
    return out;
  }
  if (!value.is_object()) return value;
  json out = json::object();
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    json cleaned = RemoveNulls(item);
    if (cleaned.is_object() && cleaned.empty()) continue;
    out[key] = std::move(cleaned);
  }
  return out;
}

bool IsZero(const json& value) {
  if (value.is_boolean()) return !value.get<bool>();  // Python: False == 0
  return value.is_number() && value.get<double>() == 0;
}

// llm's simplify_usage_dict: drops zeros, nulls and empty objects, recursively.
json SimplifyUsage(const json& value) {
  if (!value.is_object()) return value;
  json out = json::object();
  for (const auto& [key, item] : value.items()) {
    if (item.is_null() || IsZero(item)) continue;
    json cleaned = SimplifyUsage(item);
    if (cleaned.is_null() || (cleaned.is_object() && cleaned.empty())) continue;
    out[key] = std::move(cleaned);
  }
  return out;
}

std::optional<int64_t> IntAt(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
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
  auto chunk = ParseObject(data, "the answer stream");
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

Result<void> ChatStreamAccumulator::ReadChoice(const json& choice, const TextSink& on_text) {
  auto delta = choice.find("delta");
  if (delta != choice.end() && delta->is_object()) {
    auto content = delta->find("content");
    if (content != delta->end() && content->is_string()) {
      const auto& piece = content->get_ref<const std::string&>();
      if (text_.size() + piece.size() > kMaxAnswerBytes) {
        return MakeError(ErrorKind::kParse, "the answer is larger than 256 MiB");
      }
      text_ += piece;
      if (!piece.empty()) on_text(piece);
    }
    // As llm does: the role of the last delta, even when that has none.
    auto role = delta->find("role");
    role_ = role != delta->end() && role->is_string() ? *role : json();
  }
  auto finish = choice.find("finish_reason");
  if (finish != choice.end() && finish->is_string()) finish_reason_ = *finish;
  return Ok();
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
  auto it = first_chunk_fields_.find("model");
  return it != first_chunk_fields_.end() && it->is_string() ? it->get<std::string>() : "";
}

Result<ParsedChat> ParseChatResponse(std::string_view body) {
  auto doc = ParseObject(body, "the answer");
  if (!doc.ok()) return doc.error();
  if (HasError(*doc)) {
    return MakeError(ErrorKind::kProvider, ProviderErrorMessage(0, body, kProvider));
  }
  if (auto choices = doc->find("choices"); choices == doc->end() || !choices->is_array()) {
    return Malformed("a reply that is not a chat completion", body);
  }
  ParsedChat parsed;
  if (const json* choice = FirstChoice(*doc)) {
    auto message = choice->find("message");
    if (message != choice->end() && message->is_object()) {
      auto content = message->find("content");
      if (content != message->end() && content->is_string()) {
        parsed.text = content->get<std::string>();
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
