// See attachment_loader.h for what this guards against.
#include "llm/attachment_loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <istream>

#include "common/unique_fd.h"
#include "llm/http_client.h"
#include "llm/mime_sniff.h"

namespace llmbox {
namespace {

constexpr char kMaxBytesEnv[] = "LLM_ATTACHMENT_MAX_BYTES";
constexpr char kTotalMaxBytesEnv[] = "LLM_ATTACHMENTS_TOTAL_MAX_BYTES";

std::string FormatLimit(uint64_t bytes) {
  constexpr uint64_t kMiB = uint64_t{1} << 20;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

Error TooBig(const std::string& what, uint64_t limit, const FileReadNames& names = {}) {
  const std::string noun(names.noun);
  return MakeError(ErrorKind::kUsage, noun + " " + what + " is larger than the " +
                                          FormatLimit(limit) + " limit per " + noun + " (set " +
                                          std::string(names.max_env) + " to change it)");
}

}  // namespace

Result<uint64_t> ByteLimitFromEnv(const EnvGetter& env, const char* name, uint64_t fallback) {
  auto value = env(name);
  if (!value || value->empty()) return fallback;
  char* end = nullptr;
  errno = 0;
  const unsigned long long n = std::strtoull(value->c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || (*value)[0] == '-' || n == 0) {
    return MakeError(
        ErrorKind::kConfig,
        std::string(name) + " must be a positive number of bytes, not '" + *value + "'");
  }
  return static_cast<uint64_t>(n);
}

namespace {

bool Inside(const std::string& path, const std::string& root) {
  if (root == "/") return true;
  return path == root || (path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
                          path[root.size()] == '/');
}

Error Outside(const std::string& value, const std::string& resolved, const std::string& root,
              const FileReadNames& names) {
  return MakeError(ErrorKind::kUsage, std::string(names.noun) + " outside the workspace: " + value +
                                          " resolves to " + resolved + ", not under " + root +
                                          " (LLM_WORKSPACE)");
}

std::string FileKind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "not a regular file";
}

// Where the kernel says an open descriptor points (empty when /proc is absent).
std::string DescriptorPath(int fd) {
  char link[64];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  char target[PATH_MAX];
  const ssize_t n = ::readlink(link, target, sizeof target - 1);
  if (n <= 0) return "";
  return std::string(target, static_cast<size_t>(n));
}

Result<std::string> ReadAll(int fd, const std::string& value, uint64_t limit,
                            const FileReadNames& names) {
  std::string bytes;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return MakeError(ErrorKind::kIo, "cannot read " + std::string(names.noun) + " " + value +
                                           ": " + std::strerror(errno));
    }
    if (n == 0) return bytes;
    if (bytes.size() + static_cast<size_t>(n) > limit) return TooBig(value, limit, names);
    bytes.append(buf, static_cast<size_t>(n));
  }
}

std::string DetectType(std::string_view bytes) {
  return SniffMimeType(bytes.substr(0, kMimeSniffBytes));
}

}  // namespace

Result<std::string> WorkspaceFromEnv(const EnvGetter& env) {
  auto ws = env("LLM_WORKSPACE");
  if (!ws || ws->empty()) return std::string();
  char resolved[PATH_MAX];
  if (::realpath(ws->c_str(), resolved) == nullptr) {
    return MakeError(ErrorKind::kConfig,
                     "LLM_WORKSPACE " + *ws + " does not exist: " + std::strerror(errno));
  }
  return std::string(resolved);
}

Result<AttachmentPolicy> AttachmentPolicy::FromEnv(const EnvGetter& env) {
  AttachmentPolicy policy;
  auto workspace = WorkspaceFromEnv(env);
  if (!workspace) return workspace.error();
  policy.workspace = std::move(*workspace);
  auto max = ByteLimitFromEnv(env, kMaxBytesEnv, kDefaultAttachmentMaxBytes);
  if (!max) return max.error();
  auto total = ByteLimitFromEnv(env, kTotalMaxBytesEnv, kDefaultAttachmentsTotalMaxBytes);
  if (!total) return total.error();
  policy.max_bytes = *max;
  policy.total_max_bytes = *total;
  return policy;
}

