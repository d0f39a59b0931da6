#include "llm/prompt_session.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <tuple>
#include <nlohmann/json.hpp>
#include <ostream>

#include "common/redact.h"
#include "llm/config_paths.h"
#include "llm/fenced_code.h"
#include "llm/gateway_env.h"
#include "llm/key_store.h"
#include "llm/logs_command.h"
#include "llm/model_options_store.h"
#include "llm/model_registry.h"
#include "llm/schema_input.h"
#include "llm/session_record.h"
#include "llm/tool_history.h"
#include "llm/ulid.h"

namespace llmbox {
namespace {

Result<ModelInfo> PickModel(const ModelRegistry& registry, const SessionOptions& opts,
                            const std::string& continued_model, const EnvGetter& env) {
  if (!opts.model.empty()) return registry.Resolve(opts.model);
  if (!continued_model.empty()) return registry.Resolve(continued_model);
  if (auto from_env = env("LLM_MODEL"); from_env && !from_env->empty()) {
    return registry.Resolve(*from_env);
  }
  auto id = registry.DefaultModelId();
  if (!id) return id.error();
  return registry.Resolve(*id);
}

Result<std::string> PickKey(const Context& ctx, const ModelInfo& model, const SessionOptions& opts) {
  if (model.key_name.empty()) return opts.key;  // a local server that needs no key
  KeyStore keys(ctx.user_dir, ctx.env);
  return keys.ResolveKey({opts.key, model.key_name, model.key_env, true});
}

std::string ApiBase(const ModelInfo& model, const Provider& provider, const EnvGetter& env) {
  if (!model.api_base.empty()) return model.api_base;
  if (auto base = env(provider.base_url_env); base && !base->empty()) return *base;
  return std::string(provider.default_api_base);
}

std::string FormatUsage(const Usage& usage) {
  std::string out = std::to_string(usage.input_tokens.value_or(0)) + " input, " +
                    std::to_string(usage.output_tokens.value_or(0)) + " output";
  if (usage.details.is_object() && !usage.details.empty()) {
    out += ", " + usage.details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return out;
}

// Thinking text goes to stderr as it arrives, apart from the answer on stdout;
// faint (SGR 2) when stderr is a terminal. Control characters other than
// line breaks and tabs become spaces, so the model's text cannot end the faint
// style or send other escape sequences to the terminal.
// `open` is set while the last thing shown was thinking without its line end.
TextSink ReasoningPrinter(Context& ctx, bool& open) {
  return [&ctx, &open](std::string_view text) {
    if (text.empty()) return;
    open = text.back() != '\n';
    std::string shown(text);
    for (char& c : shown) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F) c = ' ';
    }
    std::ostream& err = *ctx.err;
    if (ctx.stderr_is_tty) {
      err << "\x1b[2m" << shown << "\x1b[0m";
    } else {
      err << shown;
    }
    err.flush();
  };
}

}  // namespace

