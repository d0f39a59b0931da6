#include "llm/config_paths.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "common/unique_fd.h"

namespace llmbox {
namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

Error IoError(const std::string& path, const std::string& what, int err) {
  return MakeError(ErrorKind::kIo, path + ": " + what + ": " + ErrnoText(err));
}

Result<void> WriteAll(int fd, const std::string& content, const std::string& path) {
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError(path, "cannot write", errno);
    }
    done += static_cast<size_t>(n);
  }
  return Ok();
}

// Makes a rename durable; failure here is not worth failing the write for.
void SyncDirOf(const std::string& path) {
  auto slash = path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

Result<std::string> UserDir(const EnvGetter& env) {
  if (auto p = env("LLM_USER_PATH"); p && !p->empty()) return *p;
  if (auto home = env("HOME"); home && !home->empty()) {
    return JoinPath(JoinPath(*home, ".config"), "io.datasette.llm");
  }
  return MakeError(ErrorKind::kConfig,
                   "cannot find the llm config directory: set LLM_USER_PATH or HOME");
}

Result<std::string> UserDirOr(const std::string& user_dir, const EnvGetter& env) {
  if (!user_dir.empty()) return user_dir;
  return UserDir(env);
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

Result<void> EnsureDir(const std::string& path) {
  if (path.empty()) return MakeError(ErrorKind::kIo, "empty directory path");
  // Walk the prefixes "/a", "/a/b", ... so every missing level is created 0700.
  std::vector<std::string> prefixes;
  for (size_t pos = 1; pos <= path.size(); ++pos) {
    if (pos == path.size() || path[pos] == '/') prefixes.push_back(path.substr(0, pos));
  }
  for (const std::string& dir : prefixes) {
    if (::mkdir(dir.c_str(), 0700) == 0) continue;
    int err = errno;
    struct stat st {};
    if (err == EEXIST && ::stat(dir.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) continue;
      return MakeError(ErrorKind::kIo, dir + ": exists and is not a directory");
    }
    return IoError(dir, "cannot create directory", err);
  }
  return Ok();
}

Result<std::string> ReadFile(const std::string& path, size_t max_bytes) {
  auto r = ReadFileIfExists(path, max_bytes);
  if (!r) return r.error();
  if (!r->has_value()) return IoError(path, "cannot read", ENOENT);
  return std::move(**r);
}

Result<std::optional<std::string>> ReadFileIfExists(const std::string& path, size_t max_bytes) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return IoError(path, "cannot read", errno);
  }
  auto text = ReadAllFromFd(fd.get(), path, max_bytes);
  if (!text) return text.error();
  return std::optional<std::string>(std::move(*text));
}

Result<std::string> ReadAllFromFd(int fd, const std::string& path, size_t max_bytes) {
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError(path, "cannot read", errno);
    }
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes) {
      return MakeError(ErrorKind::kIo,
                       path + ": larger than " + std::to_string(max_bytes) + " bytes; not read");
    }
  }
  return out;
}

Result<void> WriteFileAtomic(const std::string& path, const std::string& content, mode_t mode) {
  std::string tmp = path + ".tmp-XXXXXX";
  // mkostemp creates the file 0600, so even a secret is never exposed while
  // we set the final mode.
  int raw = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (raw < 0) return IoError(path, "cannot create temporary file", errno);
  UniqueFd fd(raw);
  auto fail = [&](const Error& e) -> Result<void> {
    ::unlink(tmp.c_str());
    return e;
  };
  if (::fchmod(fd.get(), mode) != 0) return fail(IoError(path, "cannot set mode", errno));
  if (auto w = WriteAll(fd.get(), content, path); !w) return fail(w.error());
  if (::fsync(fd.get()) != 0) return fail(IoError(path, "cannot sync", errno));
  if (fd.Close() != 0) return fail(IoError(path, "cannot close", errno));
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return fail(IoError(path, "cannot replace", errno));
  }
  SyncDirOf(path);
  return Ok();
}

}  // namespace llmbox
