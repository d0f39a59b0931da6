#include "llm/logs_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <ostream>

#include "llm/fragment_input.h"
#include "llm/log_fragments.h"
#include "llm/log_store.h"
#include "llm/logs_format.h"
#include "llm/model_registry.h"

namespace llmbox {
namespace {

constexpr const char* kLogsOffFile = "logs-off";

struct ListOptions {
  int count = 3;
  CLI::Option* count_option = nullptr;
  bool count_given = false;  // set after parsing: "-n 3" differs from the default 3
  std::string database;
  std::string model;
  std::string query;
  bool truncate = false;
  bool short_output = false;
  bool usage = false;
  bool response = false;
  bool current = false;
  std::string conversation_id;
  bool json = false;
  std::vector<std::string> fragments;  // -f: only responses that used all of these
  bool expand = false;                 // -e: fragments in full
};

std::string InDir(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

Result<void> RequireUserDir(const Context& ctx) {
  if (!ctx.user_dir.empty()) return Ok();
  return MakeError(ErrorKind::kConfig, "cannot tell where llm keeps its files; set LLM_USER_PATH");
}

bool FileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

void AddListOptions(CLI::App* cmd, ListOptions& o) {
  o.count_option = cmd->add_option("-n,--count", o.count,
                                   "Number of entries to show - defaults to 3, use 0 for all");
  cmd->add_option("-d,--database", o.database, "Path to log database");
  cmd->add_option("-p,--path", o.database, "Path to log database")->group("");  // hidden, as in llm
  cmd->add_option("-m,--model", o.model, "Filter by model");
  cmd->add_option("-q,--query", o.query, "Search for logs matching this string");
  cmd->add_flag("-t,--truncate", o.truncate, "Truncate long strings in output");
  cmd->add_flag("-s,--short", o.short_output, "Shorter YAML output with truncated prompts");
  cmd->add_flag("-u,--usage", o.usage, "Include token usage");
  cmd->add_flag("-r,--response", o.response, "Just output the last response");
  cmd->add_flag("-c,--current", o.current, "Show logs from the current conversation");
  cmd->add_option("--cid,--conversation", o.conversation_id, "Show logs for this conversation ID");
  cmd->add_flag("--json", o.json, "Output logs as JSON");
  cmd->add_option("-f,--fragment", o.fragments,
                  "Filter for prompts using these fragments (alias, URL, hash or file path)")
      ->type_size(1)
      ->allow_extra_args(false);
  cmd->add_flag("-e,--expand", o.expand, "Expand fragments to show their content");
}

Result<void> CheckListFlags(const ListOptions& o) {
  if (!o.short_output || (!o.json && !o.response)) return Ok();
  std::string flags = o.json ? "--json" : "";
  if (o.response) flags += flags.empty() ? "--response" : " or --response";
  return MakeError(ErrorKind::kUsage, "Cannot use --short and " + flags + " together");
}

// The conversation to show: --cid, or with -c (and -r, which implies it)
// the conversation of the newest response.
Result<std::string> ResolveConversation(LogStore& store, const ListOptions& o) {
  if (!o.conversation_id.empty() || !(o.current || o.response)) return o.conversation_id;
  auto latest = store.LatestConversationId();
  if (!latest.ok()) return latest.error();
  if (!latest->has_value()) return MakeError(ErrorKind::kIo, "No conversations found");
  return **latest;
}

std::string Render(const std::vector<LogRecord>& rows, const ListOptions& o, bool conversation) {
  if (o.json) return RenderLogsJson(rows, o.truncate, o.expand) + "\n";
  if (o.response && !rows.empty()) {
    const std::string& text = rows.back().response;
    return (o.truncate ? TruncateLikeLlm(text) : text) + "\n";
  }
  if (o.short_output) return RenderLogsShort(rows, o.usage);
  LogsDisplay display;
  display.usage = o.usage;
  display.truncate = o.truncate;
  display.conversation_mode = conversation;
  display.expand = o.expand;
  return RenderLogsMarkdown(rows, display);
}

// As llm: -m takes a model id or alias and filters by the resolved id; a
// name that resolves to nothing (say, a model since removed) is used as given.
std::string ModelIdForFilter(const Context& ctx, const std::string& model) {
  if (model.empty()) return model;
  auto registry = ModelRegistry::Load(ctx.user_dir, ctx.env);
  if (!registry.ok()) return model;
  auto resolved = registry->Resolve(model);
  return resolved.ok() ? resolved->model_id : model;
}

// -f values as llm resolves them, against this log's aliases and hashes.
Result<std::vector<std::string>> FragmentHashes(Context& ctx, LogStore& store,
                                                const std::vector<std::string>& values) {
  std::vector<std::string> hashes;
  if (values.empty()) return hashes;
  FragmentLookup lookup = [&store](const std::string& key) {
    return FindStoredFragment(store.db(), key);
  };
  auto resolver = MakeFragmentResolver(ctx, std::move(lookup));
  if (!resolver) return resolver.error();
  auto fragments = resolver->ResolveAll(values);
  if (!fragments) return fragments.error();
  for (const Fragment& f : *fragments) hashes.push_back(FragmentHash(f.content));
  return hashes;
}

Result<void> RunList(Context& ctx, const ListOptions& o) {
  if (auto flags = CheckListFlags(o); !flags.ok()) return flags;
  if (o.database.empty()) {
    if (auto dir = RequireUserDir(ctx); !dir.ok()) return dir;
  }
  std::string path = o.database.empty() ? LogsDbPath(ctx.user_dir) : o.database;
  // Listing never creates a log: a typo in -d must not leave a new file behind.
  if (!FileExists(path)) return MakeError(ErrorKind::kIo, "No log database found at " + path);
  auto store = LogStore::Open(path);
  if (!store.ok()) return store.error();
  auto conversation = ResolveConversation(*store, o);
  if (!conversation.ok()) return conversation.error();
  LogQuery query;
  // With a conversation, llm shows all of it unless -n says otherwise.
  query.limit = o.count_given ? std::max(o.count, 0) : (conversation->empty() ? 3 : 0);
  query.model = ModelIdForFilter(ctx, o.model);
  query.search = o.query;
  query.conversation_id = *conversation;
  auto hashes = FragmentHashes(ctx, *store, o.fragments);
  if (!hashes.ok()) return hashes.error();
  query.fragment_hashes = std::move(*hashes);
  auto rows = store->Query(query);
  if (!rows.ok()) return rows.error();
  *ctx.out << Render(*rows, o, !conversation->empty());
  return Ok();
}

Result<void> RunStatus(const Context& ctx) {
  if (auto dir = RequireUserDir(ctx); !dir.ok()) return dir;
  std::string path = LogsDbPath(ctx.user_dir);
  if (!FileExists(path)) {
    *ctx.out << "No log database found at " << path << "\n";
    return Ok();
  }
  auto store = LogStore::Open(path);
  if (!store.ok()) return store.error();
  auto conversations = store->CountConversations();
  if (!conversations.ok()) return conversations.error();
  auto responses = store->CountResponses();
  if (!responses.ok()) return responses.error();
  struct stat st {};
  uint64_t size = ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  std::ostream& out = *ctx.out;
  out << (LoggingEnabled(ctx.user_dir) ? "Logging is ON for all prompts" : "Logging is OFF")
      << "\n";
  out << "Found log database at " << path << "\n";
  out << "Number of conversations logged:\t" << *conversations << "\n";
  out << "Number of responses logged:\t" << *responses << "\n";
  out << "Database file size: \t\t" << HumanReadableSize(size) << "\n";
  return Ok();
}

// mkdir -p with private new directories, as for logs.db itself.
Result<void> EnsureDirectory(const std::string& dir) {
  for (size_t pos = 1; pos <= dir.size(); ++pos) {
    if (pos != dir.size() && dir[pos] != '/') continue;
    std::string part = dir.substr(0, pos);
    if (FileExists(part)) continue;
    if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) {
      return MakeError(ErrorKind::kIo, part + ": cannot create directory: " + std::strerror(errno));
    }
  }
  return Ok();
}

Result<void> RunOff(const Context& ctx) {
  if (auto dir = RequireUserDir(ctx); !dir.ok()) return dir;
  if (auto made = EnsureDirectory(ctx.user_dir); !made.ok()) return made;
  std::string path = InDir(ctx.user_dir, kLogsOffFile);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return MakeError(ErrorKind::kIo, path + ": cannot create: " + std::strerror(errno));
  }
  ::close(fd);
  return Ok();
}

Result<void> RunOn(const Context& ctx) {
  if (auto dir = RequireUserDir(ctx); !dir.ok()) return dir;
  std::string path = InDir(ctx.user_dir, kLogsOffFile);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return MakeError(ErrorKind::kIo, path + ": cannot remove: " + std::strerror(errno));
  }
  return Ok();
}