Result<PromptSession> PromptSession::Start(Context& ctx, const SessionOptions& options) {
  if (options.log && options.no_log) {
    return MakeError(ErrorKind::kConfig, "--log and --no-log are mutually exclusive");
  }
  PromptSession s(ctx, options);
  auto registry = ModelRegistry::Load(ctx.user_dir, ctx.env);
  if (!registry) return registry.error();
  auto gateway = FindGateway(ctx.env);
  if (!gateway) return gateway.error();
  // Attachment URLs are fetched by the client itself: through the gate's
  // forward proxy whenever the gate's socket is the way out.
  s.fetch_proxy_ = ForwardProxyOf(*gateway);

  s.db_path_ = LogsDbPath(ctx.user_dir);
  s.want_log_ = !options.no_log && (options.log || LoggingEnabled(ctx.user_dir));
  std::string continued_model;
  if (options.continue_last || !options.conversation_id.empty()) {
    auto opened = LogStore::Open(s.db_path_);
    if (!opened) return opened.error();
    s.store_.emplace(std::move(*opened));
    s.conversation_id_ = options.conversation_id;
    if (s.conversation_id_.empty()) {
      auto latest = s.store_->LatestConversationId();
      if (!latest) return latest.error();
      if (latest->has_value()) s.conversation_id_ = **latest;  // else: start a new one
    }
    if (!s.conversation_id_.empty()) {
      auto records = s.store_->ConversationHistory(s.conversation_id_);
      if (!records) return records.error();
      if (records->empty()) {
        return MakeError(ErrorKind::kConfig, "no conversation found with id " + s.conversation_id_);
      }
      std::optional<AttachmentLoader> reloader;
      for (LogRecord& r : *records) {
        Turn t;
        t.system = SentSystem(r.system_fragments, r.system);  // llm sends fragments again
        t.prompt = SentPrompt(r.prompt_fragments, r.prompt);
        t.response = r.response;
        t.response_json = std::move(r.response_json);
        t.tool_calls = std::move(r.tool_calls);  // a chain goes back as it was sent
        for (LoggedToolResult& logged : r.tool_results) {
          t.tool_results.push_back(std::move(logged.result));
        }
        for (Attachment& logged : r.attachments) {  // llm sends them again
          if (!reloader) {
            auto made = s.MakeAttachmentLoader();
            if (!made) return made.error();
            reloader.emplace(std::move(*made));
          }
          auto a = reloader->Reload(std::move(logged));
          if (!a) return a.error();
          t.attachments.push_back(std::move(*a));
        }
        s.history_.push_back(std::move(t));
      }
      PairToolTurns(s.history_);
      continued_model = records->back().model;
    }
  }

  auto model = PickModel(*registry, options, continued_model, ctx.env);
  if (!model) return model.error();
  s.model_ = std::move(*model);
  auto provider = FindProvider(s.model_.provider);
  if (!provider) return provider.error();
  s.provider_ = *provider;
  // Defaults from `llm models options set` apply under -o.
  auto defaults = ModelOptionsStore(ctx.user_dir).For(s.model_.model_id);
  if (!defaults) return defaults.error();
  // llm reports invalid model options as a plain error (status 1), not a usage error.
  auto parsed = s.provider_->parse_options(MergeDefaultOptions(*defaults, options.options));
  if (!parsed) return MakeError(ErrorKind::kConfig, parsed.error().message);
  if (!options.tools.tools.empty()) {
    auto loop = ToolLoop::Create(ctx, options.tools);
    if (!loop) return loop.error();
    s.tools_.emplace(std::move(*loop));
  }

  Endpoint& endpoint = s.base_.endpoint;
  endpoint.headers = s.model_.headers;
  if (*gateway && s.model_.api_base.empty()) {
    const Gateway& g = **gateway;
    endpoint.api_base = g.base + std::string(s.provider_->gateway_route);
    endpoint.unix_socket = g.unix_socket;
    if (!g.token.empty()) endpoint.headers.emplace_back("X-Llmbox-Token", g.token);
    s.secrets_.push_back(g.token);
  } else {
    auto key = PickKey(ctx, s.model_, options);
    if (!key) return key.error();
    endpoint.api_base = ApiBase(s.model_, *s.provider_, ctx.env);
    endpoint.api_key = *key;
    s.secrets_.push_back(*key);
    // A model with its own api_base, in a client whose only way out is the
    // gate's socket: through the gate's forward proxy (its allowlist decides).
    const GateProxy proxy = ForwardProxyOf(*gateway);
    if (!proxy.socket.empty()) {
      endpoint.gate_proxy_socket = proxy.socket;
      endpoint.gate_proxy_token = proxy.token;
      s.secrets_.push_back(proxy.token);
    }
  }
  s.base_.model_name = s.model_.model_name;
  s.base_.options = std::move(*parsed);
  s.base_.endpoint.cancel = options.cancel;
  s.base_.stream = !options.no_stream && !options.json && !options.extract &&
                   !options.extract_last && s.model_.can_stream;
  s.base_.hide_reasoning = options.hide_reasoning;
  if (auto schema = s.LoadSchema(); !schema) return schema.error();
  return s;
}

