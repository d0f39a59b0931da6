// The OpenAI Responses API provider ("OpenAI Responses" models: o1, o3,
// o4-mini, the gpt-5 family): builds the body llm 0.32 sends
// (openai_responses_body.h), POSTs it to <api_base>/responses and reads the
// answer, streamed or not (openai_responses_stream.h). Reasoning summaries go
// to AnswerSink::on_reasoning, function calls to Completion::tool_calls.
//
// What it guards against: a key in any message (errors are redacted, the key
// only goes into the Authorization header); mistaking a broken answer for a
// complete one (a stream without response.completed is interrupted, with the
// text that arrived); untrusted server bytes (see openai_responses_stream.h);
// a reply too large to hold (64 MiB non-streamed).
// API reference: https://platform.openai.com/docs/api-reference/responses
#pragma once

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "llm/model_call.h"

namespace llmbox {

// The provider entry point (see provider.h).
Result<Completion> CompleteOpenAiResponses(const ModelCall& call, const AnswerSink& sink);

// What llm logs as prompt_json: {"input": [...], "instructions": ... or null}.
nlohmann::json OpenAiResponsesPromptJson(const ModelCall& call);

}  // namespace llmbox
