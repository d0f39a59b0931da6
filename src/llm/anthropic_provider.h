// The Anthropic Messages provider (provider.h row "Anthropic Messages"):
// sends the request anthropic_messages.h builds to <api_base>/messages with
// the key in x-api-key, reads the event stream through sse_parser.h into
// anthropic_stream.h, and hands answer text and thinking text to the sink as
// they arrive. Also serves llm-gate, reached over a Unix socket with no key.
//
// What it guards against: a key in any message (errors are redacted, the key
// only ever goes into the x-api-key header); mistaking a broken answer for a
// complete one (no message_stop and no stop_reason: Completion::interrupted
// with the text that arrived, or an error when none did); untrusted server
// bytes (see anthropic_stream.h); invalid UTF-8 in prompts making JSON
// serialisation throw (the body is dumped with the "replace" handler).
// API reference: https://docs.anthropic.com/en/api/messages
#pragma once

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "llm/model_call.h"

namespace llmbox {

// Errors: kConfig (see BuildAnthropicRequest), kNetwork (no answer), kProvider
// (an error status, error event or error object before any text), kParse (an
// unreadable answer).
Result<Completion> CompleteAnthropic(const ModelCall& call, const AnswerSink& sink);

// What llm logs as prompt_json for these models: nothing (null), as with
// llm-anthropic.
nlohmann::json AnthropicPromptJson(const ModelCall& call);

}  // namespace llmbox
