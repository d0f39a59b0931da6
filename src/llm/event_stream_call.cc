// See event_stream_call.h for what this guards against.
#include "llm/event_stream_call.h"

#include "llm/provider_error.h"

namespace llmbox {
namespace {

constexpr size_t kMaxSniffBytes = size_t{1} << 20;
constexpr size_t kMaxBodyBytes = size_t{64} << 20;  // a reply that is not streamed

bool IsSuccess(long status) { return status >= 200 && status <= 299; }

Error StatusError(const HttpResponse& response, const std::vector<std::string>& secrets,
                  std::string_view provider) {
  return MakeError(ErrorKind::kProvider,
                   ProviderErrorMessage(response.status, response.error_body, provider, secrets));
}

bool LooksLikeJsonObject(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

// Everything one call accumulates while libcurl delivers bytes.
class StreamRun {
 public:
  StreamRun(const EventStreamReader& reader, const TextSink& on_text,
            const std::vector<std::string>& secrets)
      : reader_(reader), on_text_(on_text), secrets_(secrets) {}

  bool OnBytes(std::string_view bytes) {
    if (reader_.stopped()) return true;  // whatever follows the end marker does not count
    Sniff(bytes);
    if (auto r = parser_.Feed(bytes, on_event_); !r.ok()) failure_ = r.error();
    Flush();
    return !failure_.has_value();
  }

  // The transfer failed (connection lost, cancelled, or we stopped reading).
  Result<Completion> AfterSendError(Error error) {
    if (!failure_ && reader_.whole()) return reader_.completion(std::nullopt);
    return Broken(failure_.value_or(std::move(error)));
  }

  // The transfer ended cleanly: decide whether the answer is whole.
  Result<Completion> AfterEnd(const HttpResponse& response) {
    parser_.Finish(on_event_);
    Flush();
    if (failure_) return Broken(*failure_);
    if (reader_.whole()) return reader_.completion(std::nullopt);
    if (reader_.events() == 0) {
      if (!sniff_overflow_ && LooksLikeJsonObject(sniff_)) return reader_.parse_whole(sniff_);
      return MakeError(ErrorKind::kParse,
                       "the server's reply is not an event stream (Content-Type: " +
                           OnePrintableLine(response.content_type, 80) + ")");
    }
    return Broken(MakeError(ErrorKind::kNetwork,
                            "the answer stream ended before the answer was complete"));
  }

 private:
  // Partial text is still an answer; an error before any text is the result.
  Result<Completion> Broken(Error error) {
    if (!reader_.has_text()) return error;
    return reader_.completion(std::move(error));
  }

  void OnEvent(const SseEvent& event) {
    if (failure_ || reader_.stopped()) return;
    if (auto r = reader_.on_event(event, collect_); !r.ok()) {
      failure_ = RedactedError(r.error(), secrets_);
    }
  }

  void Flush() {
    if (pending_.empty()) return;
    if (on_text_) on_text_(pending_);
    pending_.clear();
  }

  // Keeps the raw reply while no event has arrived (see the header).
  void Sniff(std::string_view bytes) {
    if (reader_.events() > 0) {
      if (!sniff_.empty()) sniff_ = std::string();  // an event stream after all
      return;
    }
    if (sniff_overflow_) return;
    sniff_overflow_ = sniff_.size() + bytes.size() > kMaxSniffBytes;
    if (sniff_overflow_) {
      sniff_ = std::string();
    } else {
      sniff_.append(bytes);
    }
  }

  const EventStreamReader& reader_;
  const TextSink& on_text_;
  const std::vector<std::string>& secrets_;
  SseParser parser_;
  std::optional<Error> failure_;  // why we stopped reading, if we did
  std::string pending_;           // text of the current network read
  std::string sniff_;
  bool sniff_overflow_ = false;
  const TextSink collect_ = [this](std::string_view text) { pending_.append(text); };
  const SseHandler on_event_ = [this](const SseEvent& event) { OnEvent(event); };
};

}  // namespace

Result<Completion> RunEventStream(const HttpRequest& request, const EventStreamReader& reader,
                                  const TextSink& on_text, const std::vector<std::string>& secrets,
                                  std::string_view provider) {
  StreamRun run(reader, on_text, secrets);
  const BodySink sink = [&](std::string_view bytes) { return run.OnBytes(bytes); };
  auto response = HttpSend(request, sink, secrets);
  if (!response.ok()) return run.AfterSendError(response.error());
  if (!IsSuccess(response->status)) return StatusError(*response, secrets, provider);
  return run.AfterEnd(*response);
}

Result<std::string> FetchWholeReply(const HttpRequest& request,
                                    const std::vector<std::string>& secrets,
                                    std::string_view provider) {
  std::string body;
  bool too_big = false;
  const BodySink sink = [&](std::string_view bytes) {
    too_big = body.size() + bytes.size() > kMaxBodyBytes;
    if (!too_big) body.append(bytes);
    return !too_big;
  };
  auto response = HttpSend(request, sink, secrets);
  if (too_big) return MakeError(ErrorKind::kParse, "the answer is larger than 64 MiB");
  if (!response.ok()) return response.error();
  if (!IsSuccess(response->status)) return StatusError(*response, secrets, provider);
  return body;
}

}  // namespace llmbox