Result<ReadFileResult> ReadAttachmentFile(const std::string& path, const AttachmentPolicy& policy) {
  return ReadConfinedFile(path, policy.workspace, policy.max_bytes, FileReadNames{});
}

Result<ReadFileResult> ReadConfinedFile(const std::string& path, const std::string& workspace,
                                        uint64_t max_bytes, const FileReadNames& names) {
  const std::string noun(names.noun);
  char resolved_buf[PATH_MAX];
  if (::realpath(path.c_str(), resolved_buf) == nullptr) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return MakeError(ErrorKind::kUsage, noun + " file " + path + " does not exist");
    }
    return MakeError(ErrorKind::kUsage,
                     "cannot open " + noun + " " + path + ": " + std::strerror(errno));
  }
  ReadFileResult out;
  out.resolved_path = resolved_buf;
  if (!workspace.empty() && !Inside(out.resolved_path, workspace)) {
    return Outside(path, out.resolved_path, workspace, names);
  }
  UniqueFd file(
      ::open(out.resolved_path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (file.get() < 0) {
    return MakeError(ErrorKind::kUsage,
                     "cannot open " + noun + " " + path + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(file.get(), &st) != 0) {
    return MakeError(ErrorKind::kIo,
                     "cannot stat " + noun + " " + path + ": " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    return MakeError(ErrorKind::kUsage,
                     noun + " " + path + " is " + FileKind(st.st_mode) + ", not a regular file");
  }
  if (!workspace.empty()) {
    // The path may have changed between realpath() and open(): check what was opened.
    const std::string opened = DescriptorPath(file.get());
    if (!opened.empty() && !Inside(opened, workspace)) {
      return Outside(path, opened, workspace, names);
    }
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) return TooBig(path, max_bytes, names);
  // Blocking reads from here on: a regular file never blocks indefinitely.
  ::fcntl(file.get(), F_SETFL, ::fcntl(file.get(), F_GETFL) & ~O_NONBLOCK);
  auto bytes = ReadAll(file.get(), path, max_bytes, names);  // the file may have grown
  if (!bytes) return bytes.error();
  out.bytes = std::move(*bytes);
  return out;
}

Result<void> AttachmentLoader::Count(const std::string& what, uint64_t size) {
  if (total_ + size > policy_.total_max_bytes) {
    return MakeError(ErrorKind::kUsage, "attachments exceed the " +
                                            FormatLimit(policy_.total_max_bytes) +
                                            " total limit at " + what + " (set " +
                                            kTotalMaxBytesEnv + " to change it)");
  }
  total_ += size;
  return Ok();
}

Result<Attachment> AttachmentLoader::Load(const AttachmentSpec& spec) {
  if (spec.value == "-") return LoadStdin(spec.mime_type);
  if (spec.value.find("://") != std::string::npos) return LoadUrl(spec.value, spec.mime_type);
  return LoadFile(spec.value, spec.mime_type);
}

Result<Attachment> AttachmentLoader::LoadFile(const std::string& value,
                                              const std::string& mime_type) {
  auto read = ReadAttachmentFile(value, policy_);
  if (!read) return read.error();
  if (auto counted = Count(value, read->bytes.size()); !counted) return counted.error();
  Attachment a;
  a.mime_type = mime_type.empty() ? DetectType(read->bytes) : mime_type;
  if (a.mime_type.empty()) {
    return MakeError(ErrorKind::kUsage, "could not determine the type of attachment " + value +
                                            "; give it with --at " + value + " TYPE");
  }
  a.path = std::move(read->resolved_path);
  a.content = std::move(read->bytes);
  return a;
}

Result<Attachment> AttachmentLoader::LoadStdin(const std::string& mime_type) {
  std::string bytes;
  char buf[1 << 16];
  while (in_->read(buf, sizeof buf) || in_->gcount() > 0) {
    const auto n = static_cast<size_t>(in_->gcount());
    if (bytes.size() + n > policy_.max_bytes)
      return TooBig("- (standard input)", policy_.max_bytes);
    bytes.append(buf, n);
  }
  in_->clear();
  if (auto counted = Count("- (standard input)", bytes.size()); !counted) return counted.error();
  Attachment a;
  a.mime_type = mime_type.empty() ? DetectType(bytes) : mime_type;
  if (a.mime_type.empty()) {
    return MakeError(ErrorKind::kUsage,
                     "could not determine the type of standard input; give it with --at - TYPE");
  }
  a.content = std::move(bytes);
  return a;
}

Result<Attachment> AttachmentLoader::LoadUrl(const std::string& value,
                                             const std::string& mime_type) {
  if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0) {
    return MakeError(ErrorKind::kUsage,
                     "attachment URL " + value + ": only http and https are supported");
  }
  Attachment a;
  a.url = value;
  a.mime_type = mime_type;
  if (a.mime_type.empty()) {
    auto head = fetch_(value, /*head_only=*/true, policy_.max_bytes);
    if (!head) return head.error();
    if (head->status < 200 || head->status > 299) {
      return MakeError(ErrorKind::kUsage, "attachment URL " + value + " answered HTTP " +
                                              std::to_string(head->status));
    }
    a.mime_type = BareMimeType(head->content_type);
    if (a.mime_type.empty() || a.mime_type == "application/octet-stream") {
      // No usable Content-Type: look at the bytes themselves.
      if (auto got = Download(a); !got) return got.error();
      a.mime_type = DetectType(a.content);
      if (a.mime_type.empty()) {
        return MakeError(ErrorKind::kUsage, "could not determine the type of attachment " + value +
                                                "; give it with --at " + value + " TYPE");
      }
    }
  }
  return a;
}

Result<void> AttachmentLoader::Download(Attachment& attachment) {
  if (attachment.url.empty() || !attachment.content.empty()) return Ok();
  auto got = fetch_(attachment.url, /*head_only=*/false, policy_.max_bytes);
  if (!got) return got.error();
  if (got->too_big) return TooBig(attachment.url, policy_.max_bytes);
  if (got->status < 200 || got->status > 299) {
    return MakeError(ErrorKind::kUsage, "attachment URL " + attachment.url + " answered HTTP " +
                                            std::to_string(got->status));
  }
  if (auto counted = Count(attachment.url, got->body.size()); !counted) return counted.error();
  attachment.content = std::move(got->body);
  return Ok();
}

Result<Attachment> AttachmentLoader::Reload(Attachment logged) {
  if (logged.path.empty() || !logged.url.empty()) return logged;
  auto read = ReadAttachmentFile(logged.path, policy_);
  if (!read) return read.error();
  logged.content = std::move(read->bytes);
  return logged;
}

UrlFetcher HttpUrlFetcher(GateProxy gate) {
  return [gate = std::move(gate)](const std::string& url, bool head_only,
                                  uint64_t max_bytes) -> Result<FetchedUrl> {
    HttpRequest request;
    request.method = head_only ? "HEAD" : "GET";
    request.url = url;
    request.gate_proxy_socket = gate.socket;
    request.gate_proxy_token = gate.token;
    FetchedUrl out;
    bool too_big = false;
    const BodySink sink = [&](std::string_view chunk) {
      too_big = out.body.size() + chunk.size() > max_bytes;
      if (!too_big) out.body.append(chunk);
      return !too_big;
    };
    auto response = HttpSend(request, sink, {gate.token});
    out.too_big = too_big;
    if (too_big) return out;  // the sink's abort is the reason for any error
    if (!response) return response.error();
    out.status = response->status;
    out.content_type = response->content_type;
    out.redirect_url = response->redirect_url;
    return out;
  };
}

}  // namespace llmbox
