// See openai_responses_body.h.
#include "llm/openai_responses_body.h"

#include <openssl/sha.h>

#include <array>
#include <string>

#include "common/base64.h"
#include "llm/json_fields.h"
#include "llm/provider_error.h"

namespace llmbox {
namespace {

using nlohmann::json;

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest.data());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// llm's Attachment.id(): the SHA-256 of the content, or of {"url": ...} for a URL.
std::string AttachmentId(const Attachment& a) {
  if (!a.content.empty()) return Sha256Hex(a.content);
  return Sha256Hex(json{{"url", a.url}}.dump(-1, ' ', true, json::error_handler_t::replace));
}

json UserMessage(const Turn& turn, const std::string& detail, Result<void>& status) {
  if (turn.attachments.empty()) return {{"role", "user"}, {"content", turn.prompt}};
  json content = json::array();
  if (!turn.prompt.empty()) content.push_back({{"type", "input_text"}, {"text", turn.prompt}});
  for (const Attachment& a : turn.attachments) {
    auto part = ResponsesAttachmentPart(a, detail);
    if (!part) {
      status = part.error();
      break;
    }
    content.push_back(std::move(*part));
  }
  return {{"role", "user"}, {"content", std::move(content)}};
}

void AppendToolResults(const Turn& turn, json& items) {
  for (const ToolOutput& r : turn.tool_results) {
    items.push_back(
        {{"type", "function_call_output"}, {"call_id", r.tool_call_id}, {"output", r.output}});
  }
}

void AppendAnswer(const Turn& turn, json& items) {
  if (!turn.response.empty()) items.push_back({{"role", "assistant"}, {"content", turn.response}});
  for (const ToolCall& c : turn.tool_calls) {
    items.push_back(
        {{"type", "function_call"},
         {"call_id", c.id},
         {"name", c.name},
         {"arguments", c.arguments.dump(-1, ' ', false, json::error_handler_t::replace)}});
  }
}

// A turn that only carries tool results has no user message (llm sends none).
bool HasUserMessage(const Turn& turn) {
  return !turn.prompt.empty() || !turn.attachments.empty() || turn.tool_results.empty();
}

json Tools(const std::vector<ToolDef>& tools) {
  json out = json::array();
  for (const ToolDef& t : tools) {
    json tool = {{"type", "function"}, {"name", t.name}, {"parameters", t.input_schema}};
    if (!t.description.empty()) tool["description"] = t.description;
    out.push_back(std::move(tool));
  }
  return out;
}

// Options that are not sent under their own name, or not at all.
bool IsMapped(const std::string& key) {
  for (const char* k : {"json_object", "image_detail", "max_tokens", "reasoning_effort",
                        "reasoning_summary", "verbosity", "store", "chat_completions"}) {
    if (key == k) return true;
  }
  return false;
}

void ApplyOptions(const json& options, json& body) {
  if (!options.is_object()) return;
  for (const auto& [key, value] : options.items()) {
    if (!value.is_null() && !IsMapped(key)) body[key] = value;
  }
  if (auto it = options.find("max_tokens"); it != options.end() && it->is_number_integer()) {
    body["max_output_tokens"] = *it;
  }
  json reasoning = json::object();
  if (auto effort = StringAt(options, "reasoning_effort"); !effort.empty()) {
    reasoning["effort"] = effort;
  }
  if (auto summary = StringAt(options, "reasoning_summary"); !summary.empty()) {
    reasoning["summary"] = summary;
  }
  if (!reasoning.empty()) body["reasoning"] = std::move(reasoning);
  if (auto verbosity = StringAt(options, "verbosity"); !verbosity.empty()) {
    body["text"]["verbosity"] = verbosity;
  }
  if (IsTrueAt(options, "json_object")) {
    body["text"]["format"] = {{"type", "json_object"}};
  }
  if (auto it = options.find("store"); it != options.end() && it->is_boolean()) {
    body["store"] = *it;
  }
}

}  // namespace

Result<json> ResponsesAttachmentPart(const Attachment& a, const std::string& detail) {
  if (a.content.empty() && a.url.empty()) {
    return MakeError(ErrorKind::kUsage, "attachment " + OnePrintableLine(a.path, 80) + " is empty");
  }
  if (a.mime_type == "application/pdf") {
    json part = {{"type", "input_file"}};
    if (a.content.empty()) {
      part["file_url"] = a.url;  // the API fetches it; the client does not download
    } else {
      part["filename"] = AttachmentId(a) + ".pdf";
      part["file_data"] = "data:application/pdf;base64," + Base64Encode(a.content);
    }
    return part;
  }
  if (a.mime_type.rfind("image/", 0) == 0) {
    const std::string url =
        a.content.empty() ? a.url : "data:" + a.mime_type + ";base64," + Base64Encode(a.content);
    json part = {{"type", "input_image"}, {"image_url", url}};
    if (!detail.empty()) part["detail"] = detail;
    return part;
  }
  return MakeError(ErrorKind::kUsage,
                   "OpenAI Responses models take images and PDFs, not " +
                       OnePrintableLine(a.mime_type.empty() ? "this file" : a.mime_type, 60) +
                       " attachments; try another model");
}

Result<ResponsesInput> BuildResponsesInput(const ModelCall& call) {
  ResponsesInput input;
  const std::string detail = StringAt(call.options, "image_detail");
  Result<void> status;
  const auto add_turn = [&](const Turn& turn, bool answered) {
    if (!turn.system.empty()) input.instructions = turn.system;
    AppendToolResults(turn, input.items);
    if (HasUserMessage(turn)) input.items.push_back(UserMessage(turn, detail, status));
    if (answered) AppendAnswer(turn, input.items);
  };
  for (const Turn& turn : call.history) add_turn(turn, true);
  add_turn(call.current, false);
  if (!status) return status.error();
  return input;
}

Result<json> BuildResponsesBody(const ModelCall& call) {
  auto input = BuildResponsesInput(call);
  if (!input) return input.error();
  json body = json::object();
  ApplyOptions(call.options, body);
  if (!call.schema.is_null()) {
    body["text"]["format"] = {
        {"type", "json_schema"}, {"name", "output"}, {"schema", call.schema}, {"strict", false}};
  }
  if (!call.tools.empty()) body["tools"] = Tools(call.tools);
  if (!input->instructions.is_null()) body["instructions"] = input->instructions;
  if (!body.contains("store")) body["store"] = false;
  body["include"] = json::array({"reasoning.encrypted_content"});
  body["model"] = call.model_name;
  body["input"] = std::move(input->items);
  body["stream"] = call.stream;
  return body;
}

}  // namespace llmbox
