// See openai_chat.h for what this guards against.
#include "llm/openai_chat.h"

#include "llm/conversation.h"
#include "llm/event_stream_call.h"
#include "llm/http_client.h"
#include "llm/logs_format.h"
#include "llm/openai_chat_attachments.h"
#include "llm/sse_parser.h"

namespace llmbox {
namespace {

using nlohmann::json;

constexpr std::string_view kProvider = "OpenAI";

std::string ChatUrl(std::string_view base) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  return std::string(base) + "/chat/completions";
}

HttpRequest BuildRequest(const ChatCall& call) {
  HttpRequest request;
  request.url = ChatUrl(call.api_base);
  request.unix_socket = call.unix_socket;
  request.gate_proxy_socket = call.gate_proxy_socket;
  request.gate_proxy_token = call.gate_proxy_token;
  request.cancel = call.cancel;
  request.headers.emplace_back("Content-Type", "application/json");
  request.headers.emplace_back("Accept", "application/json");
  if (!call.api_key.empty())
    request.headers.emplace_back("Authorization", "Bearer " + call.api_key);
  for (const auto& header : call.headers) request.headers.push_back(header);
  nlohmann::json body =
      BuildChatBody(call.model_name, call.messages, call.options, call.stream, call.tools);
  if (!call.schema.is_null()) {
    body["response_format"] = {{"type", "json_schema"},
                               {"json_schema", {{"name", "output"}, {"schema", call.schema}}}};
  }
  request.body = DumpJson(body);
  return request;
}

std::vector<std::string> Secrets(const ChatCall& call) {
  if (call.api_key.empty()) return {};
  return {call.api_key};
}

Completion FromStream(const ChatStreamAccumulator& answer, std::optional<Error> interrupted) {
  Completion completion;
  completion.text = answer.text();
  completion.response_json = answer.ResponseJson();
  completion.usage = answer.usage();
  completion.resolved_model = answer.ResolvedModel();
  completion.tool_calls = answer.ToolCalls();
  completion.interrupted = std::move(interrupted);
  return completion;
}

Result<Completion> FromParsed(Result<ParsedChat> parsed, const TextSink& on_text,
                              const std::vector<std::string>& secrets) {
  if (!parsed.ok()) return RedactedError(parsed.error(), secrets);
  Completion completion;
  completion.text = std::move(parsed->text);
  completion.response_json = std::move(parsed->response_json);
  completion.usage = std::move(parsed->usage);
  completion.resolved_model = std::move(parsed->resolved_model);
  completion.tool_calls = std::move(parsed->tool_calls);
  if (!completion.text.empty()) on_text(completion.text);
  return completion;
}

Result<Completion> StreamChat(const ChatCall& call, const TextSink& on_text) {
  const std::vector<std::string> secrets = Secrets(call);
  ChatStreamAccumulator answer;
  EventStreamReader reader;
  reader.on_event = [&](const SseEvent& event, const TextSink& text) {
    return answer.OnEvent(event, text);
  };
  reader.stopped = [&] { return answer.done(); };
  // [DONE] is the stream's end marker, but some servers omit it (or drop the
  // connection right after it); a finish_reason says the model itself stopped.
  reader.whole = [&] { return answer.done() || answer.finished(); };
  reader.events = [&] { return answer.chunks(); };
  reader.has_text = [&] { return !answer.text().empty(); };
  reader.completion = [&](std::optional<Error> interrupted) {
    return FromStream(answer, std::move(interrupted));
  };
  reader.parse_whole = [&](std::string_view reply) {
    return FromParsed(ParseChatResponse(reply), on_text, secrets);
  };
  return RunEventStream(BuildRequest(call), reader, on_text, secrets, kProvider);
}

Result<Completion> WholeChat(const ChatCall& call, const TextSink& on_text) {
  const std::vector<std::string> secrets = Secrets(call);
  auto reply = FetchWholeReply(BuildRequest(call), secrets, kProvider);
  if (!reply.ok()) return reply.error();
  return FromParsed(ParseChatResponse(*reply), on_text, secrets);
}

}  // namespace

json ChatMessageJson(const ChatMessage& message) {
  if (!message.tool_calls.empty()) {
    json calls = json::array();
    for (const ToolCall& call : message.tool_calls) {
      // llm sends json.dumps(arguments): Python's separators.
      calls.push_back(
          {{"type", "function"},
           {"id", call.id},
           {"function", {{"name", call.name}, {"arguments", PythonJsonDumps(call.arguments)}}}});
    }
    return {{"role", message.role}, {"tool_calls", std::move(calls)}};
  }
  if (message.role == "tool") {
    return {{"role", "tool"}, {"tool_call_id", message.tool_call_id}, {"content", message.content}};
  }
  if (message.attachments != nullptr && !message.attachments->empty()) {
    return {{"role", message.role},
            {"content", ChatUserContent(message.content, *message.attachments)}};
  }
  return {{"role", message.role}, {"content", message.content}};
}

json BuildChatBody(const std::string& model_name, const std::vector<ChatMessage>& messages,
                   const json& options, bool stream, const std::vector<ToolDef>& tools) {
  json body = json::object();
  if (options.is_object()) {
    for (const auto& [key, value] : options.items()) {
      if (value.is_null()) continue;
      if (key == "json_object") {
        if (value == true) body["response_format"] = {{"type", "json_object"}};
        continue;
      }
      body[key] = value;
    }
  }
  json list = json::array();
  for (const ChatMessage& message : messages) list.push_back(ChatMessageJson(message));
  if (!tools.empty()) {
    json defs = json::array();
    for (const ToolDef& tool : tools) {
      json function = {{"name", tool.name}, {"parameters", tool.input_schema}};
      if (!tool.description.empty()) function["description"] = tool.description;
      defs.push_back({{"type", "function"}, {"function", std::move(function)}});
    }
    body["tools"] = std::move(defs);
  }
  // Set last so that no option can replace them.
  body["model"] = model_name;
  body["messages"] = std::move(list);
  body["stream"] = stream;
  if (stream) body["stream_options"] = {{"include_usage", true}};
  return body;
}

std::string DumpJson(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Completion> CompleteChat(const ChatCall& call,
                                const std::function<void(std::string_view)>& on_text) {
  return call.stream ? StreamChat(call, on_text) : WholeChat(call, on_text);
}

namespace {

ChatCall ToChatCall(const ModelCall& call) {
  ChatCall chat;
  chat.api_base = call.endpoint.api_base;
  chat.api_key = call.endpoint.api_key;
  chat.headers = call.endpoint.headers;
  chat.unix_socket = call.endpoint.unix_socket;
  chat.gate_proxy_socket = call.endpoint.gate_proxy_socket;
  chat.gate_proxy_token = call.endpoint.gate_proxy_token;
  chat.model_name = call.model_name;
  chat.messages = BuildMessages(call.history, call.current);
  chat.tools = call.tools;
  chat.options = call.options;
  chat.stream = call.stream;
  chat.schema = call.schema;
  chat.cancel = call.endpoint.cancel;
  return chat;
}

}  // namespace

Result<Completion> CompleteOpenAiChat(const ModelCall& call, const AnswerSink& sink) {
  return CompleteChat(ToChatCall(call), sink.on_text);
}

json OpenAiChatPromptJson(const ModelCall& call) {
  json messages = json::array();
  for (const ChatMessage& m : BuildMessages(call.history, call.current)) {
    messages.push_back(ChatMessageJson(m));
  }
  RedactInlineAttachments(messages);
  return {{"messages", std::move(messages)}};
}

}  // namespace llmbox
