#include "llm/template_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "common/unique_fd.h"
#include "llm/config_paths.h"

namespace llmbox {
namespace {

constexpr std::string_view kSuffix = ".yaml";

std::string Errno(int err) { return std::strerror(err); }

struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};

struct FreeDeleter {
  void operator()(char* p) const { ::free(p); }
};

std::optional<std::string> RealPath(const std::string& path) {
  std::unique_ptr<char, FreeDeleter> real(::realpath(path.c_str(), nullptr));
  if (!real) return std::nullopt;
  return std::string(real.get());
}

// DIR/FILE is a symlink: follow it only when it resolves inside DIR.
Result<int> OpenSymlinkInside(const std::string& dir, const std::string& path) {
  auto real_dir = RealPath(dir);
  auto real_file = RealPath(path);
  if (!real_dir || !real_file) {
    return MakeError(ErrorKind::kIo, path + ": a symlink that does not resolve; fix or remove it");
  }
  const std::string prefix = *real_dir == "/" ? "/" : *real_dir + "/";
  if (real_file->rfind(prefix, 0) != 0) {
    return MakeError(ErrorKind::kSecurity, path + ": a symlink leading outside " + dir +
                                               "; refused (copy the file there instead)");
  }
  const int fd = ::open(real_file->c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return MakeError(ErrorKind::kIo, path + ": cannot open: " + Errno(errno));
  return fd;
}

}  // namespace

TemplateDirs FindTemplateDirs(const Context& ctx) {
  TemplateDirs dirs;
  dirs.config = JoinPath(ctx.user_dir, "templates");
  if (auto lib = ctx.env("LLM_PROMPTS_PATH"); lib && !lib->empty()) dirs.library = *lib;
  return dirs;
}

bool IsValidTemplateName(std::string_view name) {
  if (name.empty() || name.size() > 200 || name[0] == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

namespace {

// DIR/NAME.yaml through the open descriptor `dfd` of DIR.
Result<std::optional<std::string>> ReadAt(int dfd, const std::string& dir,
                                          const std::string& name) {
  const std::string file = name + std::string(kSuffix);
  const std::string path = JoinPath(dir, file);
  int raw = ::openat(dfd, file.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (raw < 0 && errno == ENOENT) return std::optional<std::string>();
  if (raw < 0 && errno == ELOOP) {
    auto followed = OpenSymlinkInside(dir, path);
    if (!followed) return followed.error();
    raw = *followed;
  } else if (raw < 0) {
    return MakeError(ErrorKind::kIo, path + ": cannot open: " + Errno(errno));
  }
  UniqueFd fd(raw);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    return MakeError(ErrorKind::kIo, path + ": cannot stat: " + Errno(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    return MakeError(ErrorKind::kIo, path + ": not a regular file; a template must be a YAML file");
  }
  if (static_cast<size_t>(st.st_size) > kMaxTemplateBytes) {
    return MakeError(ErrorKind::kIo,
                     path + ": larger than 1 MiB; templates must be small text files");
  }
  auto bytes = ReadAllFromFd(fd.get(), path, kMaxTemplateBytes);
  if (!bytes) return bytes.error();
  return std::optional<std::string>(std::move(*bytes));
}

// -1 when the directory does not exist.
Result<int> OpenDir(const std::string& dir) {
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0 || errno == ENOENT || errno == ENOTDIR) return dfd;
  return MakeError(ErrorKind::kIo, dir + ": cannot open the template directory: " + Errno(errno));
}

}  // namespace

Result<std::optional<std::string>> ReadTemplateBytes(const std::string& dir,
                                                     const std::string& name) {
  if (!IsValidTemplateName(name)) {
    return MakeError(ErrorKind::kSecurity, "invalid template name '" + name + "'");
  }
  auto opened = OpenDir(dir);
  if (!opened) return opened.error();
  UniqueFd dfd(*opened);
  if (dfd.get() < 0) return std::optional<std::string>();
  return ReadAt(dfd.get(), dir, name);
}

void ForEachTemplateFile(const std::string& dir, const TemplateFileVisitor& visit) {
  auto opened = OpenDir(dir);
  if (!opened || *opened < 0) return;
  UniqueFd dfd(*opened);
  for (const std::string& name : TemplateNamesIn(dir)) visit(name, ReadAt(dfd.get(), dir, name));
}

Result<Template> LoadTemplate(const TemplateDirs& dirs, const std::string& name) {
  if (!IsValidTemplateName(name)) {
    return MakeError(
        ErrorKind::kUsage,
        "invalid template name '" + name +
            "': use the name of a template (letters, digits, '.', '_', '-'), not a path");
  }
  std::vector<std::pair<std::string, bool>> places = {{dirs.config, false}};
  if (!dirs.library.empty()) places.emplace_back(dirs.library, true);
  for (const auto& [dir, library] : places) {
    auto bytes = ReadTemplateBytes(dir, name);
    if (!bytes) return bytes.error();
    if (!bytes->has_value()) continue;
    auto t = ParseTemplate(**bytes, name, JoinPath(dir, name + std::string(kSuffix)));
    if (!t) return t.error();
    t->from_library = library;
    return t;
  }
  std::string where = dirs.config;
  if (!dirs.library.empty()) where += " or the prompt library " + dirs.library;
  return MakeError(ErrorKind::kConfig, "Invalid template: " + name + " (no " + name + ".yaml in " +
                                           where +
                                           "); `llm templates list` shows the available ones");
}

std::vector<std::string> TemplateNamesIn(const std::string& dir) {
  std::vector<std::string> names;
  std::unique_ptr<DIR, DirCloser> d(::opendir(dir.c_str()));
  if (!d) return names;
  while (const dirent* e = ::readdir(d.get())) {
    std::string_view file(e->d_name);
    if (file.size() <= kSuffix.size() || file.substr(file.size() - kSuffix.size()) != kSuffix) {
      continue;
    }
    std::string_view name = file.substr(0, file.size() - kSuffix.size());
    if (IsValidTemplateName(name)) names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace llmbox
