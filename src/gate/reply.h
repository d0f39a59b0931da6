// Responses the gate writes itself: refusals and the health check.
//
// A refusal always closes the connection (`Connection: close`): after a
// malformed or refused request the rest of the byte stream cannot be trusted
// to start a new request. Writing is bounded by a timeout so a caller that
// never reads cannot hold the connection open.
#pragma once

#include "gate/asio.h"
#include "gate/gate_config.h"
#include "gate/refusal.h"
#include "gate/watchdog.h"

namespace llmbox::gate {

http::response<http::string_body> RefusalResponse(const Refusal& refusal, unsigned version);

asio::awaitable<void> SendRefusal(Downstream& caller, const Refusal& refusal, unsigned version,
                                  Watchdog& watchdog, Millis timeout);

// 200 "ok" to GET /healthz; keeps the connection open when the caller asked.
asio::awaitable<bool> SendHealth(Downstream& caller, unsigned version, bool keep_alive,
                                 Watchdog& watchdog, Millis timeout);

}  // namespace llmbox::gate
