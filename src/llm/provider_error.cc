// See provider_error.h for what this guards against.
#include "llm/provider_error.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "common/redact.h"
#include "llm/json_fields.h"
#include "llm/utf8_repair.h"

namespace llmbox {
namespace {

constexpr size_t kMaxRawBytes = 200;       // of a body that is not JSON
constexpr size_t kMaxMessageBytes = 1000;  // of a message the server wrote for us

// Whether the character at text[pos] (of `length` bytes) is a control:
// C0, DEL, or C1 (U+0080..U+009F, which some terminals obey as escapes).
bool IsControl(std::string_view text, size_t pos, size_t length) {
  const auto c = static_cast<unsigned char>(text[pos]);
  if (length == 1) return c < 0x20 || c == 0x7F;
  return length == 2 && c == 0xC2 && static_cast<unsigned char>(text[pos + 1]) < 0xA0;
}

std::string MessageFromJson(std::string_view body) {
  // Without exceptions: a parse failure yields a "discarded" value.
  const nlohmann::json doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return {};
  if (auto error = doc.find("error"); error != doc.end()) {
    if (error->is_string()) return error->get<std::string>();
    if (error->is_object()) {
      if (std::string message = StringAt(*error, "message"); !message.empty()) return message;
      if (std::string type = StringAt(*error, "type"); !type.empty()) return type;
    }
  }
  if (std::string message = StringAt(doc, "message"); !message.empty()) return message;
  return StringAt(doc, "detail");
}

std::string Hint(long status, std::string_view provider) {
  if (status == 401 || status == 403) {
    std::string key_name;
    for (char c : provider) {
      key_name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return " (check the key: llm keys set " + key_name + ")";
  }
  if (status == 429) return " (rate limited or out of quota)";
  if (status == 529) return " (the service is overloaded; try again later)";
  return {};
}

}  // namespace

std::string OnePrintableLine(std::string_view text, size_t max_bytes) {
  const std::string valid = RepairUtf8(text);
  std::string out;
  bool pending_space = false;
  for (size_t i = 0; i < valid.size();) {
    const size_t length = Utf8SequenceLength(valid, i);
    if (IsControl(valid, i, length) || valid[i] == ' ') {
      pending_space = !out.empty();
      i += length;
      continue;
    }
    const size_t needed = length + (pending_space ? 1 : 0);
    if (out.size() + needed > max_bytes) break;
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(valid, i, length);
    i += length;
  }
  return out;
}

std::string ProviderErrorMessage(long status, std::string_view body, std::string_view provider,
                                 const std::vector<std::string>& secrets) {
  std::string detail = OnePrintableLine(MessageFromJson(body), kMaxMessageBytes);
  if (detail.empty()) detail = OnePrintableLine(body, kMaxRawBytes);
  std::string line = std::string(provider) + " API error";
  if (status != 0) line += " " + std::to_string(status);
  line += detail.empty() ? std::string(" (empty reply)") : ": " + detail;
  line += Hint(status, provider);
  return Redact(line, secrets);
}

Error RedactedError(Error error, const std::vector<std::string>& secrets) {
  error.message = Redact(error.message, secrets);
  return error;
}

}  // namespace llmbox
