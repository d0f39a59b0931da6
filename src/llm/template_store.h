// Where templates live and how their files are opened. Two places, looked up
// in this order: the config dir's templates/ ($LLM_USER_PATH/templates, as
// llm), then the read-only prompt library in $LLM_PROMPTS_PATH (the container
// mounts the checkout's prompts/ there; unset means no library).
//
// Guards against: a template name that walks out of its directory (names are
// [A-Za-z0-9._-] without a leading dot, so no '/', '..' or absolute path ever
// reaches the filesystem); a symlink in either directory pointing outside it
// (opened with O_NOFOLLOW; a symlink is followed only when its real path stays
// inside the directory's real path); FIFOs and devices (O_NONBLOCK, regular
// files only); and files too large to be a template (over 1 MiB). The library
// is not the user's: templates from it may not bring tools (checked where a
// template is used, see template_apply.h).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "llm/command.h"
#include "llm/template_file.h"

namespace llmbox {

struct TemplateDirs {
  std::string config;   // <user dir>/templates (may not exist yet)
  std::string library;  // $LLM_PROMPTS_PATH; empty: no library
};

TemplateDirs FindTemplateDirs(const Context& ctx);

// [A-Za-z0-9._-]+, not starting with '.', at most 200 bytes.
bool IsValidTemplateName(std::string_view name);

// The bytes of DIR/NAME.yaml, or nullopt when there is no such file (or no
// such directory). kSecurity for a symlink leading outside `dir`, kIo for
// anything that is not a readable regular file of at most 1 MiB.
Result<std::optional<std::string>> ReadTemplateBytes(const std::string& dir,
                                                     const std::string& name);

// Calls `visit` for every template file in `dir` (TemplateNamesIn order) with
// its bytes or the error reading it, opening each relative to one directory
// descriptor. Nothing when the directory does not exist.
using TemplateFileVisitor =
    std::function<void(const std::string& name, Result<std::optional<std::string>> bytes)>;
void ForEachTemplateFile(const std::string& dir, const TemplateFileVisitor& visit);

// The template NAME: the config dir's first, then the library's. kUsage for
// an invalid name, kConfig when neither has it, parse errors as ParseTemplate.
Result<Template> LoadTemplate(const TemplateDirs& dirs, const std::string& name);

// Names of the *.yaml files in `dir` with valid names, sorted; empty when
// the directory does not exist.
std::vector<std::string> TemplateNamesIn(const std::string& dir);

}  // namespace llmbox
