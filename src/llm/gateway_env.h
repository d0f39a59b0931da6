// Where the client's traffic goes when it runs behind llm-gate (the
// container): LLM_GATEWAY names the gate, either its Unix socket (a path, or
// unix:PATH) or its URL, and LLM_GATEWAY_TOKEN or LLM_GATEWAY_TOKEN_FILE
// holds the caller token the gate asks for. Provider models without their
// own api_base are sent to the gate's provider routes; every other outbound
// request (a custom api_base, an attachment URL) must use the gate's forward
// proxy on the same socket, since inside the container the socket is the
// only way out and the gate's allowlist decides what may be reached.
#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "llm/command.h"

namespace llmbox {

struct Gateway {
  std::string unix_socket;  // empty when the gate is reached by URL
  std::string base;         // e.g. http://llm-gate
  std::string token;
};

// None without LLM_GATEWAY; kConfig when the token file cannot be read.
Result<std::optional<Gateway>> FindGateway(const EnvGetter& env);

// The gate's forward proxy, for requests to hosts of the client's choosing:
// both empty when they go out directly (no gate, or a gate reached by URL).
struct GateProxy {
  std::string socket;
  std::string token;
};
GateProxy ForwardProxyOf(const std::optional<Gateway>& gateway);

}  // namespace llmbox