Result<void> PromptSession::LoadSchema() {
  const bool multi = !opts_.schema_multi.empty();
  const std::string& input = multi ? opts_.schema_multi : opts_.schema;
  if (input.empty()) return Ok();
  const StoredSchemaLookup lookup =
      [this](const std::string& id) -> Result<std::optional<std::string>> {
    if (!store_ && ::access(db_path_.c_str(), F_OK) != 0) {
      return std::optional<std::string>();  // no log yet
    }
    if (!store_) {
      auto opened = LogStore::Open(db_path_);
      if (!opened) return opened.error();
      store_.emplace(std::move(*opened));
    }
    return store_->SchemaContent(id);
  };
  auto schema = ResolveSchemaInput(input, lookup);
  if (!schema) return schema.error();
  if (multi) *schema = MultiSchema(*schema);
  std::tie(schema_id_, schema_json_) = MakeSchemaId(*schema);
  base_.schema = nlohmann::json(*schema);
  return Ok();
}

Result<void> PromptSession::Log(LogRecord record) {
  if (!store_) {
    auto opened = LogStore::Open(db_path_);
    if (!opened) return opened.error();
    store_.emplace(std::move(*opened));
  }
  return store_->Insert(std::move(record));
}

Result<AttachmentLoader> PromptSession::MakeAttachmentLoader() {
  if (!attachment_policy_) {
    auto policy = AttachmentPolicy::FromEnv(ctx_->env);
    if (!policy) return policy.error();
    attachment_policy_ = std::move(*policy);
  }
  return AttachmentLoader(*attachment_policy_, *ctx_->in, HttpUrlFetcher(fetch_proxy_));
}

Result<void> PromptSession::PrepareAttachments(ModelCall& call) {
  const std::vector<std::string>& accepted = model_.attachment_types;
  for (const Attachment& a : call.current.attachments) {
    if (accepted.empty()) return MakeError(ErrorKind::kConfig, "This model does not support attachments");
    if (std::find(accepted.begin(), accepted.end(), a.mime_type) == accepted.end()) {
      std::string only;
      for (const std::string& t : accepted) only += (only.empty() ? "" : ", ") + t;
      return MakeError(ErrorKind::kConfig, "This model does not support attachments of type '" +
                                               a.mime_type + "', only " + only);
    }
  }
  const bool any = !call.current.attachments.empty() ||
                   std::any_of(call.history.begin(), call.history.end(),
                               [](const Turn& t) { return !t.attachments.empty(); });
  if (!any) return Ok();
  auto made = MakeAttachmentLoader();
  if (!made) return made.error();
  AttachmentLoader& loader = *made;
  for (const Attachment& a : call.current.attachments) {
    if (auto counted = loader.Count(a.path.empty() ? a.url : a.path, a.content.size()); !counted) {
      return counted;
    }
  }
  const auto download = [&](std::vector<Attachment>& list) -> Result<void> {
    for (Attachment& a : list) {
      if (a.url.empty() || (provider_->sends_url && provider_->sends_url(a.mime_type))) continue;
      if (auto got = loader.Download(a); !got) return got;
    }
    return Ok();
  };
  for (Turn& turn : call.history) {
    if (auto got = download(turn.attachments); !got) return got;
  }
  return download(call.current.attachments);
}

Result<void> PromptSession::Send(const TurnInput& input) {
  // A chain an earlier Send() left unanswered (--cl, Ctrl-C, a cut stream)
  // is not sent again: the APIs refuse a call without its result.
  PairToolTurns(history_);
  ModelCall call = base_;
  call.history = history_;
  call.current.prompt = SentPrompt(input.fragments, input.prompt);
  call.current.system = SentSystem(input.system_fragments, input.system);
  call.current.attachments = input.attachments;
  // --schema wins over a template's schema, as in llm.
  turn_schema_id_ = schema_id_;
  turn_schema_json_ = schema_json_;
  if (base_.schema.is_null() && !input.schema.is_null()) {
    call.schema = input.schema;
    std::tie(turn_schema_id_, turn_schema_json_) = MakeSchemaId(nlohmann::ordered_json(input.schema));
  }
  if (auto ready = PrepareAttachments(call); !ready) return ready.error();
  last_printed_ = '\0';
  if (tools_) call.tools = tools_->Defs();
  const std::string system = call.current.system;
  turn_ = &input;  // SendOnce logs its fragments; cleared when Send returns
  struct ClearTurn {
    const TurnInput*& turn;
    ~ClearTurn() { turn = nullptr; }
  } clear_turn{turn_};
  std::vector<LoggedToolResult> results;
  for (int requests = 1;; ++requests) {
    auto calls = SendOnce(call, results);
    if (!calls) return calls.error();
    if (calls->empty()) return Ok();
    if (auto limit = tools_->CheckChainLimit(requests); !limit) {
      *ctx_->out << "\n" << std::flush;
      return limit.error();
    }
    // The next request: the results, no new prompt text (llm's chain).
    results = tools_->Run(*calls, *ctx_->err, ctx_->stderr_is_tty);
    call.history = history_;
    call.current = Turn();
    call.current.system = system;
    for (const LoggedToolResult& r : results) call.current.tool_results.push_back(r.result);
  }
}

