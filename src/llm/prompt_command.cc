#include "llm/prompt_command.h"

#include <CLI/CLI.hpp>
#include <istream>
#include <memory>

#include "llm/attachment_loader.h"
#include "llm/fragment_input.h"
#include "llm/gateway_env.h"
#include "llm/interrupt.h"
#include "llm/prompt_input.h"
#include "llm/prompt_session.h"
#include "llm/template_apply.h"
#include "llm/template_save.h"
#include "llm/tool_options.h"

namespace llmbox {
namespace {

struct PromptArgs {
  std::optional<std::string> prompt;
  std::string system;
  SessionOptions session;
  std::string template_name;                                // -t
  std::vector<std::pair<std::string, std::string>> params;  // -p KEY VALUE
  std::string save;                                         // --save NAME
  std::vector<std::string> attachments;                               // -a
  std::vector<std::pair<std::string, std::string>> typed_attachments;  // --at PATH MIME
  ToolArgs tools;  // -T, --functions, --td, --ta, --cl
  std::vector<std::string> fragments;         // -f
  std::vector<std::string> system_fragments;  // --sf
};

TemplateParams ParamMap(const PromptArgs& args) {
  TemplateParams params;
  for (const auto& [key, value] : args.params) params[key] = value;  // the last one wins
  return params;
}

// -a values first, then --at ones, as llm orders them. Runs before the
// prompt is read, since "-" takes standard input.
Result<std::vector<Attachment>> LoadAttachments(Context& ctx, const PromptArgs& args) {
  std::vector<Attachment> out;
  if (args.attachments.empty() && args.typed_attachments.empty()) return out;
  auto policy = AttachmentPolicy::FromEnv(ctx.env);
  if (!policy) return policy.error();
  auto gateway = FindGateway(ctx.env);
  if (!gateway) return gateway.error();
  AttachmentLoader loader(std::move(*policy), *ctx.in, HttpUrlFetcher(ForwardProxyOf(*gateway)));
  std::vector<AttachmentSpec> specs;
  for (const std::string& value : args.attachments) specs.push_back({value, ""});
  for (const auto& [value, type] : args.typed_attachments) specs.push_back({value, type});
  for (const AttachmentSpec& spec : specs) {
    auto a = loader.Load(spec);
    if (!a) return a.error();
    out.push_back(std::move(*a));
  }
  return out;
}

// -f and --sf values, after a template's fragments: and system_fragments:
// (llm puts the template's first), resolved.
Result<ResolvedFragments> ResolveFragments(Context& ctx, const PromptArgs& args) {
  std::vector<std::string> fragments = args.fragments;
  std::vector<std::string> system_fragments = args.system_fragments;
  if (!args.template_name.empty()) {
    auto t = LoadUsableTemplate(ctx, args.template_name);
    if (!t) return t.error();
    fragments.insert(fragments.begin(), t->fragments.begin(), t->fragments.end());
    system_fragments.insert(system_fragments.begin(), t->system_fragments.begin(),
                            t->system_fragments.end());
  }
  return ResolveFragmentArgs(ctx, fragments, system_fragments);
}

// With attachments or -f fragments the prompt may be empty, and a terminal is
// not waited on for one (llm does the same).
Result<std::string> ReadPrompt(Context& ctx, const PromptArgs& args, bool has_attachments) {
  const bool may_be_empty = (has_attachments || !args.fragments.empty()) && !args.prompt;
  if (may_be_empty && ctx.stdin_is_tty) return std::string();
  auto prompt = AssemblePrompt(args.prompt, *ctx.in, ctx.stdin_is_tty);
  if (!prompt && may_be_empty && ctx.in->eof()) return std::string();  // stdin was empty
  return prompt;
}

Result<void> RunPrompt(Context& ctx, const PromptArgs& args) {
  auto tools = FinishToolArgs(ctx.env, args.tools);
  if (!tools) return tools.error();
  if (!args.save.empty()) {
    return SaveTemplate(ctx, {args.save, args.prompt, args.system, ParamMap(args), nullptr,
                              args.template_name, args.session, args.fragments,
                              args.system_fragments});
  }
  auto attachments = LoadAttachments(ctx, args);
  if (!attachments) return attachments.error();
  // Before the prompt is read, like attachments: "-" takes standard input.
  auto fragments = ResolveFragments(ctx, args);
  if (!fragments) return fragments.error();
  // Ctrl-C stops the answer, keeps and logs what arrived, and exits 130.
  InterruptFlag interrupt;
  SessionOptions options = args.session;
  options.tools = std::move(*tools);
  options.cancel = interrupt.flag();
  TurnInput input;
  if (!args.template_name.empty()) {
    auto prepared =
        ApplyTemplate(ctx, {args.template_name, args.prompt, args.system, ParamMap(args)}, options);
    if (!prepared) return prepared.error();
    input.prompt = std::move(prepared->prompt);
    input.system = std::move(prepared->system);
    input.schema = std::move(prepared->schema);
  } else {
    auto prompt = ReadPrompt(ctx, args, !attachments->empty());
    if (!prompt) return prompt.error();
    input.prompt = std::move(*prompt);
    input.system = args.system;
  }
  // llm keeps the prompt None unless an argument, standard input or the
  // template gave text, and logs it as NULL.
  input.no_prompt = !args.prompt && input.prompt.empty();
  input.attachments = std::move(*attachments);
  input.fragments = std::move(fragments->fragments);
  input.system_fragments = std::move(fragments->system_fragments);
  auto session = PromptSession::Start(ctx, options);
  if (!session) return session.error();
  return session->Send(input);
}

}  // namespace

void AddPromptCommand(CLI::App& app, Context& ctx, Runner& run) {
  auto args = std::make_shared<PromptArgs>();
  SessionOptions& s = args->session;
  CLI::App* cmd = app.add_subcommand("prompt", "Execute a prompt (the default command)");
  cmd->add_option("prompt", args->prompt, "The prompt; piped standard input comes before it");
  cmd->add_option("-m,--model", s.model, "Model to use (id or alias)");
  cmd->add_option("-s,--system", args->system, "System prompt to use");
  cmd->add_option("-a,--attachment", args->attachments, "Attachment path or URL or - (repeatable)")
      ->type_size(1)
      ->allow_extra_args(false);
  cmd->add_option("--at,--attachment-type", args->typed_attachments,
                  "PATH MIME: attachment with an explicit type (repeatable)")
      ->type_size(2)
      ->allow_extra_args(false);
  cmd->add_option("-f,--fragment", args->fragments,
                  "Fragment (alias, URL, hash or file path) to add to the prompt (repeatable)")
      ->type_size(1)
      ->allow_extra_args(false);
  cmd->add_option("--sf,--system-fragment", args->system_fragments,
                  "Fragment to add to the system prompt (repeatable)")
      ->type_size(1)
      ->allow_extra_args(false);
  cmd->add_option("-o,--option", s.options, "KEY VALUE option for the model (repeatable)")
      ->type_size(2)
      ->allow_extra_args(false);
  cmd->add_flag("--no-stream", s.no_stream, "Do not stream output");
  cmd->add_flag("-n,--no-log", s.no_log, "Don't log to the database");
  cmd->add_flag("--log", s.log, "Log prompt and response even when logging is off");
  cmd->add_flag("-c,--continue", s.continue_last, "Continue the most recent conversation");
  cmd->add_option("--cid,--conversation", s.conversation_id,
                  "Continue the conversation with the given ID");
  cmd->add_option("--key", s.key, "API key to use, or the name of a stored key");
  cmd->add_flag("-u,--usage", s.usage, "Show token usage on stderr");
  cmd->add_flag("--json", s.json, "Print the response and its metadata as JSON");
  cmd->add_option("-t,--template", args->template_name, "Template to use");
  cmd->add_option("-p,--param", args->params, "KEY VALUE parameter for the template (repeatable)")
      ->type_size(2)
      ->allow_extra_args(false);
  cmd->add_option("--save", args->save, "Save prompt with this template name");
  cmd->add_flag("-x,--extract", s.extract, "Extract first fenced code block");
  cmd->add_flag("--xl,--extract-last", s.extract_last, "Extract last fenced code block");
  cmd->add_option("--schema", s.schema,
                  "JSON schema, file, stored schema id or concise 'name, age int' fields");
  cmd->add_option("--schema-multi", s.schema_multi,
                  "Like --schema, for an answer that is a list of such items");
  AddToolOptions(*cmd, args->tools);
  cmd->add_flag("-R,--hide-reasoning", s.hide_reasoning, "Do not show the model's reasoning");
  cmd->callback([&ctx, &run, args] { run = [&ctx, args] { return RunPrompt(ctx, *args); }; });
}

}  // namespace llmbox
