#include "gate/refusal.h"

namespace llmbox::gate {

Refusal Refuse(unsigned status, std::string reason, std::string message, std::string hint) {
  return Refusal{status, std::move(reason), std::move(message), std::move(hint), false};
}

Refusal Fail(unsigned status, std::string reason, std::string message, std::string hint) {
  return Refusal{status, std::move(reason), std::move(message), std::move(hint), true};
}

std::string Printable(std::string_view untrusted, size_t max) {
  std::string out;
  for (char c : untrusted) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  return out;
}

std::string RefusalBody(const Refusal& refusal) {
  std::string body = "llm-gate: " + refusal.message + "\n";
  if (!refusal.hint.empty()) body += refusal.hint + "\n";
  return body;
}

std::string_view RefusalHeaderName(const Refusal& refusal) {
  return refusal.failure ? "X-Llmbox-Error" : "X-Llmbox-Refused";
}

}  // namespace llmbox::gate
