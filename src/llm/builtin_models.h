// The OpenAI models llm 0.32 ships with, with its ids, aliases and provider
// labels, in the order `llm models` lists them.
#pragma once

#include <vector>

#include "llm/model_info.h"

namespace llmbox {

std::vector<ModelInfo> BuiltinModels();

}  // namespace llmbox