Result<void> RunPath(const Context& ctx) {
  if (auto dir = RequireUserDir(ctx); !dir.ok()) return dir;
  *ctx.out << LogsDbPath(ctx.user_dir) << "\n";
  return Ok();
}

// Adds `name` under `parent`; running it stores `action` in `run`.
void AddAction(CLI::App* parent, const char* name, const char* help, Context& ctx, Runner& run,
               Result<void> (*action)(const Context&)) {
  CLI::App* cmd = parent->add_subcommand(name, help);
  cmd->callback([&ctx, &run, action] { run = [&ctx, action] { return action(ctx); }; });
}

}  // namespace

void AddLogsCommand(CLI::App& app, Context& ctx, Runner& run) {
  CLI::App* logs = app.add_subcommand("logs", "Tools for exploring logged prompts and responses");
  logs->require_subcommand(0, 1);

  // `llm logs` with no subcommand is `llm logs list`, with the same options.
  auto default_options = std::make_shared<ListOptions>();
  AddListOptions(logs, *default_options);
  logs->callback([&ctx, &run, logs, default_options] {
    if (!logs->get_subcommands().empty()) return;
    default_options->count_given = default_options->count_option->count() > 0;
    run = [&ctx, default_options] { return RunList(ctx, *default_options); };
  });

  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = logs->add_subcommand("list", "Show logged prompts and their responses");
  AddListOptions(list, *list_options);
  list->callback([&ctx, &run, list_options] {
    list_options->count_given = list_options->count_option->count() > 0;
    run = [&ctx, list_options] { return RunList(ctx, *list_options); };
  });

  AddAction(logs, "path", "Output the path to the logs.db file", ctx, run, RunPath);
  AddAction(logs, "status", "Show current status of database logging", ctx, run, RunStatus);
  AddAction(logs, "on", "Turn on logging for all prompts", ctx, run, RunOn);
  AddAction(logs, "off", "Turn off logging for all prompts", ctx, run, RunOff);
}

bool LoggingEnabled(const std::string& user_dir) {
  return !FileExists(InDir(user_dir, kLogsOffFile));
}

std::string LogsDbPath(const std::string& user_dir) { return InDir(user_dir, "logs.db"); }

}  // namespace llmbox
