// How the gate says no. Every refusal carries a machine-readable reason (the
// `X-Llmbox-Refused` header and the audit line) and a sentence a person can act
// on (the response body): what was refused, why, and what to change.
//
// Untrusted text (a host, a path) is echoed only through Printable(), so a
// refusal body cannot carry control characters or terminal escapes back to
// the caller's screen, and stays short.
#pragma once

#include <string>
#include <string_view>

namespace llmbox::gate {

struct Refusal {
  unsigned status = 403;
  std::string reason;   // a token such as "host-not-allowed"
  std::string message;  // what happened, in a sentence
  std::string hint;     // what the reader can do about it; may be empty
  // A gate-side failure (upstream down, TLS error) rather than a policy
  // decision: reported in `X-Llmbox-Error` instead of `X-Llmbox-Refused`.
  bool failure = false;
};

Refusal Refuse(unsigned status, std::string reason, std::string message, std::string hint = {});
Refusal Fail(unsigned status, std::string reason, std::string message, std::string hint = {});

// Untrusted text made safe to quote: printable ASCII only, at most `max` characters.
std::string Printable(std::string_view untrusted, size_t max = 120);

// The body sent with a refusal: "llm-gate: <message>\n<hint>\n".
std::string RefusalBody(const Refusal& refusal);

// The header that carries the reason: X-Llmbox-Refused or X-Llmbox-Error.
std::string_view RefusalHeaderName(const Refusal& refusal);

}  // namespace llmbox::gate
