// The OpenAI models llm 0.32 ships with, then the Claude models of the
// llm-anthropic plugin, with their ids, aliases and provider labels, in the
// order `llm models` lists them.
#pragma once

#include <vector>

#include "llm/model_info.h"

namespace llmbox {

std::vector<ModelInfo> BuiltinModels();

}  // namespace llmbox
