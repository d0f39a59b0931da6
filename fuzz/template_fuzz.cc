// libFuzzer target for template files: parsing (YAML, UTF-8 and size checks,
// alias and depth limits), rendering the prompt and system with the template's
// defaults, and the --save/show writer. Besides crashes, sanitizer reports and
// time-outs (alias bombs) it checks one property: a template written in the
// --save layout parses back to the same prompt, system, defaults and options.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "llm/template_file.h"
#include "llm/template_render.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto t = llmbox::ParseTemplate(bytes, "fuzz", "fuzz.yaml");
  if (!t) return 0;
  llmbox::TemplateParams params{{"input", "INPUT"}};
  for (const auto& [key, value] : t->defaults.items())
    params.emplace(key, llmbox::ParamText(value));
  for (const auto& text : {t->prompt, t->system}) {
    if (text) (void)llmbox::Interpolate(*text, params, t->Origin());
  }
  (void)llmbox::TemplateToYaml(*t, llmbox::YamlLayout::kShow);
  const std::string saved = llmbox::TemplateToYaml(*t, llmbox::YamlLayout::kSave);
  auto back = llmbox::ParseTemplate(saved, "fuzz", "saved.yaml");
  if (!back) {
    // A template whose values only pass as escapes may be refused again
    // (control characters); anything else is a writer bug.
    if (back.error().message.find("control character") == std::string::npos) std::abort();
    return 0;
  }
  const auto text_of = [](const auto& v) { return v ? v->text : std::string("<none>"); };
  if (text_of(back->prompt) != text_of(t->prompt) || text_of(back->system) != text_of(t->system) ||
      back->defaults != t->defaults || back->options != t->options) {
    std::abort();
  }
  return 0;
}
