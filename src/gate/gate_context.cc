#include "gate/gate_context.h"

#include "gate/secret_source.h"
#include "gate/upstream_tls.h"

namespace llmbox::gate {

GateContext::GateContext(GateConfig c, std::string_view token)
    : config(std::move(c)),
      policy(config.egress),
      auth(token),
      limits(config.limits.max_concurrent_requests, config.limits.requests_per_minute) {}

Result<std::unique_ptr<GateContext>> MakeGateContext(GateConfig config,
                                                     std::vector<std::string>& warnings) {
  auto token = LoadSecret(config.caller_token, "the caller token");
  if (!token.ok()) return token.error();
  if (token->size() < 16) {
    return MakeError(ErrorKind::kConfig,
                     "the caller token is shorter than 16 characters; "
                     "generate one with: openssl rand -hex 32");
  }
  auto context = std::make_unique<GateContext>(std::move(config), *token);
  std::vector<std::string> secrets{*token};
  for (const auto& provider : context->config.providers) {
    auto key = LoadSecret(provider.key, "the " + provider.name + " key");
    if (!key.ok()) {
      warnings.push_back(key.error().message + "; /" + provider.name + "/ will answer 503");
      continue;
    }
    secrets.push_back(*key);
    context->keys[provider.name] = std::move(*key);
  }
  if (auto tls = ConfigureUpstreamTls(context->tls, context->config); !tls.ok()) return tls.error();
  auto audit = AuditLog::Open(context->config.audit_path, std::move(secrets));
  if (!audit.ok()) return audit.error();
  context->audit = std::move(*audit);
  return context;
}

}  // namespace llmbox::gate
