// One model call over HTTP, shared by the OpenAI Chat and Responses
// providers. Streamed: the provider says how to read a server-sent event and
// what its answer is; this drives the transfer and decides how it ended.
// Not streamed: the whole reply body, capped at 64 MiB.
//
// Guards against losing or misreporting an answer: text that arrived before
// the stream broke is still returned (Completion::interrupted set), an error
// before any text is the result, bytes after the provider's end marker do not
// count, and a server that ignores "stream": true and answers with one JSON
// object is still read (its raw reply is kept, at most 1 MiB, until the first
// event arrives). Text from all events of one network read goes out in one
// write: a token per event would cost a system call each.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "llm/http_client.h"
#include "llm/model_call.h"
#include "llm/sse_parser.h"

namespace llmbox {

// What the provider supplies. Every member must be set.
struct EventStreamReader {
  // Reads one event; answer text goes to `text` (collected per network read).
  std::function<Result<void>(const SseEvent& event, const TextSink& text)> on_event;
  std::function<bool()> stopped;       // the end marker arrived: ignore what follows
  std::function<bool()> whole;         // the answer is complete
  std::function<size_t()> events;      // events read so far
  std::function<bool()> has_text;      // some answer text arrived
  // The answer so far, marked interrupted when `interrupted` is set.
  std::function<Completion(std::optional<Error> interrupted)> completion;
  // A reply that is one JSON object instead of a stream; `on_text` gets its text.
  std::function<Result<Completion>(std::string_view reply)> parse_whole;
};

// Sends `request` and reads the event stream with `reader`; answer text goes
// to `on_text` (may be empty). Server text in errors is redacted with
// `secrets`; `provider` names the service in status errors ("OpenAI").
Result<Completion> RunEventStream(const HttpRequest& request, const EventStreamReader& reader,
                                  const TextSink& on_text, const std::vector<std::string>& secrets,
                                  std::string_view provider);

// Sends `request` and returns the whole 2xx reply body. Errors: kParse for a
// body over 64 MiB, the transfer's own error, kProvider for a non-2xx status.
Result<std::string> FetchWholeReply(const HttpRequest& request,
                                    const std::vector<std::string>& secrets,
                                    std::string_view provider);

}  // namespace llmbox
