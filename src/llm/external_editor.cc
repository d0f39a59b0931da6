#include "llm/external_editor.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace llmbox {
namespace {

constexpr char kDefaultPath[] = "/bin:/usr/bin";  // execvp()'s without $PATH
constexpr size_t kMaxEditedBytes = size_t{16} << 20;
constexpr char kSuffix[] = ".txt";  // click's default, so editors pick plain text

std::string Errno(int err) { return std::strerror(err); }

// Removes the file when it goes out of scope, on every path.
class TempFile {
 public:
  static Result<TempFile> Create(const EnvGetter& env) {
    std::string dir = "/tmp";
    if (auto tmpdir = env("TMPDIR"); tmpdir && !tmpdir->empty()) dir = *tmpdir;
    std::string path = dir + "/llm-chat-XXXXXX" + kSuffix;
    const int fd = ::mkstemps(path.data(), static_cast<int>(sizeof(kSuffix) - 1));
    if (fd < 0) {
      return MakeError(ErrorKind::kIo, "cannot create a temporary file in " + dir + ": " +
                                           Errno(errno) + "; set $TMPDIR to a writable directory");
    }
    TempFile file(path);
    struct stat st {};
    const bool ok = ::fchmod(fd, 0600) == 0 && ::fstat(fd, &st) == 0;
    const int err = errno;
    ::close(fd);
    if (!ok) return MakeError(ErrorKind::kIo, "temporary file " + path + ": " + Errno(err));
    file.mtime_ = st.st_mtim;
    return file;
  }
  TempFile(TempFile&& other) noexcept : path_(std::move(other.path_)), mtime_(other.mtime_) {
    other.path_.clear();
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  TempFile& operator=(TempFile&&) = delete;
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }
  const struct timespec& mtime() const { return mtime_; }

 private:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  std::string path_;
  struct timespec mtime_ {};
};

// The file's text and whether its modification time moved. An editor may
// replace the file by renaming a new one over it; the name is opened again,
// never through a symlink.
Result<std::pair<std::string, bool>> ReadBack(const TempFile& file) {
  const int fd = ::open(file.path().c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return MakeError(ErrorKind::kIo, "edited file " + file.path() + ": " + Errno(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return MakeError(ErrorKind::kIo, "edited file " + file.path() + " is not a regular file");
  }
  const bool touched =
      st.st_mtim.tv_sec != file.mtime().tv_sec || st.st_mtim.tv_nsec != file.mtime().tv_nsec;
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > kMaxEditedBytes) {
      ::close(fd);
      return MakeError(ErrorKind::kIo, "the edited prompt is larger than 16 MiB; nothing was sent");
    }
  }
  ::close(fd);
  return std::make_pair(std::move(text), touched);
}

bool IsExecutableFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// Whether execvp() would find `name`: as a path when it has a slash, else in
// one of the directories of `path` (an empty entry is the current one).
bool OnPath(const std::string& name, const std::string& path,
            const std::function<bool(const std::string&)>& is_executable) {
  if (name.find('/') != std::string::npos) return is_executable(name);
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    if (dir.empty()) dir = ".";
    if (is_executable(dir + "/" + name)) return true;
    start = end + 1;
  }
  return false;
}

Error NotFound(const std::string& name) {
  return MakeError(ErrorKind::kConfig, "editor \"" + name +
                                           "\" not found; set $EDITOR (or $VISUAL) to an "
                                           "installed editor's command");
}

// Runs argv with the terminal (standard streams) and environment of llm.
Result<void> RunEditor(const std::vector<std::string>& words, const std::string& path) {
  std::vector<std::string> args = words;
  args.push_back(path);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string& name = words.front();
  // llm ignores SIGPIPE; the editor starts with every signal at its default
  // and none blocked, as it would from a shell.
  posix_spawnattr_t attr;
  ::posix_spawnattr_init(&attr);
  sigset_t all;
  sigset_t none;
  sigfillset(&all);
  sigemptyset(&none);
  ::posix_spawnattr_setsigdefault(&attr, &all);
  ::posix_spawnattr_setsigmask(&attr, &none);
  ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = 0;
  const int err = ::posix_spawnp(&pid, argv[0], nullptr, &attr, argv.data(), environ);
  ::posix_spawnattr_destroy(&attr);
  if (err == ENOENT) return NotFound(name);
  if (err != 0) {
    return MakeError(ErrorKind::kConfig, "cannot start editor \"" + name + "\": " + Errno(err));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return MakeError(ErrorKind::kConfig, "editor \"" + name + "\": " + Errno(errno));
    }
  }
  if (WIFSIGNALED(status)) {
    return MakeError(ErrorKind::kConfig, "editor \"" + name + "\" was killed by signal " +
                                             std::to_string(WTERMSIG(status)) +
                                             "; nothing was sent");
  }
  if (WEXITSTATUS(status) != 0) {
    return MakeError(ErrorKind::kConfig, "editor \"" + name + "\" exited with status " +
                                             std::to_string(WEXITSTATUS(status)) +
                                             "; nothing was sent");
  }
  return Ok();
}

}  // namespace

std::string PickEditor(const EnvGetter& env,
                       const std::function<bool(const std::string&)>& is_executable) {
  for (const char* name : {"VISUAL", "EDITOR"}) {
    if (auto value = env(name); value && !value->empty()) return *value;
  }
  const std::string path = env("PATH").value_or(kDefaultPath);
  for (const char* editor : {"sensible-editor", "vim", "nano"}) {
    if (OnPath(editor, path, is_executable)) return editor;
  }
  return "vi";
}

std::string PickEditor(const EnvGetter& env) { return PickEditor(env, IsExecutableFile); }

Result<std::vector<std::string>> SplitCommandWords(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\' && i + 1 < command.size()) {
      word += command[++i];
    } else if (c == '\'' || c == '"') {
      size_t j = i + 1;
      for (; j < command.size() && command[j] != c; ++j) {
        // Inside "...", a backslash escapes only \ " $ and `, as in sh.
        if (c == '"' && command[j] == '\\' && j + 1 < command.size() &&
            std::string_view("\\\"$`").find(command[j + 1]) != std::string_view::npos) {
          ++j;
        }
        word += command[j];
      }
      if (j >= command.size()) {
        return MakeError(ErrorKind::kConfig,
                         "editor command has an unterminated quote: " + std::string(command));
      }
      i = j;
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  if (words.empty()) return MakeError(ErrorKind::kConfig, "the editor command is empty");
  return words;
}

Result<std::optional<std::string>> EditNewText(const EnvGetter& env, const std::string& command) {
  auto words = SplitCommandWords(command);
  if (!words) return words.error();
  // Before any file is made: where there is no editor at all (the image),
  // this is the one thing to say.
  if (!OnPath(words->front(), env("PATH").value_or(kDefaultPath), IsExecutableFile)) {
    return NotFound(words->front());
  }
  auto file = TempFile::Create(env);
  if (!file) return file.error();
  if (auto ran = RunEditor(*words, file->path()); !ran) return ran.error();
  auto back = ReadBack(*file);
  if (!back) return back.error();
  auto& [text, touched] = *back;
  // click looks at the modification time only; a time that did not move
  // but a file that holds text was saved all the same (coarse clocks).
  if (!touched && text.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(text));
}

}  // namespace llmbox
