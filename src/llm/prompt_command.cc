#include "llm/prompt_command.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "common/redact.h"
#include "llm/conversation.h"
#include "llm/key_store.h"
#include "llm/log_store.h"
#include "llm/logs_command.h"
#include "llm/model_registry.h"
#include "llm/openai_chat.h"
#include "llm/openai_chat_options.h"
#include "llm/config_paths.h"
#include "llm/prompt_input.h"
#include "llm/ulid.h"

namespace llmbox {
namespace {

constexpr const char* kDefaultOpenAiBase = "https://api.openai.com/v1";

struct PromptArgs {
  std::optional<std::string> prompt;
  std::string model;
  std::string system;
  std::vector<std::pair<std::string, std::string>> options;
  std::string conversation_id;
  std::string key;
  bool no_stream = false;
  bool no_log = false;
  bool log = false;
  bool continue_last = false;
  bool usage = false;
  bool json = false;
};

// What the prompt needs from earlier turns: their exchanges and model.
struct Continuation {
  std::string conversation_id;
  std::string model_id;
  std::vector<Exchange> history;
};

std::string FormatUsage(const Usage& usage) {
  std::string out = std::to_string(usage.input_tokens.value_or(0)) + " input, " +
                    std::to_string(usage.output_tokens.value_or(0)) + " output";
  if (usage.details.is_object() && !usage.details.empty()) {
    out += ", " + usage.details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return out;
}

Result<Continuation> LoadContinuation(LogStore& store, const PromptArgs& args) {
  Continuation c;
  if (!args.conversation_id.empty()) {
    c.conversation_id = args.conversation_id;
  } else {
    auto latest = store.LatestConversationId();
    if (!latest) return latest.error();
    if (!latest->has_value()) return c;  // nothing to continue: start a new conversation
    c.conversation_id = **latest;
  }
  auto records = store.ConversationHistory(c.conversation_id);
  if (!records) return records.error();
  if (records->empty()) {
    return MakeError(ErrorKind::kConfig, "no conversation found with id " + c.conversation_id);
  }
  for (const LogRecord& r : *records) c.history.push_back({r.system, r.prompt, r.response});
  c.model_id = records->back().model;
  return c;
}

Result<ModelInfo> PickModel(const ModelRegistry& registry, const PromptArgs& args,
                            const Continuation& cont, const EnvGetter& env) {
  if (!args.model.empty()) return registry.Resolve(args.model);
  if (!cont.model_id.empty()) return registry.Resolve(cont.model_id);
  if (auto from_env = env("LLM_MODEL"); from_env && !from_env->empty()) {
    return registry.Resolve(*from_env);
  }
  auto id = registry.DefaultModelId();
  if (!id) return id.error();
  return registry.Resolve(*id);
}

Result<std::string> PickKey(const Context& ctx, const ModelInfo& model, const PromptArgs& args) {
  if (model.key_name.empty()) return args.key;  // a local server that needs no key
  KeyStore keys(ctx.user_dir, ctx.env);
  return keys.ResolveKey({args.key, model.key_name, model.key_env, true});
}

// With LLM_GATEWAY set, provider traffic goes to llm-gate, which holds the
// keys: over its Unix socket (a path) or to its URL. The client then needs no
// key, only the stack's caller token.
struct Gateway {
  std::string unix_socket;
  std::string base;  // e.g. http://llm-gate
  std::string token;
};

Result<std::optional<Gateway>> FindGateway(const EnvGetter& env) {
  auto where = env("LLM_GATEWAY");
  if (!where || where->empty()) return std::optional<Gateway>();
  Gateway g;
  if (where->rfind("http://", 0) == 0 || where->rfind("https://", 0) == 0) {
    g.base = *where;
    while (!g.base.empty() && g.base.back() == '/') g.base.pop_back();
  } else {
    g.unix_socket = where->rfind("unix:", 0) == 0 ? where->substr(5) : *where;
    g.base = "http://llm-gate";
  }
  if (auto token = env("LLM_GATEWAY_TOKEN"); token && !token->empty()) {
    g.token = *token;
  } else if (auto file = env("LLM_GATEWAY_TOKEN_FILE"); file && !file->empty()) {
    auto read = ReadFile(*file);
    if (!read) {
      return MakeError(ErrorKind::kConfig, "cannot read LLM_GATEWAY_TOKEN_FILE " + *file);
    }
    g.token = *read;
    while (!g.token.empty() && (g.token.back() == '\n' || g.token.back() == '\r')) g.token.pop_back();
  }
  return std::optional<Gateway>(std::move(g));
}

std::string ApiBase(const ModelInfo& model, const EnvGetter& env) {
  if (!model.api_base.empty()) return model.api_base;
  if (auto base = env("OPENAI_BASE_URL"); base && !base->empty()) return *base;
  return kDefaultOpenAiBase;
}

LogRecord MakeRecord(const ModelInfo& model, const ChatCall& call, const std::string& prompt,
                     const std::string& system, const Completion& done, int64_t duration_ms,
                     const std::string& started_utc) {
  LogRecord r;
  r.id = NewUlid();
  r.model = model.model_id;
  r.resolved_model = done.resolved_model != model.model_name ? done.resolved_model : "";
  r.prompt = prompt;
  r.system = system;
  nlohmann::json messages = nlohmann::json::array();
  for (const ChatMessage& m : call.messages) messages.push_back({{"role", m.role}, {"content", m.content}});
  r.prompt_json = {{"messages", messages}};
  r.options_json = call.options.is_null() ? nlohmann::json::object() : call.options;
  r.response = done.text;
  r.response_json = done.response_json.is_null() ? nlohmann::json::object() : done.response_json;
  if (done.interrupted) {
    r.response_json["llmbox_incomplete"] = true;
    r.response_json["llmbox_error"] = done.interrupted->message;
  }
  r.duration_ms = duration_ms;
  r.datetime_utc = started_utc;
  r.input_tokens = done.usage.input_tokens;
  r.output_tokens = done.usage.output_tokens;
  r.token_details = done.usage.details;
  return r;
}

void PrintJson(std::ostream& out, const LogRecord& r) {
  nlohmann::json j = {{"id", r.id},           {"model", r.model},
                      {"prompt", r.prompt},   {"system", r.system.empty() ? nlohmann::json() : nlohmann::json(r.system)},
                      {"response", r.response}, {"conversation_id", r.conversation_id},
                      {"input_tokens", r.input_tokens ? nlohmann::json(*r.input_tokens) : nlohmann::json()},
                      {"output_tokens", r.output_tokens ? nlohmann::json(*r.output_tokens) : nlohmann::json()},
                      {"duration_ms", r.duration_ms}, {"datetime_utc", r.datetime_utc}};
  out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

Result<void> RunPrompt(Context& ctx, const PromptArgs& args) {
  if (args.log && args.no_log) {
    return MakeError(ErrorKind::kConfig, "--log and --no-log are mutually exclusive");
  }
  auto prompt = AssemblePrompt(args.prompt, *ctx.in, ctx.stdin_is_tty);
  if (!prompt) return prompt.error();

  auto registry = ModelRegistry::Load(ctx.user_dir, ctx.env);
  if (!registry) return registry.error();

  const std::string db_path = LogsDbPath(ctx.user_dir);
  const bool want_log = !args.no_log && (args.log || LoggingEnabled(ctx.user_dir));
  const bool continuing = args.continue_last || !args.conversation_id.empty();
  std::optional<LogStore> store;
  Continuation cont;
  if (continuing) {
    auto opened = LogStore::Open(db_path);
    if (!opened) return opened.error();
    store.emplace(std::move(*opened));
    auto loaded = LoadContinuation(*store, args);
    if (!loaded) return loaded.error();
    cont = std::move(*loaded);
  }

  auto model = PickModel(*registry, args, cont, ctx.env);
  if (!model) return model.error();
  // llm reports invalid model options as a plain error (status 1), not a usage error.
  auto options = ParseChatOptions(args.options);
  if (!options) return MakeError(ErrorKind::kConfig, options.error().message);
  auto gateway = FindGateway(ctx.env);
  if (!gateway) return gateway.error();
  ChatCall call;
  call.headers = model->headers;
  if (*gateway && model->api_base.empty()) {
    const Gateway& g = **gateway;
    call.api_base = g.base + "/openai/v1";
    call.unix_socket = g.unix_socket;
    if (!g.token.empty()) call.headers.emplace_back("X-Llmbox-Token", g.token);
  } else {
    auto key = PickKey(ctx, *model, args);
    if (!key) return key.error();
    call.api_base = ApiBase(*model, ctx.env);
    call.api_key = *key;
  }
  std::vector<std::string> secrets = {call.api_key};
  if (*gateway) secrets.push_back((*gateway)->token);
  call.model_name = model->model_name;
  call.messages = BuildMessages(cont.history, args.system, *prompt);
  call.options = *options;
  call.stream = !args.no_stream && !args.json && model->can_stream;

  std::ostream& out = *ctx.out;
  const bool print_live = call.stream;
  const std::string started_utc = LlmUtcTimestamp(std::chrono::system_clock::now());
  auto t0 = std::chrono::steady_clock::now();
  auto done = CompleteChat(call, [&](std::string_view text) {
    if (print_live) out.write(text.data(), static_cast<std::streamsize>(text.size())).flush();
  });
  auto duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - t0)
                         .count();
  if (!done) return MakeError(done.error().kind, Redact(done.error().message, secrets));

  LogRecord record = MakeRecord(*model, call, *prompt, args.system, *done, duration_ms, started_utc);
  record.conversation_id = cont.conversation_id.empty() ? NewUlid() : cont.conversation_id;
  record.conversation_model = model->model_id;

  if (args.json) {
    PrintJson(out, record);
  } else {
    if (!print_live) out << done->text;
    out << "\n" << std::flush;
  }
  if (args.usage) *ctx.err << "Token usage: " << FormatUsage(done->usage) << "\n";

  Result<void> logged;
  if (want_log) {
    if (!store) {
      auto opened = LogStore::Open(db_path);
      if (opened) store.emplace(std::move(*opened));
      else logged = opened.error();
    }
    if (store) logged = store->Insert(record);
  }
  if (done->interrupted) {
    return MakeError(done->interrupted->kind,
                     Redact(done->interrupted->message, secrets) + " (partial answer " +
                         (want_log && logged ? "logged as incomplete" : "not logged") + ")");
  }
  if (!logged) {
    return MakeError(logged.error().kind,
                     "the answer was not logged: " + Redact(logged.error().message, secrets));
  }
  return Ok();
}

}  // namespace

void AddPromptCommand(CLI::App& app, Context& ctx, Runner& run) {
  auto args = std::make_shared<PromptArgs>();
  CLI::App* cmd = app.add_subcommand("prompt", "Execute a prompt (the default command)");
  cmd->add_option("prompt", args->prompt, "The prompt; piped standard input comes before it");
  cmd->add_option("-m,--model", args->model, "Model to use (id or alias)");
  cmd->add_option("-s,--system", args->system, "System prompt to use");
  cmd->add_option("-o,--option", args->options, "KEY VALUE option for the model (repeatable)")
      ->type_size(2)
      ->allow_extra_args(false);
  cmd->add_flag("--no-stream", args->no_stream, "Do not stream output");
  cmd->add_flag("-n,--no-log", args->no_log, "Don't log to the database");
  cmd->add_flag("--log", args->log, "Log prompt and response even when logging is off");
  cmd->add_flag("-c,--continue", args->continue_last, "Continue the most recent conversation");
  cmd->add_option("--cid,--conversation", args->conversation_id,
                   "Continue the conversation with the given ID");
  cmd->add_option("--key", args->key, "API key to use, or the name of a stored key");
  cmd->add_flag("-u,--usage", args->usage, "Show token usage on stderr");
  cmd->add_flag("--json", args->json, "Print the response and its metadata as JSON");
  cmd->callback([&ctx, &run, args] { run = [&ctx, args] { return RunPrompt(ctx, *args); }; });
}

}  // namespace llmbox
