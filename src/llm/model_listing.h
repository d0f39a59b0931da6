// One model as `llm models list --options` prints it: the list line, then
// its options (name: type, and the description wrapped at 70 columns the
// first time a provider's options are shown), features and key.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "llm/model_info.h"

namespace llmbox {

// `described` holds the provider labels whose option descriptions were
// already printed; this call adds the model's.
std::string RenderModelWithOptions(const ModelInfo& model, std::set<std::string>& described);

// Python's textwrap.wrap(text, width) for plain text: greedy by words, runs
// of whitespace become one space, a word longer than `width` is split.
std::vector<std::string> WrapWords(std::string_view text, size_t width);

}  // namespace llmbox
