#include "gate/header_policy.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "common/ascii.h"

namespace llmbox::gate {
namespace {

bool HasControlBytes(std::string_view value) {
  return std::any_of(value.begin(), value.end(),
                     [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

Refusal BadFraming(std::string reason, std::string message) {
  return Refuse(400, std::move(reason), std::move(message),
                "The request was malformed; the gate forwards only plainly framed HTTP/1.1.");
}

}  // namespace

std::optional<Refusal> CheckRequestFraming(const http::request_header<>& request) {
  if (request.version() != 10 && request.version() != 11) {
    return Refuse(505, "bad-version", "only HTTP/1.0 and HTTP/1.1 are accepted");
  }
  if (request.count(http::field::host) > 1) {
    return BadFraming("duplicate-host", "the request has more than one Host header");
  }
  size_t te_count = request.count(http::field::transfer_encoding);
  if (te_count > 0) {
    if (request.count(http::field::content_length) > 0) {
      return BadFraming("ambiguous-framing",
                        "the request has both Content-Length and Transfer-Encoding");
    }
    std::string te = AsciiLower(request[http::field::transfer_encoding]);
    if (te_count != 1 || te != "chunked") {
      return BadFraming("bad-transfer-encoding", "Transfer-Encoding must be exactly \"chunked\"");
    }
  }
  for (const auto& field : request) {
    if (HasControlBytes(field.name_string()) || HasControlBytes(field.value())) {
      return BadFraming("header-injection", "a header contains CR, LF or NUL");
    }
  }
  if (HasControlBytes(request.target())) {
    return BadFraming("header-injection", "the request target contains CR, LF or NUL");
  }
  return std::nullopt;
}

void StripHopByHop(http::fields& fields) {
  // Names listed in Connection are hop-by-hop too (RFC 9110 7.6.1).
  std::vector<std::string> listed;
  auto range = fields.equal_range(http::field::connection);
  for (auto it = range.first; it != range.second; ++it) {
    for (auto token : http::token_list{it->value()}) listed.emplace_back(token);
  }
  for (const auto& name : listed) fields.erase(name);
  static constexpr std::array<http::field, 8> kHopByHop = {
      http::field::connection,          http::field::keep_alive, http::field::proxy_authenticate,
      http::field::proxy_authorization, http::field::te,         http::field::trailer,
      http::field::transfer_encoding,   http::field::upgrade};
  for (auto f : kHopByHop) fields.erase(f);
  fields.erase("Proxy-Connection");
}

bool IsCredentialHeader(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kMarkers = {
      "authorization", "api-key", "apikey", "token", "secret", "cookie", "password"};
  std::string lower = AsciiLower(name);
  return std::any_of(kMarkers.begin(), kMarkers.end(),
                     [&](std::string_view m) { return lower.find(m) != std::string::npos; });
}

void StripCallerCredentials(http::fields& fields) {
  std::vector<std::string> doomed;
  for (const auto& field : fields) {
    if (IsCredentialHeader(field.name_string())) doomed.emplace_back(field.name_string());
  }
  for (const auto& name : doomed) fields.erase(name);
}

void InjectProviderKey(http::fields& fields, KeyStyle style, std::string_view key) {
  if (style == KeyStyle::kBearer) {
    fields.set(http::field::authorization, "Bearer " + std::string(key));
  } else {
    fields.set("x-api-key", key);
  }
}

}  // namespace llmbox::gate
