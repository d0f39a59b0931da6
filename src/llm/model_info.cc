#include "llm/model_info.h"

#include <algorithm>
#include <cctype>

#include "common/ascii.h"

namespace llmbox {

std::string ModelListLine(const ModelInfo& model) {
  std::string line = model.provider + ": " + model.model_id;
  if (model.aliases.empty()) return line;
  line += " (aliases: ";
  for (size_t i = 0; i < model.aliases.size(); ++i) {
    if (i > 0) line += ", ";
    line += model.aliases[i];
  }
  return line + ")";
}

bool ModelMatchesQuery(const ModelInfo& model, std::string_view query) {
  const std::string q = AsciiLower(query);
  auto has = [&q](std::string_view text) { return AsciiLower(text).find(q) != std::string::npos; };
  if (has(model.provider + ": " + model.model_id)) return true;
  return std::any_of(model.aliases.begin(), model.aliases.end(), has);
}

std::vector<std::string> OpenAiVisionAttachmentTypes() {
  return {"image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf"};
}

std::vector<std::string> OpenAiAudioAttachmentTypes() { return {"audio/wav", "audio/mpeg"}; }

}  // namespace llmbox
