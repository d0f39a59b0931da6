// libFuzzer target for what llmbox reads from attachment bytes and URLs:
// the magic-number sniffer, the Content-Type reducer and the Python-style
// JSON escaping behind URL attachment ids.
//
// Checks, beyond "does not crash": the sniffer only ever answers one of the
// types it documents; the escaped URL is pure printable ASCII and parses back
// as one JSON string.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "llm/attachment_id.h"
#include "llm/mime_sniff.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string type = llmbox::SniffMimeType(input);
  Require(type.empty() || type == "image/png" || type == "image/jpeg" || type == "image/gif" ||
          type == "image/webp" || type == "application/pdf" || type == "audio/wav" ||
          type == "audio/mpeg");
  (void)llmbox::BareMimeType(input);
  const std::string escaped = llmbox::PythonJsonString(input);
  for (char c : escaped) Require(c >= 0x20 && c < 0x7F);
  auto parsed = nlohmann::json::parse(escaped, nullptr, /*allow_exceptions=*/false);
  Require(parsed.is_string());
  return 0;
}
