// See untrusted_json.h for what this guards against.
#include "llm/untrusted_json.h"

#include <string>

#include "common/redact.h"
#include "llm/provider_error.h"
#include "llm/utf8_repair.h"

namespace llmbox {

Error MalformedServerText(std::string_view what, std::string_view text) {
  return MakeError(ErrorKind::kParse, "the server sent " + std::string(what) + ": '" +
                                          Redact(OnePrintableLine(text, 80)) + "'");
}

bool JsonDepthWithin(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

Result<nlohmann::json> ParseUntrustedObject(std::string_view text, std::string_view what) {
  std::string repaired;
  if (!IsValidUtf8(text)) {
    repaired = RepairUtf8(text);
    text = repaired;
  }
  if (!JsonDepthWithin(text, kMaxUntrustedJsonDepth)) {
    return MalformedServerText(std::string(what) + " nested too deeply", text.substr(0, 80));
  }
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return MalformedServerText("malformed JSON in " + std::string(what), text);
  if (!doc.is_object()) return MalformedServerText("unexpected JSON in " + std::string(what), text);
  return doc;
}

}  // namespace llmbox
