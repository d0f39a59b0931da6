#include "gate/provider_route.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "common/ascii.h"

namespace llmbox::gate {
namespace {

Refusal BadPath(std::string_view why) {
  return Refuse(400, "bad-path", "refused path: " + std::string(why),
                "Provider routes take plain paths such as /openai/v1/chat/completions.");
}

// Dot segments, encoded dots and slashes, and backslashes could all be
// normalised by an upstream into a path the prefix check never saw.
std::optional<Refusal> CheckPath(std::string_view path) {
  if (path.find('\\') != std::string_view::npos) return BadPath("it contains a backslash");
  std::string lower = AsciiLower(path);
  if (lower.find("%2e") != std::string::npos || lower.find("%2f") != std::string::npos ||
      lower.find("%5c") != std::string::npos || lower.find("%00") != std::string::npos) {
    return BadPath("it contains an encoded dot, slash, backslash or NUL");
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") return BadPath("it contains a . or .. segment");
    start = end + 1;
  }
  if (path.find("//") != std::string_view::npos) return BadPath("it contains an empty segment");
  return std::nullopt;
}

std::string RouteList(const GateConfig& config) {
  std::string list;
  for (const auto& p : config.providers) list += (list.empty() ? "/" : ", /") + p.name + "/";
  return list;
}

}  // namespace

std::variant<ProviderRoute, Refusal> MatchProviderRoute(const GateConfig& config,
                                                        std::string_view target) {
  if (target.empty() || target.front() != '/') return BadPath("the target is not a path");
  size_t query_at = target.find('?');
  std::string_view path = target.substr(0, query_at);
  std::string_view query = query_at == std::string_view::npos ? "" : target.substr(query_at);
  if (query.find('#') != std::string_view::npos || path.find('#') != std::string_view::npos) {
    return BadPath("it contains a fragment");
  }
  size_t second = path.find('/', 1);
  std::string_view name =
      path.substr(1, second == std::string_view::npos ? path.size() - 1 : second - 1);
  const ProviderConfig* provider = FindProvider(config, name);
  if (provider == nullptr || second == std::string_view::npos) {
    return Refuse(403, "unknown-route", "no provider route for " + Printable(path),
                  "The gate serves " + RouteList(config) +
                      " to providers; other destinations go through its forward proxy.");
  }
  std::string_view rest = path.substr(second);
  if (auto bad = CheckPath(rest)) return *bad;
  bool allowed = std::any_of(
      provider->path_prefixes.begin(), provider->path_prefixes.end(),
      [&](const std::string& prefix) { return rest.substr(0, prefix.size()) == prefix; });
  if (!allowed) {
    return Refuse(
        403, "path-not-allowed",
        "refused " + Printable(path) + ": the " + provider->name + " route forwards only " +
            "paths under its path_prefixes",
        "Add the prefix to providers." + provider->name + ".path_prefixes in the gate config.");
  }
  ProviderRoute route;
  route.provider = provider;
  route.path = std::string(rest);
  route.upstream_target = provider->upstream_base + std::string(rest) + std::string(query);
  return route;
}

bool ModelAllowed(const ProviderConfig& provider, std::string_view model) {
  if (provider.models.empty()) return true;
  return std::any_of(provider.models.begin(), provider.models.end(), [&](const std::string& m) {
    if (!m.empty() && m.back() == '*') {
      std::string_view prefix(m.data(), m.size() - 1);
      return model.substr(0, prefix.size()) == prefix;
    }
    return m == model;
  });
}

}  // namespace llmbox::gate
