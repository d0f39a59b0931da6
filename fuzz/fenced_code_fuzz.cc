// libFuzzer target for -x/--xl code block extraction from a model's answer
// (untrusted bytes). Checks that an extracted block is a substring of the
// answer and that the last block never starts before the first.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "llm/fenced_code.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto first = llmbox::ExtractFencedCode(text, false);
  auto last = llmbox::ExtractFencedCode(text, true);
  if (first.has_value() != last.has_value()) std::abort();
  if (first &&
      (text.find(*first) == std::string_view::npos || text.find(*last) == std::string_view::npos)) {
    std::abort();
  }
  return 0;
}
