// Runs the gate: opens the listeners, serves until SIGTERM or SIGINT.
#pragma once

#include "common/result.h"
#include "gate/gate_context.h"

namespace llmbox::gate {

Result<void> RunGate(GateContext& context);

}  // namespace llmbox::gate
