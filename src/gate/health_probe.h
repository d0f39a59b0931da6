// `llm-gate --healthcheck`: the container health check. A scratch image has
// no shell or curl, so the gate asks itself: GET /healthz over its own Unix
// socket (or TCP listener), two-second limit, exit status 0 when it answers 200.
#pragma once

#include "common/result.h"
#include "gate/gate_config.h"

namespace llmbox::gate {

Result<void> ProbeHealth(const GateConfig& config);

}  // namespace llmbox::gate
