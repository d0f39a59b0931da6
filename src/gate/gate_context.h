// Everything the gate's connections share, built once at start-up from the
// config: the policy, the caller token's digest, the provider keys, the TLS
// client context, the limits, the budget and the audit log. Read-only after
// start-up except for the parts that lock (limits, budget, audit log).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "gate/asio.h"
#include "gate/audit_log.h"
#include "gate/caller_auth.h"
#include "gate/egress_policy.h"
#include "gate/gate_config.h"
#include "gate/request_limits.h"
#include "gate/token_budget.h"
#include "gate/upstream_pool.h"

namespace llmbox::gate {

struct GateContext {
  GateContext(GateConfig c, std::string_view token);

  GateConfig config;
  EgressPolicy policy;
  CallerAuth auth;
  std::map<std::string, std::string>
      keys;  // provider name -> key; absent when it could not be read
  asio::ssl::context tls{asio::ssl::context::tls_client};
  RequestLimits limits;
  TokenBudget budget;
  std::unique_ptr<AuditLog> audit;
  UpstreamPool pool{8, std::chrono::seconds(15)};  // idle provider connections, per provider
  std::atomic<size_t> open_connections{0};
};

// Loads the caller token (required) and the provider keys (a missing key is a
// warning: that route answers 503 until the gate restarts with it).
Result<std::unique_ptr<GateContext>> MakeGateContext(GateConfig config,
                                                     std::vector<std::string>& warnings);

}  // namespace llmbox::gate
