// The OpenAI Chat Completions provider: builds the request `llm` would send,
// POSTs it to <api_base>/chat/completions and reads the answer, streamed or
// not. Also serves OpenAI-compatible servers (extra-openai-models.yaml) and
// the llm-gate sidecar, reached over a Unix socket with no key.
//
// What it guards against: a key in any message (errors are redacted, the key
// only ever goes into the Authorization header); mistaking a broken answer for
// a complete one (see Completion::interrupted); untrusted server bytes (see
// openai_chat_stream.h); invalid UTF-8 in prompts or answers making JSON
// serialisation throw (dumps use the "replace" error handler).
// API reference: https://platform.openai.com/docs/api-reference/chat/create
#pragma once

#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "llm/model_call.h"
#include "llm/openai_chat_options.h"
#include "llm/openai_chat_stream.h"
#include "llm/provider_error.h"

namespace llmbox {

struct ChatMessage {
  std::string role;  // "system", "user", "assistant" or "tool"
  std::string content;
  std::vector<ToolCall> tool_calls = {};  // assistant: the calls it made (sent without content)
  std::string tool_call_id = {};          // tool: the call this result answers
  // A user turn's -a attachments, sent as content parts after the text
  // (openai_chat_attachments.h). Points into the ModelCall's turns.
  const std::vector<Attachment>* attachments = nullptr;
};

// One message as the API takes it: {"role", "content"}; an assistant's tool
// calls as {"role": "assistant", "tool_calls": [{"type": "function", "id",
// "function": {"name", "arguments"}}]}; a tool result as {"role": "tool",
// "tool_call_id", "content"}.
nlohmann::json ChatMessageJson(const ChatMessage& message);

// The request body, as llm sends it: {"model", "messages", "stream", ...options};
// streaming adds "stream_options": {"include_usage": true}; the json_object
// option becomes "response_format": {"type": "json_object"}; tools become
// "tools": [{"type": "function", "function": {"name", "description", "parameters"}}].
nlohmann::json BuildChatBody(const std::string& model_name,
                             const std::vector<ChatMessage>& messages,
                             const nlohmann::json& options, bool stream,
                             const std::vector<ToolDef>& tools = {});

// One message of the "messages" array.
nlohmann::json ChatMessageJson(const ChatMessage& message);

// JSON text that never throws: invalid UTF-8 in strings becomes U+FFFD.
std::string DumpJson(const nlohmann::json& value);

struct ChatCall {
  std::string api_base;  // e.g. https://api.openai.com/v1
  std::string api_key;   // empty: no Authorization header (a gateway adds it)
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string unix_socket;
  std::string gate_proxy_socket;  // see HttpRequest
  std::string gate_proxy_token;
  std::string model_name;
  std::vector<ChatMessage> messages;
  std::vector<ToolDef> tools;
  nlohmann::json options;  // from ParseChatOptions
  bool stream = true;
  // --schema: sent as response_format {"type": "json_schema", "json_schema":
  // {"name": "output", "schema": ...}}, as llm does; null: none.
  nlohmann::json schema;
  const std::atomic<bool>* cancel = nullptr;  // see Endpoint::cancel
};

// Sends the call; answer text goes to `on_text` as it arrives (all at once
// when not streaming). Errors: kNetwork (no answer), kProvider (an error
// status or error object before any text), kParse (an unreadable answer),
// kCancelled (call.cancel stopped it before any text).
Result<Completion> CompleteChat(const ChatCall& call,
                                const std::function<void(std::string_view)>& on_text);

// The provider entry point (see provider.h): the conversation in `call`
// becomes Chat Completions messages (BuildMessages), then CompleteChat.
Result<Completion> CompleteOpenAiChat(const ModelCall& call, const AnswerSink& sink);

// The prompt_json llm logs for a Chat Completions call: {"messages": [...]}.
nlohmann::json OpenAiChatPromptJson(const ModelCall& call);

}  // namespace llmbox
