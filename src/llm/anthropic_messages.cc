// See anthropic_messages.h for what this guards against.
#include "llm/anthropic_messages.h"

#include <set>
#include <string>

#include "common/base64.h"
#include "llm/anthropic_models.h"
#include "llm/json_fields.h"
#include "llm/provider_error.h"

namespace llmbox {
namespace {

using nlohmann::json;

constexpr int64_t kDefaultThinkingTokens = 1024;
constexpr double kDefaultTemperature = 1.0;
constexpr std::string_view kImageTypes[] = {"image/png", "image/jpeg", "image/webp", "image/gif"};
constexpr std::string_view kPdf = "application/pdf";

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

Error UnsupportedOption(std::string_view option, const ModelCall& call) {
  return MakeError(ErrorKind::kConfig,
                   "option '" + std::string(option) + "' is not supported by " + call.model_name);
}

Result<std::string> AttachmentType(const Attachment& a, const ClaudeModel& model) {
  if (a.mime_type.empty() && !a.url.empty()) {
    // A URL whose type is unknown: let the API look; its path is the best hint.
    const std::string path = a.url.substr(0, a.url.find_first_of("?#"));
    return std::string(EndsWith(path, ".pdf") ? "document" : "image");
  }
  for (std::string_view type : kImageTypes) {
    if (a.mime_type == type) return std::string("image");
  }
  if (a.mime_type == kPdf && model.pdf) return std::string("document");
  std::string accepted = "image/png, image/jpeg, image/webp, image/gif";
  if (model.pdf) accepted += ", application/pdf";
  return MakeError(ErrorKind::kConfig, "this model does not accept attachments of type '" +
                                           OnePrintableLine(a.mime_type, 60) + "' (" +
                                           OnePrintableLine(a.path.empty() ? a.url : a.path, 200) +
                                           "); it takes " + accepted);
}

Result<json> AttachmentBlock(const Attachment& a, const ClaudeModel& model) {
  auto type = AttachmentType(a, model);
  if (!type) return type.error();
  json source;
  if (!a.url.empty()) {
    source = {{"type", "url"}, {"url", a.url}};
  } else {
    source = {{"data", Base64Encode(a.content)}, {"media_type", a.mime_type}, {"type", "base64"}};
  }
  return json{{"type", *type}, {"source", std::move(source)}};
}

// The user side of a turn: tool results first (the API wants them before
// anything else in the message), then attachments, then the prompt text.
Result<json> UserContent(const Turn& turn, const ClaudeModel& model) {
  json content = json::array();
  for (const ToolOutput& r : turn.tool_results) {
    content.push_back(
        {{"type", "tool_result"}, {"tool_use_id", r.tool_call_id}, {"content", r.output}});
  }
  for (const Attachment& a : turn.attachments) {
    auto block = AttachmentBlock(a, model);
    if (!block) return block.error();
    content.push_back(std::move(*block));
  }
  if (!turn.prompt.empty()) content.push_back({{"type", "text"}, {"text", turn.prompt}});
  return content;
}

// The thinking blocks of an earlier answer, as the API sent them: a thinking
// block only with its signature (the API refuses one without), a redacted
// one with its data. Anything else in the logged JSON is left out.
json SignedThinkingBlocks(const json& response_json) {
  json blocks = json::array();
  if (!response_json.is_object()) return blocks;
  auto content = response_json.find("content");
  if (content == response_json.end() || !content->is_array()) return blocks;
  for (const json& b : *content) {
    if (!b.is_object()) continue;
    const std::string type = StringAt(b, "type");
    if (type == "thinking" && !StringAt(b, "signature").empty()) {
      blocks.push_back({{"type", "thinking"},
                        {"thinking", StringAt(b, "thinking")},
                        {"signature", StringAt(b, "signature")}});
    } else if (type == "redacted_thinking" && !StringAt(b, "data").empty()) {
      blocks.push_back({{"type", "redacted_thinking"}, {"data", StringAt(b, "data")}});
    }
  }
  return blocks;
}

// llm-anthropic's assistant turn: the answer's signed thinking blocks first
// (the API wants them back, and a tool_use turn must start with them), then
// the text, then the tool calls. A turn with neither text nor tool calls is
// left empty, and so out of the request: thinking alone is no valid turn.
json AssistantContent(const Turn& turn) {
  json content = json::array();
  if (turn.response.empty() && turn.tool_calls.empty()) return content;
  for (json& block : SignedThinkingBlocks(turn.response_json)) content.push_back(std::move(block));
  if (!turn.response.empty()) content.push_back({{"type", "text"}, {"text", turn.response}});
  for (const ToolCall& c : turn.tool_calls) {
    content.push_back(
        {{"type", "tool_use"}, {"id", c.id}, {"name", c.name}, {"input", c.arguments}});
  }
  return content;
}

const json* Option(const json& options, const char* key) {
  if (!options.is_object()) return nullptr;
  auto it = options.find(key);
  return it == options.end() || it->is_null() ? nullptr : &*it;
}

Result<void> CheckModelOptions(const ModelCall& call, const ClaudeModel& model) {
  const json& o = call.options;
  if (!model.thinking) {
    for (const char* key : {"thinking", "thinking_budget"}) {
      if (Option(o, key)) return UnsupportedOption(key, call);
    }
  }
  if (!model.thinking_effort && Option(o, "thinking_effort")) {
    return UnsupportedOption("thinking_effort", call);
  }
  if (model.adaptive && !StringAt(o, "prefill").empty()) {
    return MakeError(ErrorKind::kConfig, "prefilling the answer is not supported by " +
                                             call.model_name + "; use a system prompt instead");
  }
  if (model.always_thinks && Option(o, "thinking") && !IsTrueAt(o, "thinking")) {
    return MakeError(ErrorKind::kConfig, "thinking cannot be turned off for " + call.model_name);
  }
  if (!call.schema.is_null() && !call.tools.empty()) {
    return MakeError(ErrorKind::kConfig,
                     "--schema and tools cannot be used in the same prompt "
                     "with Anthropic models");
  }
  return Ok();
}

// thinking / output_config.effort as llm-anthropic sets them.
void AddThinking(const ModelCall& call, const ClaudeModel& model, json& body) {
  if (!model.thinking) return;
  const json& o = call.options;
  const json* thinking = Option(o, "thinking");
  const bool effort = model.thinking_effort && Option(o, "thinking_effort");
  if (thinking && thinking->is_boolean() && !thinking->get<bool>()) {
    body["thinking"] = {{"type", "disabled"}};
  } else if (IsTrueAt(o, "thinking") || Option(o, "thinking_budget") || effort) {
    if (model.adaptive || effort) {
      body["thinking"] = {{"type", "adaptive"}};
    } else {
      const int64_t budget = IntAt(o, "thinking_budget").value_or(0);
      body["thinking"] = {{"type", "enabled"},
                          {"budget_tokens", budget > 0 ? budget : kDefaultThinkingTokens}};
    }
  } else if (model.thinks_by_default && call.hide_reasoning) {
    body["thinking"] = {{"type", "adaptive"}};  // so that display can be turned off below
  }
  if (call.hide_reasoning && body.contains("thinking") && body["thinking"]["type"] != "disabled") {
    body["thinking"]["display"] = "omitted";
  }
  if (effort) body["output_config"]["effort"] = StringAt(o, "thinking_effort");
}

void AddSampling(const json& o, json& body) {
  if (const std::string user = StringAt(o, "user_id"); !user.empty()) {
    body["metadata"] = {{"user_id", user}};
  }
  if (const json* top_p = Option(o, "top_p")) {
    body["top_p"] = *top_p;
  } else {
    const json* t = Option(o, "temperature");
    body["temperature"] = t ? *t : json(kDefaultTemperature);
  }
  if (const int64_t top_k = IntAt(o, "top_k").value_or(0); top_k > 0) body["top_k"] = top_k;
  const json* stop = Option(o, "stop_sequences");
  if (stop && stop->is_array() && !stop->empty()) body["stop_sequences"] = *stop;
}

// The API refuses tool_use and tool_result blocks in a request that defines
// no tools, which is what -c without -T after a tool chain would send. The
// names the history used are declared then, with tool_choice "none", so the
// model sees the chain and calls nothing.
void DeclareHistoryTools(const ModelCall& call, json& body) {
  std::set<std::string> names;
  for (const Turn& turn : call.history) {
    for (const ToolCall& c : turn.tool_calls) names.insert(c.name);
  }
  if (names.empty()) return;
  json tools = json::array();
  for (const std::string& name : names) {
    tools.push_back({{"name", name}, {"input_schema", {{"type", "object"}}}});
  }
  body["tools"] = std::move(tools);
  body["tool_choice"] = {{"type", "none"}};
}

void AddTools(const ModelCall& call, json& body) {
  if (call.tools.empty() && call.schema.is_null()) return DeclareHistoryTools(call, body);
  json tools = json::array();
  if (!call.schema.is_null()) {
    tools.push_back({{"name", kSchemaToolName}, {"input_schema", call.schema}});
    body["tool_choice"] = {{"type", "tool"}, {"name", kSchemaToolName}};
  }
  for (const ToolDef& t : call.tools) {
    tools.push_back(
        {{"name", t.name}, {"description", t.description}, {"input_schema", t.input_schema}});
  }
  if (!tools.empty()) body["tools"] = std::move(tools);
}

}  // namespace

Result<json> BuildAnthropicMessages(const ModelCall& call) {
  const ClaudeModel& model = ClaudeModelTraits(call.model_name);
  json messages = json::array();
  const auto add = [&messages](const char* role, json content) {
    if (!content.empty()) messages.push_back({{"role", role}, {"content", std::move(content)}});
  };
  for (const Turn& turn : call.history) {
    auto user = UserContent(turn, model);
    if (!user) return user.error();
    add("user", std::move(*user));
    add("assistant", AssistantContent(turn));
  }
  auto current = UserContent(call.current, model);
  if (!current) return current.error();
  add("user", std::move(*current));
  if (IsTrueAt(call.options, "cache") && !messages.empty()) {
    messages.back()["content"].back()["cache_control"] = {{"type", "ephemeral"}};
  }
  if (const std::string prefill = StringAt(call.options, "prefill"); !prefill.empty()) {
    add("assistant", json::array({{{"type", "text"}, {"text", prefill}}}));
  }
  return messages;
}

Result<AnthropicRequest> BuildAnthropicRequest(const ModelCall& call) {
  const ClaudeModel& model = ClaudeModelTraits(call.model_name);
  if (auto checked = CheckModelOptions(call, model); !checked) return checked.error();
  auto messages = BuildAnthropicMessages(call);
  if (!messages) return messages.error();
  const json& o = call.options;
  AnthropicRequest r;
  json& body = r.body;
  body["model"] = call.model_name;
  body["messages"] = std::move(*messages);
  AddSampling(o, body);
  if (!call.current.system.empty()) body["system"] = call.current.system;
  AddThinking(call, model, body);
  int64_t max_tokens = IntAt(o, "max_tokens").value_or(0);
  if (max_tokens <= 0) max_tokens = model.default_max_tokens;
  if (const int64_t budget = IntAt(o, "thinking_budget").value_or(0);
      model.thinking && !model.adaptive && budget > max_tokens) {
    max_tokens = budget + 1;  // the budget must fit inside max_tokens
  }
  body["max_tokens"] = max_tokens;
  if (body.contains("output_config") && !model.adaptive) r.betas.push_back("effort-2025-11-24");
  if (max_tokens > 64000 && !model.adaptive) r.betas.push_back("output-128k-2025-02-19");
  if (IsTrueAt(o, "fast")) {
    body["speed"] = "fast";
    r.betas.push_back("fast-mode-2026-02-01");
  }
  AddTools(call, body);
  body["stream"] = true;
  return r;
}

std::vector<std::pair<std::string, std::string>> AnthropicHeaders(
    const Endpoint& endpoint, const std::vector<std::string>& betas) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!endpoint.api_key.empty()) headers.emplace_back("x-api-key", endpoint.api_key);
  headers.emplace_back("anthropic-version", std::string(kAnthropicVersion));
  if (!betas.empty()) {
    std::string joined;
    for (const std::string& beta : betas) joined += (joined.empty() ? "" : ",") + beta;
    headers.emplace_back("anthropic-beta", joined);
  }
  return headers;
}

}  // namespace llmbox
