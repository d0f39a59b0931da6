// libFuzzer target for fragment text, which comes from files, URLs and
// logs.db (untrusted bytes): the UTF-8 repair a URL body gets, llm's joining
// rules, `llm fragments list`'s PyYAML-style output (literal blocks) and the
// code fence `llm logs -e` may add. Checks that the YAML is ASCII only (as
// PyYAML writes it with allow_unicode off), that a joined prompt ends with
// the prompt text, and that a fenced fragment keeps its text inside.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "llm/fragment.h"
#include "llm/logs_format.h"
#include "llm/logs_yaml.h"
#include "llm/utf8_repair.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = llmbox::RepairUtf8(
      std::string_view(reinterpret_cast<const char*>(data), size));
  const std::vector<llmbox::Fragment> fragments = {{text, "-"}, {text, ""}};
  if (!llmbox::JoinPromptFragments(fragments, "q").ends_with(text + "\nq")) std::abort();
  if (llmbox::JoinSystemFragments(fragments, "").size() > 2 * text.size() + 2) std::abort();

  llmbox::PyYamlStyle style;
  style.width = 1 << 30;
  style.literal_multiline = true;
  nlohmann::ordered_json item;
  item["hash"] = llmbox::FragmentHash(text);
  item["content"] = llmbox::TruncateLikeLlm(text);
  const std::string yaml = llmbox::DumpYamlLikePyYaml(nlohmann::ordered_json::array({item}), style);
  for (char c : yaml) {
    if (static_cast<unsigned char>(c) >= 0x80) std::abort();
  }
  const std::string fenced = llmbox::MaybeFencedCode(text);
  if (fenced != text && fenced.find("```") == std::string::npos) std::abort();
  return 0;
}
