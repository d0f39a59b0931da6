// What one request of a PromptSession leaves behind: its logs.db row, built
// the way llm 0.32 builds it (the typed text kept apart from the fragments, a
// prompt with no text at all as NULL), and the JSON `llm prompt --json`
// prints for it. Also the text a turn sends, fragments joined as llm joins
// them, which -c rebuilds from logged rows.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "llm/fragment.h"
#include "llm/log_store.h"
#include "llm/model_call.h"
#include "llm/model_info.h"
#include "llm/prompt_session.h"
#include "llm/provider.h"

namespace llmbox {

// The row for one answered request (a new ULID, the call's text and options,
// the answer, usage, the current turn's attachments). Moves the answer text
// and response_json out of `done` (a long answer is not held twice); read
// them from the record afterwards. An interrupted answer is marked in
// response_json (llmbox_incomplete, llmbox_error).
LogRecord RecordOfRequest(const ModelInfo& model, const Provider& provider, const ModelCall& call,
                          Completion& done, int64_t duration_ms, const std::string& started_utc);

// llm logs the typed text in prompt and system and the fragments in their
// own tables; the conversation is named after the prompt as sent. A turn
// with no text at all has a NULL prompt; a chain's later requests (not
// `first_request`) log "".
void LogTurnText(LogRecord& r, const TurnInput& in, bool first_request);

// The prompt and system text a turn sends: the fragments joined with the
// typed text as llm joins them (fragment.h); the text alone without fragments.
std::string SentPrompt(const std::vector<Fragment>& fragments, const std::string& prompt);
std::string SentSystem(const std::vector<Fragment>& fragments, const std::string& system);

// --json: the logged record as indented JSON (invalid UTF-8 replaced).
void PrintRecordJson(std::ostream& out, const LogRecord& r);

}  // namespace llmbox
