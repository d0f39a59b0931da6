// A conversation with one model, as the prompt command and `llm chat` run it:
// Start() picks the model (-m, the continued conversation's, $LLM_MODEL, the
// default), checks its options, finds the key or the llm-gate gateway and
// loads the earlier turns for -c/--cid; each Send() asks one prompt, prints
// the answer (live when streaming), logs it to logs.db and keeps it as
// history for the next Send().
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "llm/attachment_loader.h"
#include "llm/command.h"
#include "llm/fragment.h"
#include "llm/gateway_env.h"
#include "llm/log_store.h"
#include "llm/model_call.h"
#include "llm/model_info.h"
#include "llm/provider.h"
#include "llm/tool_loop.h"

namespace llmbox {

struct SessionOptions {
  std::string model;  // -m: an id or alias; empty picks as llm does
  RawOptions options;  // -o KEY VALUE
  std::string conversation_id;  // --cid
  bool continue_last = false;   // -c
  std::string key;              // --key: a stored key's name or a literal key
  bool no_stream = false;
  bool no_log = false;
  bool log = false;
  bool usage = false;  // -u: token usage on stderr after each answer
  bool json = false;   // --json: print the logged record instead of the text
  // -x/--xl: print only the first/last fenced code block of the answer (the
  // whole answer when it has none); turns streaming off; the log keeps it all.
  bool extract = false;
  bool extract_last = false;
  std::string schema;        // --schema: JSON, a file, a stored id or llm's concise syntax
  std::string schema_multi;  // --schema-multi: the same, answered as {"items": [...]}
  ToolLoopOptions tools;  // -T, --td, --ta, --cl
  // -R: no thinking text on stderr (nor asked of the provider, where it can leave it out)
  bool hide_reasoning = false;
  // Ctrl-C (InterruptFlag::flag()): stops an answer in Send(); see Endpoint::cancel.
  const std::atomic<bool>* cancel = nullptr;
};

struct TurnInput {
  std::string prompt;
  // No prompt text was given (no argument, nothing piped, nothing from a
  // template): llm logs such a prompt as NULL.
  bool no_prompt = false;
  std::string system;
  std::vector<Attachment> attachments;
  nlohmann::json schema;  // null, or the JSON schema the answer must follow (--schema, templates)
  // -f / --sf: sent joined with the text as llm joins them (fragment.h),
  // logged apart from it (log_fragments.h).
  std::vector<Fragment> fragments;
  std::vector<Fragment> system_fragments;
};

class PromptSession {
 public:
  // Errors: kConfig for a bad --log/--no-log pair, an unknown model, options
  // or conversation; kKey for a missing key; kIo for an unreadable logs.db.
  static Result<PromptSession> Start(Context& ctx, const SessionOptions& options);

  // An interrupted answer (a cut stream, or Ctrl-C: kCancelled) stays printed
  // and is logged as incomplete, then comes back as the error; the session
  // can go on after it.
  Result<void> Send(const TurnInput& input);

  const ModelInfo& model() const { return model_; }
  // Empty until the first Send() of a new conversation.
  const std::string& conversation_id() const { return conversation_id_; }

 private:
  PromptSession(Context& ctx, SessionOptions options) : ctx_(&ctx), opts_(std::move(options)) {}
  Result<void> Log(LogRecord record);
  Result<void> LoadSchema();  // --schema / --schema-multi into base_.schema
  // One request of a (tool) chain: sends, prints, logs with `results` (the
  // tool results it carries) and keeps it as history. Returns the tool calls
  // to run next: none without -T.
  Result<std::vector<ToolCall>> SendOnce(ModelCall& call,
                                         const std::vector<LoggedToolResult>& results);
  // Refuses attachment types the model does not take (llm's message) and
  // downloads URL attachments whose bytes the provider needs.
  Result<void> PrepareAttachments(ModelCall& call);
  // LLM_WORKSPACE and the attachment limits are read at the first attachment,
  // so a bad limit fails only a prompt that has one.
  Result<AttachmentLoader> MakeAttachmentLoader();

  Context* ctx_;
  SessionOptions opts_;
  ModelInfo model_;
  const Provider* provider_ = nullptr;
  ModelCall base_;  // endpoint, model name, options, stream
  std::vector<std::string> secrets_;
  std::vector<Turn> history_;
  std::optional<AttachmentPolicy> attachment_policy_;
  GateProxy fetch_proxy_;  // for attachment URLs
  std::string conversation_id_;
  std::string schema_id_;  // --schema: llm's id and stored JSON, logged with each answer
  std::string schema_json_;
  std::string db_path_;
  bool want_log_ = false;
  std::optional<LogStore> store_;
  std::optional<ToolLoop> tools_;
  char last_printed_ = '\0';  // of this Send(), for the space between chained answers
  std::string turn_schema_id_;    // of this Send(): --schema or the template's
  std::string turn_schema_json_;
  const TurnInput* turn_ = nullptr;  // of this Send(): its fragments are logged with it
};

}  // namespace llmbox
