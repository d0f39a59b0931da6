#include "llm/command.h"

#include <cstdlib>

namespace llmbox {

EnvGetter ProcessEnv() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

}  // namespace llmbox
