// Reading a request body from the caller, bounded in size and time.
//
// Guards against memory exhaustion and slow uploads: at most
// limits.max_body_bytes (413 beyond), and the whole body within
// timeouts.idle_seconds (408 beyond). Chunked bodies are decoded by Beast's
// parser; the gate re-frames the body with Content-Length when it forwards
// it, so the caller's framing never reaches an upstream. `Expect:
// 100-continue` (RFC 9110 10.1.1) is answered only after the header has
// passed every check, so a refused caller never uploads its body.
#pragma once

#include <variant>

#include "gate/exchange.h"

namespace llmbox::gate {

using BodyRequest = http::request<http::string_body>;

asio::awaitable<std::variant<BodyRequest, Refusal>> ReadRequestBody(Exchange& exchange);

}  // namespace llmbox::gate
