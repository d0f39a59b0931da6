#include "llm/model_listing.h"

#include <algorithm>
#include <cctype>

#include "llm/provider.h"

namespace llmbox {

std::vector<std::string> WrapWords(std::string_view text, size_t width) {
  std::vector<std::string> lines;
  std::string line;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t end = i;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    std::string_view word = text.substr(i, end - i);
    i = end;
    while (!word.empty()) {
      const size_t room = line.empty() ? width : width - std::min(width, line.size() + 1);
      if (word.size() <= room) {
        if (!line.empty()) line += ' ';
        line += word;
        word = {};
      } else if (line.empty()) {  // longer than a whole line: split it
        lines.emplace_back(word.substr(0, width));
        word.remove_prefix(width);
      } else {
        lines.push_back(std::move(line));
        line.clear();
      }
    }
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

std::string RenderModelWithOptions(const ModelInfo& model, std::set<std::string>& described) {
  std::string out = ModelListLine(model);
  auto provider = FindProvider(model.provider);
  if (provider.ok() && (*provider)->option_specs != nullptr) {
    const auto specs = (*provider)->option_specs();
    const bool describe = described.insert(model.provider).second;
    if (!specs.empty()) out += "\n  Options:";
    for (const ChatOptionSpec& spec : specs) {
      out += "\n    " + std::string(spec.name) + ": " + std::string(spec.type);
      if (!describe || spec.description.empty()) continue;
      for (const std::string& line : WrapWords(spec.description, 70)) out += "\n      " + line;
    }
  }
  if (model.can_stream) out += "\n  Features:\n  - streaming";
  if (!model.key_name.empty()) {
    out += "\n  Keys:\n    key: " + model.key_name;
    if (!model.key_env.empty()) out += "\n    env_var: " + model.key_env;
  }
  return out;
}

}  // namespace llmbox
