// One caller connection: read a request header under the header timeout,
// decide (request_triage.h), hand it to the right handler, write the audit
// line, and repeat while the connection may be kept alive.
//
// Guards against hostile request bytes: Beast's parser with a header size
// limit reads them (no hand-written parsing); a malformed request line,
// oversized header (431), CL+TE or other bad framing (400), or a header that
// never completes (408, slow-loris) is refused, logged, and the connection
// closed; only this connection is affected, and the gate serves the next.
// Refusals close the connection: after one, the rest of the stream is not
// trusted to be a request.
#pragma once

#include <string>

#include "gate/asio.h"
#include "gate/gate_context.h"
#include "gate/refusal.h"

namespace llmbox::gate {

// `caller` describes the peer for the audit log ("unix uid=1000").
asio::awaitable<void> RunSession(GateContext& context, Downstream socket, std::string caller);

// The refusal for a failed header read (exposed for tests and the fuzzer).
Refusal HeaderReadRefusal(const error_code& ec, bool timed_out);

}  // namespace llmbox::gate
