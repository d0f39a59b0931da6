// What the client sends to a model and what comes back, independent of the
// provider (OpenAI Chat, OpenAI Responses, Anthropic Messages). Each provider
// module turns a ModelCall into its own request body and its answer into a
// Completion; provider.h picks the module for a model.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace llmbox {

using TextSink = std::function<void(std::string_view)>;

// Where the request goes and how it is authenticated.
struct Endpoint {
  std::string api_base;  // e.g. https://api.openai.com/v1; the provider appends its path
  std::string api_key;   // empty: no credential header (a gateway adds it)
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string unix_socket;  // connect here instead of the URL's host (llm-gate)
  // Reach api_base through llm-gate's forward proxy (see HttpRequest).
  std::string gate_proxy_socket;
  std::string gate_proxy_token;
  // Ctrl-C: when set, it goes into HttpRequest::cancel (EndpointRequest
  // copies it). A transfer it stops ends as a kCancelled error, or, once text
  // has arrived, as a Completion whose `interrupted` holds that error, as a
  // cut stream does.
  const std::atomic<bool>* cancel = nullptr;
};

// A file, standard input or URL sent with a prompt (-a, --at); see
// attachment_loader.h. A file or stdin always has its bytes in `content`
// (read and size-checked). A URL attachment has `url`, and its downloaded
// bytes in `content` only when the provider said it needs them
// (Provider::sends_url): a provider sends `url` when set and it can, else
// `content`.
struct Attachment {
  std::string mime_type;  // e.g. image/png, application/pdf, audio/wav
  std::string path;       // the file's resolved absolute path (logged, as llm does); else empty
  std::string url;        // http(s) URL; else empty
  std::string content;
};

// A function the model may call (-T/--tool).
struct ToolDef {
  std::string name;
  std::string description;
  nlohmann::json input_schema = nlohmann::json::object();  // JSON schema of the arguments
};

// The model asked for a tool to run.
struct ToolCall {
  std::string id;  // the provider's call id, echoed back with the result
  std::string name;
  nlohmann::json arguments = nlohmann::json::object();
};

// The output of one ToolCall, sent back to the model in the next turn.
struct ToolOutput {
  std::string tool_call_id;
  std::string name;
  std::string output;
};

// One exchange: what was asked and, for earlier turns, what came back.
struct Turn {
  std::string system;
  std::string prompt;
  std::vector<Attachment> attachments;
  std::vector<ToolOutput> tool_results;  // answers to the previous turn's tool_calls
  std::string response;
  std::vector<ToolCall> tool_calls;  // what the model asked for in `response`'s turn
  // The provider's answer as logged (response_json), null when unknown. A
  // provider may replay parts of it: Anthropic needs its signed thinking
  // blocks back in the assistant turn.
  nlohmann::json response_json;
};

struct ModelCall {
  Endpoint endpoint;
  std::string model_name;     // the name sent to the API
  std::vector<Turn> history;  // earlier turns of the conversation, oldest first
  Turn current;               // system, prompt, attachments, tool_results; no response
  nlohmann::json options = nlohmann::json::object();  // from ParseModelOptions
  std::vector<ToolDef> tools;
  nlohmann::json schema;  // null, or the JSON schema the answer must follow (--schema)
  bool stream = true;
  // -R/--hide-reasoning: providers that can leave thinking out of the answer
  // are asked to (Anthropic: thinking.display "omitted").
  bool hide_reasoning = false;
};

struct Usage {
  std::optional<int64_t> input_tokens;
  std::optional<int64_t> output_tokens;
  // null, or the rest of the provider's usage object without zero values and
  // empty objects (llm's token_details).
  nlohmann::json details;
};

struct Completion {
  std::string text;
  nlohmann::json response_json;  // what llm stores in responses.response_json
  Usage usage;
  std::string resolved_model;  // the model the server says answered
  std::vector<ToolCall> tool_calls;
  // Set when the answer broke off after text had started to arrive (a cut
  // connection, a stream with no end marker, a malformed or error event):
  // `text` then holds what arrived.
  std::optional<Error> interrupted;
};

// Where a provider puts what it reads, as it arrives.
struct AnswerSink {
  TextSink on_text;       // answer text
  TextSink on_reasoning;  // thinking/reasoning text shown apart; may be empty
};

}  // namespace llmbox
