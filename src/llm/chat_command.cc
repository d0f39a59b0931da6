#include "llm/chat_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <optional>
#include <utility>
#include <vector>
#include <ostream>

#include "llm/chat_input.h"
#include "llm/chat_template.h"
#include "llm/config_paths.h"
#include "llm/external_editor.h"
#include "llm/tool_options.h"

namespace llmbox {
namespace {

struct ChatArgs {
  std::string system;
  std::string template_name;                                // -t
  std::vector<std::pair<std::string, std::string>> params;  // -p KEY VALUE
  ToolArgs tools;                                           // -T, --functions, --td, --ta, --cl
  SessionOptions session;
  std::vector<std::string> fragments;         // -f: with the first message
  std::vector<std::string> system_fragments;  // --sf: with the first message's system prompt
};

// Fragments named in a chat: "-" would read the chat's own input.
Result<ResolvedFragments> ResolveChatFragments(Context& ctx, const std::vector<std::string>& values,
                                               const std::vector<std::string>& system_values) {
  for (const auto* list : {&values, &system_values}) {
    if (std::find(list->begin(), list->end(), "-") != list->end()) {
      return MakeError(ErrorKind::kUsage,
                       "fragment -: standard input is the chat itself; give a file, URL, hash "
                       "or alias");
    }
  }
  return ResolveFragmentArgs(ctx, values, system_values);
}

// One line on stderr; a Ctrl-C is the user's own doing, not an error.
void ReportTurnError(std::ostream& err, const Error& error) {
  std::string line = error.message;
  std::replace(line.begin(), line.end(), '\n', ' ');
  std::replace(line.begin(), line.end(), '\r', ' ');
  if (error.kind == ErrorKind::kCancelled) {
    if (!line.empty()) line[0] = 'I';  // "interrupted ..." starts the line
    err << line << "\n";
  } else {
    err << "Error: " << line << "\n";
  }
  err.flush();
}

// !edit: the user's editor. A failure is one line and the chat goes on.
ChatStep EditStep(Context& ctx, ChatInput& input) {
  ctx.out->flush();  // the editor takes over the terminal
  auto edited = EditNewText(ctx.env, PickEditor(ctx.env));
  if (!edited) {
    ReportTurnError(*ctx.err, edited.error());
    return {};
  }
  if (!edited->has_value()) {
    *ctx.err << "Editor closed without saving.\n" << std::flush;  // llm's words
    return {};
  }
  return input.FeedEdited(**edited);
}

std::unique_ptr<LineEditor> OpenEditor(Context& ctx, const InterruptFlag& interrupt) {
  if (!ctx.stdin_is_tty || !ctx.stdout_is_tty) return MakePlainLineEditor(*ctx.in, *ctx.out);
  std::string history;
  if (!ctx.user_dir.empty()) {
    if (auto made = EnsureDir(ctx.user_dir); made) {
      history = ChatHistoryPath(ctx.user_dir);
    } else {
      *ctx.err << "Warning: no chat history: " << made.error().message << "\n";
    }
  }
  return MakeTerminalLineEditor(history, interrupt.flag(), *ctx.err);
}

Result<void> RunChat(Context& ctx, const ChatArgs& args) {
  auto tools = FinishToolArgs(ctx.env, args.tools);
  if (!tools) return tools.error();
  InterruptFlag interrupt;
  SessionOptions options = args.session;
  options.tools = std::move(*tools);
  options.cancel = interrupt.flag();
  std::optional<ChatTemplate> chat_template;
  if (!args.template_name.empty()) {
    TemplateParams params;
    for (const auto& [key, value] : args.params) params[key] = value;  // the last one wins
    auto loaded = ChatTemplate::Load(ctx, args.template_name, std::move(params), options);
    if (!loaded) return loaded.error();
    chat_template.emplace(std::move(*loaded));
  } else if (!args.params.empty()) {
    return MakeError(ErrorKind::kUsage, "-p/--param needs a template; add -t NAME");
  }
  auto first = ResolveChatFragments(ctx, args.fragments, args.system_fragments);
  if (!first) return first.error();
  auto session = PromptSession::Start(ctx, options);
  if (!session) return session.error();
  *ctx.out << ChatBanner(session->model().model_id) << std::flush;
  std::unique_ptr<LineEditor> editor = OpenEditor(ctx, interrupt);
  RunChatLoop(ctx, *session, *editor, args.system, &interrupt,
              chat_template ? &*chat_template : nullptr, &*first);
  return Ok();
}

}  // namespace

std::string ChatBanner(const std::string& model_id) {
  return "Chatting with " + model_id +
         "\nType 'exit' or 'quit' to exit"
         "\nType '!multi' to enter multiple lines, then '!end' to finish"
         "\nType '!edit' to open your default editor and modify the prompt"
         "\nType '!fragment <my_fragment> [<another_fragment> ...]' to insert one or more "
         "fragments\n";
}

std::string ChatHistoryPath(const std::string& user_dir) {
  return JoinPath(user_dir, "chat_history");
}

void RunChatLoop(Context& ctx, PromptSession& session, LineEditor& editor,
                 const std::string& system, InterruptFlag* interrupt,
                 const ChatTemplate* chat_template, const ResolvedFragments* first) {
  ChatInput input;
  std::string pending_system = system;
  ResolvedFragments pending_fragments = first != nullptr ? *first : ResolvedFragments();
  for (;;) {
    ctx.out->flush();
    if (interrupt != nullptr) interrupt->Clear();
    const LineRead read = editor.Read(input.Prompt());
    if (read.status == LineStatus::kInterrupted) {
      input.Reset();
      continue;
    }
    if (read.status == LineStatus::kEnd) {
      *ctx.out << "\n" << std::flush;  // the shell's prompt starts on a line of its own
      return;
    }
    editor.Remember(read.text);
    ChatStep step = input.Feed(read.text);
    if (step.kind == ChatStep::kEdit) step = EditStep(ctx, input);
    if (step.kind == ChatStep::kExit) return;
    if (step.kind == ChatStep::kMore) continue;

    TurnInput turn;
    turn.prompt = std::move(step.prompt);
    turn.system = pending_system;
    auto typed = ResolveChatFragments(ctx, step.fragments, {});
    if (!typed) {
      ReportTurnError(*ctx.err, typed.error());
      continue;
    }
    turn.fragments = pending_fragments.fragments;
    turn.fragments.insert(turn.fragments.end(), typed->fragments.begin(), typed->fragments.end());
    turn.system_fragments = pending_fragments.system_fragments;
    if (turn.prompt.empty() && turn.fragments.empty()) continue;  // "!fragment" alone names none
    if (chat_template != nullptr) {
      auto shaped = chat_template->Turn(turn.prompt);
      if (!shaped) {
        ReportTurnError(*ctx.err, shaped.error());
        continue;
      }
      turn.prompt = std::move(shaped->prompt);
      // -s replaces the template's system prompt; llm re-applies the
      // template's own with every turn.
      if (system.empty()) turn.system = std::move(shaped->system);
    }
    if (interrupt != nullptr) interrupt->Clear();
    auto sent = session.Send(turn);
    // Once a turn is in the conversation its system prompt is too.
    if (sent.ok() || sent.error().kind == ErrorKind::kCancelled) {
      pending_system.clear();
      pending_fragments = ResolvedFragments();
    }
    if (!sent.ok()) ReportTurnError(*ctx.err, sent.error());
  }
}

void AddChatCommand(CLI::App& app, Context& ctx, Runner& run) {
  auto args = std::make_shared<ChatArgs>();
  SessionOptions& s = args->session;
  CLI::App* cmd = app.add_subcommand("chat", "Hold an ongoing chat with a model");
  cmd->add_option("-s,--system", args->system, "System prompt to use");
  cmd->add_option("-m,--model", s.model, "Model to use (id or alias)");
  cmd->add_flag("-c,--continue", s.continue_last,
                "Continue the most recent conversation");
  cmd->add_option("--cid,--conversation", s.conversation_id,
                  "Continue the conversation with the given ID");
  cmd->add_option("-o,--option", s.options, "KEY VALUE option for the model (repeatable)")
      ->type_size(2)
      ->allow_extra_args(false);
  cmd->add_option("-t,--template", args->template_name, "Template to use");
  cmd->add_option("-p,--param", args->params, "KEY VALUE parameter for the template (repeatable)")
      ->type_size(2)
      ->allow_extra_args(false);
  cmd->add_flag("--no-stream", s.no_stream, "Do not stream output");
  cmd->add_option("-f,--fragment", args->fragments,
                  "Fragment (alias, URL, hash or file path) for the first message (repeatable)")
      ->type_size(1)
      ->allow_extra_args(false);
  cmd->add_option("--sf,--system-fragment", args->system_fragments,
                  "Fragment for the first message's system prompt (repeatable)")
      ->type_size(1)
      ->allow_extra_args(false);
  cmd->add_option("--key", s.key, "API key to use, or the name of a stored key");
  AddToolOptions(*cmd, args->tools);
  cmd->callback([&ctx, &run, args] { run = [&ctx, args] { return RunChat(ctx, *args); }; });
}

}  // namespace llmbox
