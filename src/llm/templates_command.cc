#include "llm/templates_command.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <memory>
#include <ostream>

#include "llm/config_paths.h"

namespace llmbox {
namespace {

struct Listed {
  std::string name;
  std::string text;
};

// What llm shows for a template: "system: S prompt: P", or just the prompt,
// on one line. Control characters (possible through YAML escapes) become
// spaces so a template cannot drive the terminal.
std::string Summary(const Template& t) {
  std::string text;
  if (t.system && !t.system->text.empty()) {
    text = "system: " + t.system->text;
    if (t.prompt && !t.prompt->text.empty()) text += " prompt: " + t.prompt->text;
  } else if (t.prompt) {
    text = t.prompt->text;
  }
  for (char& c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = ' ';
  }
  return text;
}

// Cuts at `width` bytes, as llm's display_truncated does, without splitting a
// UTF-8 sequence.
std::string Truncated(std::string line, size_t width) {
  if (line.size() <= width || width < 4) return line;
  size_t cut = width - 3;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  line.resize(cut);
  return line + "...";
}

// Every template of `dir` that parses, as llm lists them (invalid ones are skipped).
std::vector<Template> LoadAllQuietly(const std::string& dir) {
  std::vector<Template> out;
  ForEachTemplateFile(dir, [&](const std::string& name, Result<std::optional<std::string>> bytes) {
    if (!bytes || !bytes->has_value()) return;
    auto t = ParseTemplate(**bytes, name, JoinPath(dir, name + ".yaml"));
    if (t) out.push_back(std::move(*t));
  });
  return out;
}

size_t TerminalWidth(const Context& ctx) {
  if (auto cols = ctx.env("COLUMNS")) {
    size_t n = 0;
    auto [p, ec] = std::from_chars(cols->data(), cols->data() + cols->size(), n);
    if (ec == std::errc() && p == cols->data() + cols->size() && n > 0) return n;
  }
  winsize ws{};
  if (ctx.stdout_is_tty && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    return ws.ws_col;
  }
  return 80;
}

Result<void> ListTemplates(Context& ctx) {
  for (const std::string& line : TemplateListLines(FindTemplateDirs(ctx), TerminalWidth(ctx))) {
    *ctx.out << line << "\n";
  }
  return Ok();
}

Result<void> ShowTemplate(Context& ctx, const std::string& name) {
  auto t = LoadTemplate(FindTemplateDirs(ctx), name);
  if (!t) return t.error();
  *ctx.out << TemplateToYaml(*t, YamlLayout::kShow);
  return Ok();
}

Result<void> PrintTemplatesPath(Context& ctx) {
  const std::string dir = FindTemplateDirs(ctx).config;
  if (auto made = EnsureDir(dir); !made) return made.error();
  *ctx.out << dir << "\n";
  return Ok();
}

}  // namespace

std::vector<std::string> TemplateListLines(const TemplateDirs& dirs, size_t width) {
  std::vector<Listed> listed;
  const std::vector<std::string> own = TemplateNamesIn(dirs.config);
  for (const Template& t : LoadAllQuietly(dirs.config)) listed.push_back({t.name, Summary(t)});
  if (!dirs.library.empty()) {
    for (const Template& t : LoadAllQuietly(dirs.library)) {
      const bool shadowed = std::binary_search(own.begin(), own.end(), t.name);
      listed.push_back({t.name, (shadowed ? "[library, shadowed] " : "[library] ") + Summary(t)});
    }
  }
  std::stable_sort(listed.begin(), listed.end(),
                   [](const Listed& a, const Listed& b) { return a.name < b.name; });
  size_t pad = 0;
  for (const Listed& l : listed) pad = std::max(pad, l.name.size());
  std::vector<std::string> lines;
  lines.reserve(listed.size());
  for (const Listed& l : listed) {
    lines.push_back(
        Truncated(l.name + std::string(pad - l.name.size(), ' ') + " : " + l.text, width));
  }
  return lines;
}

void AddTemplatesCommand(CLI::App& app, Context& ctx, Runner& run) {
  auto name = std::make_shared<std::string>();
  CLI::App* templates = app.add_subcommand("templates", "Manage stored prompt templates");
  templates->require_subcommand(0, 1);
  templates->callback([templates, &ctx, &run] {
    if (templates->get_subcommands().empty()) run = [&ctx] { return ListTemplates(ctx); };
  });
  templates->add_subcommand("list", "List available prompt templates")->callback([&ctx, &run] {
    run = [&ctx] { return ListTemplates(ctx); };
  });
  CLI::App* show = templates->add_subcommand("show", "Show the specified prompt template");
  show->add_option("name", *name, "Template name")->required();
  show->callback([name, &ctx, &run] { run = [name, &ctx] { return ShowTemplate(ctx, *name); }; });
  templates->add_subcommand("path", "Output the path to the templates directory")
      ->callback([&ctx, &run] { run = [&ctx] { return PrintTemplatesPath(ctx); }; });
}

}  // namespace llmbox
