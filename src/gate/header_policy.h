// Header rules for requests the gate forwards.
//
// Guards against request smuggling and credential mix-ups:
// - Framing the parser accepts but a proxy must not pass on (RFC 9112 6.1 and
//   6.3): a Transfer-Encoding other than exactly "chunked", more than one Host,
//   any HTTP version but 1.0 and 1.1. (Beast itself rejects Content-Length
//   together with Transfer-Encoding, conflicting Content-Lengths, and CR, LF
//   or NUL inside a header; CheckRequestFraming checks those again so the rule
//   does not depend on one parser's behaviour.) The gate never forwards the
//   caller's framing: bodies are read whole and re-sent with Content-Length.
// - Hop-by-hop headers (RFC 9110 7.6.1), including any named in Connection,
//   stop at the gate.
// - Provider routes drop every header that may carry a credential (any name
//   containing authorization, api-key, apikey, token, secret, cookie or
//   password) and then add the gate's own key, so a caller can neither supply
//   a key nor learn which one is used.
#pragma once

#include <optional>
#include <string_view>

#include "gate/asio.h"
#include "gate/gate_config.h"
#include "gate/refusal.h"

namespace llmbox::gate {

std::optional<Refusal> CheckRequestFraming(const http::request_header<>& request);

// Removes hop-by-hop headers and every header the Connection header names.
void StripHopByHop(http::fields& fields);

// True for a header name that may carry a credential.
bool IsCredentialHeader(std::string_view name);

// Removes every credential-bearing header, the gate's own token header included.
void StripCallerCredentials(http::fields& fields);

void InjectProviderKey(http::fields& fields, KeyStyle style, std::string_view key);

}  // namespace llmbox::gate
