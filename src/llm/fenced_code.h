// `llm -x/--extract` and `--xl/--extract-last`: the first (or last) fenced
// code block of an answer, found as llm 0.32's extract_fenced_code_block
// finds it (llm/utils.py): an opening line of three or more backticks and an
// optional word (the language), the code, then a line holding exactly as
// many backticks, optionally followed by spaces. No block: nullopt, and the
// caller prints the whole answer, as llm does.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace llmbox {

std::optional<std::string> ExtractFencedCode(std::string_view text, bool last);

}  // namespace llmbox
