// The gate's configuration: one JSON file, checked completely at load time so
// that a mistake stops the gate with one clear line instead of weakening it.
//
// Guards against configurations that allow more than their author meant:
// unknown keys (a typo such as "allow_host" would otherwise be ignored), an
// allowlist entry of `*` or a bare TLD (host_pattern.h), a provider upstream
// that is not https, a caller token source that is missing. Example:
// deploy/gate.json. Every field but `caller_token` has a default.
#pragma once

#include <sys/types.h>

#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "gate/egress_policy.h"
#include "gate/secret_source.h"

namespace llmbox::gate {

using Millis = std::chrono::milliseconds;

enum class KeyStyle {
  kBearer,   // Authorization: Bearer <key> (OpenAI and compatible APIs)
  kXApiKey,  // x-api-key: <key> (Anthropic)
};

struct UnixListen {
  std::string path;
  unsigned mode = 0660;             // file mode of the socket
  std::optional<gid_t> group;       // numeric group that owns the socket
  std::vector<uid_t> allowed_uids;  // when non-empty, peers (SO_PEERCRED) must be one of these
};

struct ProviderConfig {
  std::string name;           // route prefix: /<name>/...
  std::string upstream;       // https://host[:port][/base], as written
  std::string upstream_host;  // canonical host (name or IP literal)
  uint16_t upstream_port = 443;
  std::string upstream_base;  // path prefix on the upstream, no trailing slash
  KeyStyle key_style = KeyStyle::kBearer;
  SecretSource key;
  std::vector<std::string> models;  // allowed models ("name" or "prefix*"); empty: any
  uint64_t daily_token_budget = 0;  // input+output tokens per UTC day; 0: unlimited
  std::vector<std::string> path_prefixes{"/v1/"};  // upstream paths callers may use
};

struct GateLimits {
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 32 * 1024 * 1024;
  size_t max_connections = 2048;  // open caller connections; more are closed at accept
  size_t max_concurrent_requests = 1024;
  double requests_per_minute = 600;  // token bucket with a burst of one minute; 0: unlimited
};

struct GateTimeouts {
  Millis header{10'000};    // to receive a request's headers (slow-loris)
  Millis idle{300'000};     // no bytes in either direction
  Millis total{3'600'000};  // one request, start to end of its response or tunnel
  Millis connect{10'000};   // resolve + connect + TLS handshake upstream
};

struct GateConfig {
  std::optional<UnixListen> unix_listen;
  std::string tcp_listen;  // "host:port"; empty: no TCP listener
  SecretSource caller_token;
  std::vector<ProviderConfig> providers;
  EgressRules egress;
  // Fixed answers for names, consulted before DNS (tests, pinning).
  std::map<std::string, std::vector<boost::asio::ip::address>> static_hosts;
  GateLimits limits;
  GateTimeouts timeouts;
  std::string ca_file = "/etc/ssl/certs/ca-certificates.crt";
  std::string extra_ca_file;     // added to ca_file (a private or test CA)
  std::string audit_path = "-";  // "-": standard output
  unsigned threads = 1;
};

Result<GateConfig> ParseGateConfig(std::string_view json_text);
Result<GateConfig> LoadGateConfig(const std::string& path);

// The provider that serves `/name/...`, or nullptr.
const ProviderConfig* FindProvider(const GateConfig& config, std::string_view name);

}  // namespace llmbox::gate
