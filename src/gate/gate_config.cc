#include "gate/gate_config.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace llmbox::gate {
namespace {

using Json = nlohmann::json;

// Thrown only inside this file and caught in ParseGateConfig: it lets the
// section parsers read straight-line instead of checking every field access.
struct ConfigError {
  std::string message;
};

[[noreturn]] void Bad(const std::string& where, const std::string& problem) {
  throw ConfigError{where + ": " + problem};
}

void CheckKeys(const Json& obj, const std::set<std::string>& allowed, const std::string& where) {
  if (!obj.is_object()) Bad(where, "must be an object");
  for (const auto& [key, value] : obj.items()) {
    if (!allowed.count(key)) Bad(where, "unknown key \"" + key + "\"");
  }
}

std::string String(const Json& j, const std::string& where) {
  if (!j.is_string()) Bad(where, "must be a string");
  return j.get<std::string>();
}

double Number(const Json& j, const std::string& where, double min, double max) {
  if (!j.is_number()) Bad(where, "must be a number");
  double v = j.get<double>();
  if (!std::isfinite(v) || v < min || v > max) {
    Bad(where, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return v;
}

std::vector<std::string> Strings(const Json& j, const std::string& where) {
  if (!j.is_array()) Bad(where, "must be a list of strings");
  std::vector<std::string> out;
  for (const auto& item : j) out.push_back(String(item, where));
  return out;
}

SecretSource ParseSecret(const Json& j, const std::string& where) {
  CheckKeys(j, {"env", "file"}, where);
  SecretSource s;
  if (j.contains("env")) s.env = String(j["env"], where + ".env");
  if (j.contains("file")) s.file = String(j["file"], where + ".file");
  if (s.empty() || (!s.env.empty() && !s.file.empty())) {
    Bad(where, "give exactly one of {\"env\": \"NAME\"} or {\"file\": \"/run/secrets/NAME\"}");
  }
  return s;
}

UnixListen ParseUnix(const Json& j) {
  const std::string where = "listen.unix";
  CheckKeys(j, {"path", "mode", "group", "allowed_uids"}, where);
  UnixListen u;
  if (!j.contains("path")) Bad(where, "\"path\" is required");
  u.path = String(j["path"], where + ".path");
  if (j.contains("mode")) {
    std::string mode = String(j["mode"], where + ".mode");
    size_t used = 0;
    unsigned long v = 0;
    try {
      v = std::stoul(mode, &used, 8);
    } catch (...) {
      used = 0;
    }
    if (used != mode.size() || v > 0777) Bad(where + ".mode", "must be octal text like \"0660\"");
    if (v & 0007) Bad(where + ".mode", "must not give other users access (last digit 0)");
    u.mode = static_cast<unsigned>(v);
  }
  if (j.contains("group"))
    u.group = static_cast<gid_t>(Number(j["group"], where + ".group", 0, 4e9));
  if (j.contains("allowed_uids")) {
    if (!j["allowed_uids"].is_array()) Bad(where + ".allowed_uids", "must be a list of numbers");
    for (const auto& uid : j["allowed_uids"]) {
      u.allowed_uids.push_back(static_cast<uid_t>(Number(uid, where + ".allowed_uids", 0, 4e9)));
    }
  }
  return u;
}

void ParseListen(const Json& j, GateConfig& c) {
  CheckKeys(j, {"unix", "tcp"}, "listen");
  if (j.contains("unix")) c.unix_listen = ParseUnix(j["unix"]);
  if (j.contains("tcp")) {
    c.tcp_listen = String(j["tcp"], "listen.tcp");
    auto parsed = ParseAuthority(c.tcp_listen, 0);
    if (!parsed.ok() || parsed->host.kind == HostKind::kName) {
      Bad("listen.tcp", "must be an IP address and port, e.g. \"0.0.0.0:8080\"");
    }
  }
}

void ParseUpstream(const std::string& url, ProviderConfig& p, const std::string& where) {
  constexpr std::string_view kScheme = "https://";
  if (url.compare(0, kScheme.size(), kScheme) != 0) Bad(where, "must start with https://");
  std::string rest = url.substr(kScheme.size());
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string base = slash == std::string::npos ? "" : rest.substr(slash);
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (base.find_first_of("?#%\\ ") != std::string::npos)
    Bad(where, "has characters not allowed in a base path");
  auto dest = ParseAuthority(authority, 443);
  if (!dest.ok()) Bad(where, dest.error().message);
  p.upstream = url;
  p.upstream_host = dest->host.text;
  p.upstream_port = dest->port;
  p.upstream_base = base;
}

ProviderConfig ParseProvider(const std::string& name, const Json& j, ProviderConfig p) {
  const std::string where = "providers." + name;
  CheckKeys(j, {"upstream", "key", "key_style", "models", "daily_token_budget", "path_prefixes"},
            where);
  p.name = name;
  if (j.contains("upstream")) ParseUpstream(String(j["upstream"], where), p, where + ".upstream");
  if (p.upstream.empty())
    Bad(where, "\"upstream\" is required for a provider the gate does not know");
  if (j.contains("key")) p.key = ParseSecret(j["key"], where + ".key");
  if (p.key.empty()) Bad(where, "\"key\" is required");
  if (j.contains("key_style")) {
    std::string style = String(j["key_style"], where + ".key_style");
    if (style != "bearer" && style != "x-api-key")
      Bad(where + ".key_style", "must be \"bearer\" or \"x-api-key\"");
    p.key_style = style == "bearer" ? KeyStyle::kBearer : KeyStyle::kXApiKey;
  }
  if (j.contains("models")) p.models = Strings(j["models"], where + ".models");
  if (j.contains("daily_token_budget")) {
    p.daily_token_budget = static_cast<uint64_t>(
        Number(j["daily_token_budget"], where + ".daily_token_budget", 0, 1e15));
  }
  if (j.contains("path_prefixes")) {
    p.path_prefixes = Strings(j["path_prefixes"], where + ".path_prefixes");
    for (const auto& prefix : p.path_prefixes) {
      if (prefix.empty() || prefix.front() != '/')
        Bad(where + ".path_prefixes", "each must start with /");
    }
  }
  return p;
}

std::vector<ProviderConfig> DefaultProviders() {
  ProviderConfig openai;
  openai.name = "openai";
  openai.key = SecretSource{"OPENAI_API_KEY", ""};
  openai.key_style = KeyStyle::kBearer;
  ParseUpstream("https://api.openai.com", openai, "default");
  ProviderConfig anthropic;
  anthropic.name = "anthropic";
  anthropic.key = SecretSource{"ANTHROPIC_API_KEY", ""};
  anthropic.key_style = KeyStyle::kXApiKey;
  ParseUpstream("https://api.anthropic.com", anthropic, "default");
  return {openai, anthropic};
}

void ParseProviders(const Json& j, GateConfig& c) {
  if (!j.is_object()) Bad("providers", "must be an object of provider name to settings");
  for (const auto& [name, value] : j.items()) {
    bool valid =
        !name.empty() && name != "healthz" && std::all_of(name.begin(), name.end(), [](char ch) {
          return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
        });
    if (!valid)
      Bad("providers", "name \"" + name + "\" must be lower-case letters, digits, hyphens");
    const std::string wanted = name;  // clang 14 cannot capture a structured binding
    auto existing = std::find_if(c.providers.begin(), c.providers.end(),
                                 [&](const ProviderConfig& p) { return p.name == wanted; });
    if (existing != c.providers.end()) {
      *existing = ParseProvider(name, value, *existing);
    } else {
      c.providers.push_back(ParseProvider(name, value, ProviderConfig{}));
    }
  }
}

void ParseEgress(const Json& root, GateConfig& c) {
  if (root.contains("allow_hosts")) {
    for (const auto& entry : Strings(root["allow_hosts"], "allow_hosts")) {
      auto pattern = ParseHostPattern(entry);
      if (!pattern.ok()) Bad("allow_hosts", pattern.error().message);
      c.egress.hosts.push_back(*pattern);
    }
  }
  if (root.contains("allow_ports")) {
    c.egress.ports.clear();
    if (!root["allow_ports"].is_array()) Bad("allow_ports", "must be a list of port numbers");
    for (const auto& port : root["allow_ports"]) {
      c.egress.ports.push_back(static_cast<uint16_t>(Number(port, "allow_ports", 1, 65535)));
    }
  }
  if (root.contains("allow_addresses")) {
    for (const auto& entry : Strings(root["allow_addresses"], "allow_addresses")) {
      auto range = ParseCidr(entry);
      if (!range.ok()) Bad("allow_addresses", range.error().message);
      c.egress.allowed_ranges.push_back(*range);
    }
  }
  if (root.contains("hosts")) {
    if (!root["hosts"].is_object()) Bad("hosts", "must map names to lists of addresses");
    for (const auto& [name, list] : root["hosts"].items()) {
      auto host = ParseHostName(name);
      if (!host.ok() || host->kind != HostKind::kName)
        Bad("hosts", "\"" + name + "\" is not a host name");
      auto& addresses = c.static_hosts[host->text];
      for (const auto& text : Strings(list, "hosts." + name)) {
        boost::system::error_code ec;
        auto a = boost::asio::ip::make_address(text, ec);
        if (ec) Bad("hosts." + name, "\"" + text + "\" is not an IP address");
        addresses.push_back(a);
      }
    }
  }
}

void ParseLimits(const Json& j, GateLimits& l) {
  CheckKeys(j,
            {"max_header_bytes", "max_body_bytes", "max_connections", "max_concurrent_requests",
             "requests_per_minute"},
            "limits");
  auto size = [&](const char* key, size_t& out, double min, double max) {
    if (j.contains(key))
      out = static_cast<size_t>(Number(j[key], std::string("limits.") + key, min, max));
  };
  size("max_header_bytes", l.max_header_bytes, 1024, 1 << 20);
  size("max_body_bytes", l.max_body_bytes, 0, 1ull << 32);
  size("max_connections", l.max_connections, 1, 1e6);
  size("max_concurrent_requests", l.max_concurrent_requests, 1, 1e6);
  if (j.contains("requests_per_minute")) {
    l.requests_per_minute = Number(j["requests_per_minute"], "limits.requests_per_minute", 0, 1e9);
  }
}

void ParseTimeouts(const Json& j, GateTimeouts& t) {
  CheckKeys(j, {"header_seconds", "idle_seconds", "total_seconds", "connect_seconds"}, "timeouts");
  auto seconds = [&](const char* key, Millis& out) {
    if (j.contains(key)) {
      out = Millis(
          static_cast<int64_t>(Number(j[key], std::string("timeouts.") + key, 0.01, 1e6) * 1000));
    }
  };
  seconds("header_seconds", t.header);
  seconds("idle_seconds", t.idle);
  seconds("total_seconds", t.total);
  seconds("connect_seconds", t.connect);
}

void ParseRoot(const Json& root, GateConfig& c) {
  CheckKeys(root,
            {"listen", "caller_token", "providers", "allow_hosts", "allow_ports", "allow_addresses",
             "hosts", "limits", "timeouts", "tls", "audit", "threads"},
            "config");
  if (!root.contains("listen")) Bad("config", "\"listen\" is required");
  ParseListen(root["listen"], c);
  if (!c.unix_listen && c.tcp_listen.empty()) Bad("listen", "give \"unix\", \"tcp\" or both");
  if (!root.contains("caller_token")) Bad("config", "\"caller_token\" is required");
  c.caller_token = ParseSecret(root["caller_token"], "caller_token");
  c.providers = DefaultProviders();
  if (root.contains("providers")) ParseProviders(root["providers"], c);
  ParseEgress(root, c);
  if (root.contains("limits")) ParseLimits(root["limits"], c.limits);
  if (root.contains("timeouts")) ParseTimeouts(root["timeouts"], c.timeouts);
  if (root.contains("tls")) {
    CheckKeys(root["tls"], {"ca_file", "extra_ca_file"}, "tls");
    if (root["tls"].contains("ca_file")) c.ca_file = String(root["tls"]["ca_file"], "tls.ca_file");
    if (root["tls"].contains("extra_ca_file"))
      c.extra_ca_file = String(root["tls"]["extra_ca_file"], "tls.extra_ca_file");
  }
  if (root.contains("audit")) {
    CheckKeys(root["audit"], {"path"}, "audit");
    if (root["audit"].contains("path")) c.audit_path = String(root["audit"]["path"], "audit.path");
  }
  if (root.contains("threads"))
    c.threads = static_cast<unsigned>(Number(root["threads"], "threads", 1, 64));
}

}  // namespace

Result<GateConfig> ParseGateConfig(std::string_view json_text) {
  Json root = Json::parse(json_text, nullptr, false);
  if (root.is_discarded()) return MakeError(ErrorKind::kConfig, "config is not valid JSON");
  GateConfig config;
  try {
    ParseRoot(root, config);
  } catch (const ConfigError& e) {
    return MakeError(ErrorKind::kConfig, "config: " + e.message);
  }
  return config;
}

Result<GateConfig> LoadGateConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorKind::kConfig, "cannot read config file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  auto config = ParseGateConfig(text.str());
  if (!config.ok()) return MakeError(ErrorKind::kConfig, path + ": " + config.error().message);
  return config;
}

const ProviderConfig* FindProvider(const GateConfig& config, std::string_view name) {
  for (const auto& p : config.providers) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace llmbox::gate
