// See anthropic_stream.h for what this guards against.
#include "llm/anthropic_stream.h"

#include "llm/json_fields.h"
#include "llm/provider_error.h"
#include "llm/untrusted_json.h"

namespace llmbox {
namespace {

using nlohmann::json;

constexpr size_t kMaxAnswerBytes = size_t{256} << 20;
constexpr size_t kMaxBlocks = 10000;
constexpr std::string_view kProvider = "Anthropic";

const json* ObjectAt(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? &*it : nullptr;
}

bool IsToolUse(std::string_view type) {
  return type == "tool_use" || type == "server_tool_use" || type == "mcp_tool_use";
}

Error ProviderError(std::string_view body) {
  return MakeError(ErrorKind::kProvider, ProviderErrorMessage(0, body, kProvider));
}

bool IsErrorObject(const json& doc) {
  if (StringAt(doc, "type") == "error") return true;
  auto it = doc.find("error");
  return it != doc.end() && !it->is_null();
}

}  // namespace

Usage UsageFromAnthropic(const json& usage) {
  Usage out;
  if (!usage.is_object()) return out;
  out.input_tokens = IntAt(usage, "input_tokens");
  out.output_tokens = IntAt(usage, "output_tokens");
  json details = json::object();
  for (const char* key : {"cache_creation_input_tokens", "cache_read_input_tokens",
                          "cache_creation", "server_tool_use"}) {
    if (auto it = usage.find(key); it != usage.end()) details[key] = *it;
  }
  details = SimplifyUsage(details);
  if (!details.empty()) out.details = std::move(details);
  return out;
}

Result<void> AnthropicAnswer::Grow(size_t bytes) {
  if (total_bytes_ + bytes > kMaxAnswerBytes) {
    return MakeError(ErrorKind::kParse, "the answer is larger than 256 MiB");
  }
  total_bytes_ += bytes;
  return Ok();
}

bool AnthropicAnswer::IsSchemaBlock(const Block& block) const {
  return !schema_tool_.empty() && block.type == "tool_use" &&
         StringAt(block.start, "name") == schema_tool_;
}

AnthropicAnswer::Block* AnthropicAnswer::FindBlock(const json& event) {
  const std::optional<int64_t> index = IntAt(event, "index");
  if (!index) return nullptr;
  for (auto it = blocks_.rbegin(); it != blocks_.rend(); ++it) {
    if (it->index == *index) return &*it;
  }
  return nullptr;
}

Result<void> AnthropicAnswer::OnEvent(const SseEvent& event, const AnswerSink& sink) {
  if (done_) return Ok();
  std::string_view data = event.data;
  while (!data.empty() && (data.back() == ' ' || data.back() == '\n')) data.remove_suffix(1);
  if (data.empty()) return Ok();
  auto doc = ParseUntrustedObject(data, "the answer stream");
  if (!doc) return doc.error();
  ++events_;
  std::string type = StringAt(*doc, "type");
  if (type.empty()) type = event.event;
  if (type == "error") return ProviderError(data);
  if (type == "message_start") {
    if (const json* message = ObjectAt(*doc, "message")) return OnMessage(*message, sink);
  } else if (type == "content_block_start") {
    const std::optional<int64_t> index = IntAt(*doc, "index");
    const json* block = ObjectAt(*doc, "content_block");
    if (index && block) return StartBlock(*index, *block, sink);
  } else if (type == "content_block_delta") {
    return Delta(*doc, sink);
  } else if (type == "content_block_stop") {
    if (Block* block = FindBlock(*doc)) return StopBlock(*block, sink);
  } else if (type == "message_delta") {
    MessageDelta(*doc);
  } else if (type == "message_stop") {
    done_ = true;
  }
  return Ok();  // ping and event types added later
}

Result<void> AnthropicAnswer::OnWholeMessage(std::string_view body, const AnswerSink& sink) {
  auto doc = ParseUntrustedObject(body, "the answer");
  if (!doc) return doc.error();
  if (IsErrorObject(*doc)) return ProviderError(body);
  auto content = doc->find("content");
  if (content == doc->end() || !content->is_array()) {
    return MakeError(ErrorKind::kParse,
                     "the server's reply is not a message: '" + OnePrintableLine(body, 80) + "'");
  }
  ++events_;
  auto read = OnMessage(*doc, sink);
  done_ = true;
  return read;
}

Result<void> AnthropicAnswer::OnMessage(const json& message, const AnswerSink& sink) {
  for (const auto& [key, value] : message.items()) {
    if (key == "usage") {
      usage_ = value;
    } else if (key != "content") {
      message_[key] = value;
    }
  }
  auto content = message.find("content");
  if (content == message.end() || !content->is_array()) return Ok();
  // A whole message: each block arrives complete.
  for (const json& block : *content) {
    if (!block.is_object()) continue;
    const auto index = static_cast<int64_t>(blocks_.size());
    if (auto r = StartBlock(index, block, sink); !r) return r;
    if (auto r = StopBlock(blocks_.back(), sink); !r) return r;
  }
  return Ok();
}

Result<void> AnthropicAnswer::StartBlock(int64_t index, const json& start, const AnswerSink& sink) {
  if (blocks_.size() >= kMaxBlocks) {
    return MakeError(ErrorKind::kParse, "the answer has more than 10000 content blocks");
  }
  Block block;
  block.index = index;
  block.start = start;
  block.type = StringAt(start, "type");
  const char* text_key = block.type == "text" ? "text" : block.type == "thinking" ? "thinking" : "";
  if (*text_key) block.text = StringAt(start, text_key);
  block.signature = StringAt(start, "signature");
  if (auto r = Grow(block.text.size()); !r) return r;
  if (block.type == "text" && !block.text.empty()) {
    text_ += block.text;
    if (sink.on_text) sink.on_text(block.text);
  } else if (block.type == "thinking" && !block.text.empty() && sink.on_reasoning) {
    sink.on_reasoning(block.text);
  }
  blocks_.push_back(std::move(block));
  return Ok();
}

Result<void> AnthropicAnswer::Delta(const json& event, const AnswerSink& sink) {
  Block* block = FindBlock(event);
  const json* delta = ObjectAt(event, "delta");
  if (block == nullptr || delta == nullptr || block->stopped) return Ok();
  const std::string type = StringAt(*delta, "type");
  const char* key = type == "text_delta"         ? "text"
                    : type == "thinking_delta"   ? "thinking"
                    : type == "signature_delta"  ? "signature"
                    : type == "input_json_delta" ? "partial_json"
                                                 : nullptr;
  if (type == "citations_delta") {
    if (const json* citation = ObjectAt(*delta, "citation")) {
      if (block->citations.is_null()) block->citations = json::array();
      block->citations.push_back(*citation);
    }
    return Ok();
  }
  if (key == nullptr) return Ok();
  const std::string piece = StringAt(*delta, key);
  if (auto r = Grow(piece.size()); !r) return r;
  if (type == "text_delta" && block->type == "text") {
    block->text += piece;
    text_ += piece;
    if (sink.on_text && !piece.empty()) sink.on_text(piece);
  } else if (type == "thinking_delta" && block->type == "thinking") {
    block->text += piece;
    if (sink.on_reasoning && !piece.empty()) sink.on_reasoning(piece);
  } else if (type == "signature_delta") {
    block->signature += piece;
  } else if (type == "input_json_delta" && IsToolUse(block->type)) {
    block->partial_json += piece;
    if (IsSchemaBlock(*block)) {
      text_ += piece;
      if (sink.on_text && !piece.empty()) sink.on_text(piece);
    }
  }
  return Ok();
}

Result<void> AnthropicAnswer::StopBlock(Block& block, const AnswerSink& sink) {
  if (block.stopped) return Ok();
  block.stopped = true;
  if (!IsToolUse(block.type)) return Ok();
  if (block.partial_json.empty()) {
    const json* input = ObjectAt(block.start, "input");
    block.input = input ? *input : json::object();
    if (IsSchemaBlock(block)) {  // a whole reply: the input arrived complete
      const std::string dumped = block.input.dump(-1, ' ', false, json::error_handler_t::replace);
      if (auto r = Grow(dumped.size()); !r) return r;
      text_ += dumped;
      if (sink.on_text) sink.on_text(dumped);
    }
    return Ok();
  }
  auto input = ParseUntrustedObject(block.partial_json, "a tool call's input");
  if (!input) return input.error();
  block.input = std::move(*input);
  return Ok();
}

void AnthropicAnswer::MessageDelta(const json& event) {
  if (const json* delta = ObjectAt(event, "delta")) {
    for (const auto& [key, value] : delta->items()) message_[key] = value;
  }
  if (const json* usage = ObjectAt(event, "usage")) {
    if (!usage_.is_object()) usage_ = json::object();
    for (const auto& [key, value] : usage->items()) {
      if (!value.is_null()) usage_[key] = value;
    }
  }
}

bool AnthropicAnswer::finished() const {
  auto it = message_.find("stop_reason");
  return it != message_.end() && it->is_string();
}

json AnthropicAnswer::BlockJson(const Block& block) const {
  json out = block.start;
  if (block.type == "text") {
    out["text"] = block.text;
    if (!block.citations.is_null()) {
      json& all = out["citations"];
      if (!all.is_array()) all = json::array();
      for (const json& c : block.citations) all.push_back(c);
    } else if (!out.contains("citations")) {
      out["citations"] = nullptr;
    }
  } else if (block.type == "thinking") {
    out["thinking"] = block.text;
    out["signature"] = block.signature;
  } else if (IsToolUse(block.type) && block.stopped) {
    out["input"] = block.input;
  }
  return out;
}

json AnthropicAnswer::ResponseJson() const {
  json out = message_;
  for (const char* key : {"container", "stop_details", "stop_reason", "stop_sequence"}) {
    if (!out.contains(key)) out[key] = nullptr;
  }
  json content = json::array();
  for (const Block& block : blocks_) content.push_back(BlockJson(block));
  out["content"] = std::move(content);
  return out;
}

std::string AnthropicAnswer::ResolvedModel() const { return StringAt(message_, "model"); }

std::vector<ToolCall> AnthropicAnswer::ToolCalls() const {
  std::vector<ToolCall> calls;
  for (const Block& block : blocks_) {
    // A block whose input did not parse has no arguments to call with.
    if (block.type != "tool_use" || !block.stopped || IsSchemaBlock(block)) continue;
    if (!block.input.is_object()) continue;
    calls.push_back({StringAt(block.start, "id"), StringAt(block.start, "name"), block.input});
  }
  return calls;
}

}  // namespace llmbox
