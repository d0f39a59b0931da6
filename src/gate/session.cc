#include "gate/session.h"

#include <cstdio>

#include "gate/exchange.h"
#include "gate/forward_proxy.h"
#include "gate/provider_proxy.h"
#include "gate/reply.h"
#include "gate/request_triage.h"

namespace llmbox::gate {
namespace {

using SteadyClock = std::chrono::steady_clock;

double MillisSince(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

void Log(GateContext& context, AuditRecord& record, SteadyClock::time_point start) {
  record.duration_ms = MillisSince(start);
  context.audit->Write(record);
}

void NoteRefusal(AuditRecord& record, const Refusal& refusal) {
  // A failure (upstream down, TLS) is the operator's to fix: say what happened.
  if (refusal.failure) std::fprintf(stderr, "llm-gate: error: %s\n", refusal.message.c_str());
  record.decision = refusal.failure ? "error" : "refuse";
  record.reason = refusal.reason;
  record.status = refusal.status;
}

// What the caller asked for, from the raw header: used in the audit line even
// when the request is refused before triage understands it.
void DescribeRequest(const http::request_header<>& request, AuditRecord& record) {
  record.method = Printable(request.method_string(), 16);
  std::string_view target = request.target();
  bool absolute =
      !target.empty() && target.front() != '/' && target.find("://") != std::string_view::npos;
  record.kind = request.method() == http::verb::connect ? "connect" : absolute ? "http" : "route";
  // Path only, never the query: it may hold a secret.
  if (request.method() == http::verb::connect) {
    record.host = Printable(target, 200);
  } else if (!target.empty() && target.front() == '/') {
    record.path = Printable(target.substr(0, target.find('?')), 200);
  } else if (absolute) {
    std::string_view rest = target.substr(target.find("://") + 3);
    record.host = Printable(rest.substr(0, rest.find_first_of("/?")), 200);
  } else {
    record.host = Printable(target, 200);
  }
}

asio::awaitable<Outcome> Dispatch(Exchange& exchange) {
  switch (exchange.triage.kind) {
    case RequestKind::kProviderRoute:
      co_return co_await ServeProviderRoute(exchange);
    case RequestKind::kConnect:
      co_return co_await ServeConnect(exchange);
    case RequestKind::kForwardHttp:
      co_return co_await ServeForwardHttp(exchange);
    case RequestKind::kHealth:
      break;
  }
  co_return Outcome{};
}

// Handles one request whose header has been read; returns whether to read another.
asio::awaitable<bool> HandleRequest(GateContext& context, Downstream& socket,
                                    beast::flat_buffer& buffer,
                                    http::request_parser<http::empty_body>& parser,
                                    AuditRecord& record, Watchdog& watchdog) {
  const auto start = SteadyClock::now();
  const Millis write_timeout = context.config.timeouts.header;
  const unsigned version = parser.get().version();
  DescribeRequest(parser.get(), record);
  auto verdict =
      TriageRequest(parser.get(), TriageContext{context.config, context.policy, context.auth});
  if (auto* refused = std::get_if<Refusal>(&verdict)) {
    NoteRefusal(record, *refused);
    Log(context, record, start);
    co_await SendRefusal(socket, *refused, version, watchdog, write_timeout);
    co_return false;
  }
  const Triage& triage = std::get<Triage>(verdict);
  if (triage.kind == RequestKind::kHealth) {
    // Not audited: a health check every few seconds would drown the log.
    co_return co_await SendHealth(socket, version, parser.get().keep_alive(), watchdog,
                                  write_timeout);
  }
  record.kind = std::string(RequestKindName(triage.kind));
  record.path = triage.audit_path;
  if (triage.kind != RequestKind::kProviderRoute) record.host = DestinationText(triage.destination);
  auto admitted = context.limits.Admit(SteadyClock::now());
  Outcome outcome;
  if (auto* refused = std::get_if<Refusal>(&admitted)) {
    outcome = Refused(std::move(*refused));
  } else {
    Exchange exchange{context, socket, buffer, parser, triage, record, watchdog};
    outcome = co_await Dispatch(exchange);
  }
  if (outcome.refusal) NoteRefusal(record, *outcome.refusal);
  Log(context, record, start);
  if (outcome.refusal)
    co_await SendRefusal(socket, *outcome.refusal, version, watchdog, write_timeout);
  co_return outcome.keep_alive && !outcome.refusal;
}

}  // namespace

Refusal HeaderReadRefusal(const error_code& ec, bool timed_out) {
  if (timed_out) {
    return Refuse(408, "header-timeout", "the request header did not arrive in time",
                  "Send the whole header within timeouts.header_seconds.");
  }
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
    return Refuse(431, "header-too-large", "the request header is too large",
                  "An operator can raise limits.max_header_bytes in the gate config.");
  }
  if (ec == http::error::body_limit) {
    return Refuse(413, "body-too-large", "the request body is larger than the gate accepts",
                  "An operator can raise limits.max_body_bytes in the gate config.");
  }
  if (ec == http::error::bad_content_length || ec == http::error::bad_transfer_encoding) {
    return Refuse(400, "ambiguous-framing",
                  "conflicting Content-Length or Transfer-Encoding headers");
  }
  if (ec == http::error::partial_message || ec == asio::error::eof ||
      ec == http::error::end_of_stream) {
    return Refuse(400, "incomplete-request", "the connection ended inside the request header");
  }
  return Refuse(400, "malformed-request", "malformed request: " + ec.message());
}

asio::awaitable<void> RunSession(GateContext& context, Downstream socket, std::string caller) {
  beast::flat_buffer buffer;
  Watchdog watchdog(socket.get_executor());
  const auto& timeouts = context.config.timeouts;
  bool first = true;
  for (bool keep_alive = true; keep_alive; first = false) {
    http::request_parser<http::empty_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(context.config.limits.max_header_bytes));
    parser.body_limit(context.config.limits.max_body_bytes);
    // Cancel rather than close: the session still answers 408.
    watchdog.Arm(timeouts.header, timeouts.header, [&socket] {
      error_code ignored;
      socket.cancel(ignored);
    });
    error_code ec;
    co_await http::async_read_header(socket, buffer, parser, Await(ec));
    bool timed_out = watchdog.expired();
    watchdog.Disarm();
    AuditRecord record;
    record.time = std::chrono::system_clock::now();
    record.caller = caller;
    if (ec) {
      // A kept-alive connection that closes or idles between requests is not a refusal.
      if (!parser.got_some() && buffer.size() == 0 && (!timed_out || !first)) break;
      Refusal refusal = HeaderReadRefusal(ec, timed_out);
      record.kind = "invalid";
      NoteRefusal(record, refusal);
      context.audit->Write(record);
      co_await SendRefusal(socket, refusal, 11, watchdog, timeouts.header);
      break;
    }
    keep_alive = co_await HandleRequest(context, socket, buffer, parser, record, watchdog);
  }
  watchdog.Disarm();
  error_code ignored;
  socket.close(ignored);
}

}  // namespace llmbox::gate
