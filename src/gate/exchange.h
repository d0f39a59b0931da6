// One request in flight: what a handler (provider route, CONNECT, plain-HTTP
// proxy) needs from the session that read its header, and what it gives back.
#pragma once

#include <optional>

#include "gate/asio.h"
#include "gate/audit_log.h"
#include "gate/gate_context.h"
#include "gate/refusal.h"
#include "gate/request_triage.h"
#include "gate/watchdog.h"

namespace llmbox::gate {

struct Exchange {
  GateContext& context;
  Downstream& caller;
  beast::flat_buffer& buffer;                      // caller bytes read past the header
  http::request_parser<http::empty_body>& header;  // the request; its header has been read
  const Triage& triage;
  AuditRecord& record;  // handlers fill in what they learn
  Watchdog& watchdog;
};

struct Outcome {
  bool keep_alive = false;         // the caller's connection can carry another request
  std::optional<Refusal> refusal;  // not yet sent: the session sends it and logs it
};

inline Outcome Refused(Refusal refusal) { return Outcome{false, std::move(refusal)}; }

}  // namespace llmbox::gate
