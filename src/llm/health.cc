#include "llm/health.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <ostream>
#include <string>

#include "llm/config_paths.h"
#include "llm/key_store.h"

namespace llmbox {
namespace {

std::string Errno() { return std::strerror(errno); }

Result<void> CheckConfigDir(const std::string& dir) {
  if (auto made = EnsureDir(dir); !made) {
    return MakeError(ErrorKind::kIo, made.error().message + "; mount a writable volume at " + dir +
                                         " or set LLM_USER_PATH");
  }
  // Writing is what every prompt does (logs.db, keys.json): prove it works.
  std::string probe = JoinPath(dir, ".llm-healthcheck-XXXXXX");
  int fd = ::mkostemp(probe.data(), O_CLOEXEC);
  if (fd < 0) {
    return MakeError(ErrorKind::kIo, dir + " is not writable: " + Errno() +
                                         "; make it writable by uid " + std::to_string(::getuid()) +
                                         " or mount a writable volume there");
  }
  ::close(fd);
  ::unlink(probe.c_str());
  return Ok();
}

Result<void> CheckCaBundle(const EnvGetter& env) {
  std::string path = kDefaultCaBundle;
  if (auto v = env("SSL_CERT_FILE"); v && !v->empty()) path = *v;
  const std::string fix = "; install a PEM CA bundle there or set SSL_CERT_FILE to one";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return MakeError(ErrorKind::kConfig, path + ": CA bundle cannot be read: " + Errno() + fix);
  }
  struct stat st {};
  int rc = ::fstat(fd, &st);
  ::close(fd);
  if (rc != 0 || !S_ISREG(st.st_mode)) {
    return MakeError(ErrorKind::kConfig, path + ": CA bundle is not a regular file" + fix);
  }
  if (st.st_size == 0) return MakeError(ErrorKind::kConfig, path + ": CA bundle is empty" + fix);
  return Ok();
}

Result<void> CheckLogsDb(const std::string& dir) {
  const std::string path = JoinPath(dir, "logs.db");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Ok();  // created on first use
    return MakeError(ErrorKind::kIo, path + ": cannot read: " + Errno() + "; give it to uid " +
                                         std::to_string(::getuid()) + " with mode 600");
  }
  struct stat st {};
  char header[16] = {};
  bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  ssize_t n = regular && st.st_size > 0 ? ::read(fd, header, sizeof header) : 0;
  ::close(fd);
  if (!regular) {
    return MakeError(ErrorKind::kConfig, path + " is not a regular file; move it out of the way");
  }
  // An empty file is a valid new database; anything else needs SQLite's magic.
  static constexpr char kMagic[16] = "SQLite format 3";  // 15 chars + NUL
  if (st.st_size > 0 && (n != 16 || std::memcmp(header, kMagic, sizeof kMagic) != 0)) {
    return MakeError(ErrorKind::kConfig, path +
                                             " is not an SQLite database; move it out of the way "
                                             "and llm will create a new one");
  }
  return Ok();
}

}  // namespace

Result<void> CheckHealth(const Context& ctx) {
  auto dir = UserDirOr(ctx.user_dir, ctx.env);
  if (!dir) return dir.error();
  if (auto r = CheckConfigDir(*dir); !r) return r;
  // Listing loads keys.json: the mode check and the JSON check prompts rely on.
  if (auto keys = KeyStore(*dir, ctx.env).List(); !keys) return keys.error();
  if (auto r = CheckCaBundle(ctx.env); !r) return r;
  return CheckLogsDb(*dir);
}

void AddHealthCommand(CLI::App& app, Context& ctx, Runner& run) {
  CLI::App* health =
      app.add_subcommand("healthcheck", "Check the client can run (container HEALTHCHECK)");
  health->group("");  // hidden from --help: it is for the container runtime, not for people
  health->callback([&ctx, &run] {
    run = [&ctx]() -> Result<void> {
      if (auto r = CheckHealth(ctx); !r) return r;
      *ctx.out << "ok\n";
      return Ok();
    };
  });
}

}  // namespace llmbox