Result<std::vector<ToolCall>> PromptSession::SendOnce(
    ModelCall& call, const std::vector<LoggedToolResult>& results) {
  std::ostream& out = *ctx_->out;
  const bool print_live = call.stream;
  // Chained answers run on as one text; a space goes between two that would
  // otherwise touch (llm does the same).
  bool first_text = true;
  const auto print = [&](std::string_view text) {
    if (text.empty()) return;
    const auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
    if (first_text && last_printed_ != '\0' && !is_space(last_printed_) &&
        !is_space(text.front())) {
      out << ' ';
    }
    first_text = false;
    out.write(text.data(), static_cast<std::streamsize>(text.size())).flush();
    last_printed_ = text.back();
  };
  AnswerSink sink;
  bool reasoning_open = false;
  const auto end_reasoning = [&] {
    if (reasoning_open) *ctx_->err << "\n" << std::flush;
    reasoning_open = false;
  };
  sink.on_text = [&](std::string_view text) {
    end_reasoning();
    if (print_live && !opts_.json) print(text);
  };
  if (!opts_.hide_reasoning) sink.on_reasoning = ReasoningPrinter(*ctx_, reasoning_open);
  const std::string started_utc = LlmUtcTimestamp(std::chrono::system_clock::now());
  const auto t0 = std::chrono::steady_clock::now();
  auto done = provider_->complete(call, sink);
  const auto duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - t0)
                               .count();
  end_reasoning();
  if (!done) return MakeError(done.error().kind, Redact(done.error().message, secrets_));

  LogRecord record = RecordOfRequest(model_, *provider_, call, *done, duration_ms, started_utc);
  if (conversation_id_.empty()) conversation_id_ = NewUlid();
  record.conversation_id = conversation_id_;
  record.conversation_model = model_.model_id;
  record.schema_id = turn_schema_id_;
  record.schema_json = turn_schema_json_;
  if (turn_) LogTurnText(record, *turn_, results.empty());
  const bool more = tools_ && !done->tool_calls.empty() && !done->interrupted;
  if (tools_) {
    record.tools = tools_->Logged();
    record.tool_calls = done->tool_calls;
    record.tool_results = results;
  }

  if (opts_.json) {
    if (!more) PrintRecordJson(out, record);
  } else {
    if (opts_.extract || opts_.extract_last) {
      print(ExtractFencedCode(record.response, opts_.extract_last).value_or(record.response));
    } else if (!print_live) {
      print(record.response);
    }
    if (!more) out << "\n" << std::flush;
  }
  if (opts_.usage) *ctx_->err << "Token usage: " << FormatUsage(done->usage) << "\n";

  Turn finished = std::move(call.current);
  finished.response = record.response;
  finished.tool_calls = done->tool_calls;
  finished.response_json = record.response_json;  // done's was moved into the record
  history_.push_back(std::move(finished));

  Result<void> logged;
  if (want_log_) logged = Log(std::move(record));
  if (done->interrupted) {
    return MakeError(done->interrupted->kind,
                     Redact(done->interrupted->message, secrets_) + " (partial answer " +
                         (want_log_ && logged ? "logged as incomplete" : "not logged") + ")");
  }
  if (!logged) {
    return MakeError(logged.error().kind,
                     "the answer was not logged: " + Redact(logged.error().message, secrets_));
  }
  if (!more) return std::vector<ToolCall>();
  return done->tool_calls;
}

}  // namespace llmbox
