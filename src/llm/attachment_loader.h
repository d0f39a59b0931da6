// Turns -a/--attachment and --at/--attachment-type values into Attachments,
// as llm 0.32 does (llm/cli.py resolve_attachment): "-" reads standard input,
// a value with "://" is a URL, anything else a file path, resolved to an
// absolute path. The type comes from --at, else from the bytes' magic number
// (files, stdin) or the URL's Content-Type (a HEAD request, as llm makes).
//
// What it guards against:
//  - reading outside the workspace: with LLM_WORKSPACE set (the container sets
//    /workspace), a file must resolve, after every symlink and "..", inside
//    it; the opened descriptor's path is checked again, so a symlink swapped
//    in after the check is caught too;
//  - hanging or exhausting memory on special files: a directory, FIFO,
//    socket or device (/dev/zero) is refused before any read (the open is
//    non-blocking), and the final path component is opened with O_NOFOLLOW;
//  - unbounded input: each attachment is limited to LLM_ATTACHMENT_MAX_BYTES
//    (default 20 MiB) and all of one prompt's to LLM_ATTACHMENTS_TOTAL_MAX_BYTES
//    (default 50 MiB); a download stops as soon as it passes the limit.
// URLs are fetched through http_client, only http/https; behind llm-gate's
// socket (LLM_GATEWAY, the container) through the gate's forward proxy, so
// its allowlist and audit log cover attachment downloads too.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include "common/result.h"
#include "llm/command.h"
#include "llm/gateway_env.h"
#include "llm/model_call.h"

namespace llmbox {

inline constexpr uint64_t kDefaultAttachmentMaxBytes = uint64_t{20} << 20;
inline constexpr uint64_t kDefaultAttachmentsTotalMaxBytes = uint64_t{50} << 20;

struct AttachmentPolicy {
  std::string workspace;  // resolved LLM_WORKSPACE; empty: any readable file
  uint64_t max_bytes = kDefaultAttachmentMaxBytes;              // one attachment
  uint64_t total_max_bytes = kDefaultAttachmentsTotalMaxBytes;  // one prompt's

  // Reads LLM_WORKSPACE, LLM_ATTACHMENT_MAX_BYTES, LLM_ATTACHMENTS_TOTAL_MAX_BYTES.
  // kConfig for a workspace that does not exist or a limit that is not a number.
  static Result<AttachmentPolicy> FromEnv(const EnvGetter& env);
};

// One -a VALUE (mime_type empty) or --at VALUE MIME.
struct AttachmentSpec {
  std::string value;
  std::string mime_type;
};

// What an HTTP fetch returned: for a HEAD request, no body.
struct FetchedUrl {
  long status = 0;
  std::string content_type;
  std::string body;
  bool too_big = false;           // the body passed `max_bytes`; `body` is then incomplete
  std::string redirect_url = {};  // a redirect's Location, resolved (never followed by the fetcher)
};
// Fetches `url` (HEAD when `head_only`); the download stops once the body
// passes `max_bytes` (too_big). kNetwork when no answer came.
using UrlFetcher =
    std::function<Result<FetchedUrl>(const std::string& url, bool head_only, uint64_t max_bytes)>;
// The real fetcher, over http_client: directly (proxy variables apply), or,
// when `gate` names llm-gate's socket, through the gate's forward proxy,
// whose allowlist decides (a refusal is one line naming the host to allow).
UrlFetcher HttpUrlFetcher(GateProxy gate = {});

class AttachmentLoader {
 public:
  AttachmentLoader(AttachmentPolicy policy, std::istream& in, UrlFetcher fetch)
      : policy_(std::move(policy)), in_(&in), fetch_(std::move(fetch)) {}

  // Errors are one line naming the value: kUsage for a missing file, an
  // unknown type or a file outside the workspace, a special file, or a size
  // limit; kNetwork/kProvider for a URL that cannot be reached or answers
  // with an error status.
  Result<Attachment> Load(const AttachmentSpec& spec);

  // Downloads a URL attachment's bytes into `content` (a provider needs
  // them), within the same limits.
  Result<void> Download(Attachment& attachment);

  // An attachment logged earlier (-c): a file is read again (same checks),
  // stdin content and URLs are kept as logged. Not counted in the total.
  Result<Attachment> Reload(Attachment logged);

  // Counts `size` bytes of `what` toward the prompt's total; kUsage past it.
  Result<void> Count(const std::string& what, uint64_t size);

 private:
  Result<Attachment> LoadFile(const std::string& value, const std::string& mime_type);
  Result<Attachment> LoadStdin(const std::string& mime_type);
  Result<Attachment> LoadUrl(const std::string& value, const std::string& mime_type);

  AttachmentPolicy policy_;
  std::istream* in_;
  UrlFetcher fetch_;
  uint64_t total_ = 0;
};

// Reads the regular file at `path` under `policy`'s confinement and per-file
// limit: its resolved path and bytes.
struct ReadFileResult {
  std::string resolved_path;
  std::string bytes;
};
Result<ReadFileResult> ReadAttachmentFile(const std::string& path, const AttachmentPolicy& policy);

// The words a confined read's errors use: what the file is for and which
// variable raises its size limit.
struct FileReadNames {
  std::string_view noun = "attachment";
  std::string_view max_env = "LLM_ATTACHMENT_MAX_BYTES";
};
// ReadAttachmentFile's checks for any caller (fragments use them too): inside
// `workspace` when it is set, a regular file, at most `max_bytes`. Errors are
// kUsage (kIo for a failed read) and name `path`.
Result<ReadFileResult> ReadConfinedFile(const std::string& path, const std::string& workspace,
                                        uint64_t max_bytes, const FileReadNames& names);

// LLM_WORKSPACE resolved (every symlink and ".."), or "" when unset: the
// confinement root that attachments and fragments share. kConfig when it does
// not exist. Reads no other variable, so one feature's bad limit never fails
// another's command.
Result<std::string> WorkspaceFromEnv(const EnvGetter& env);

// A positive byte count from the environment variable `name`, else `fallback`;
// kConfig for anything else.
Result<uint64_t> ByteLimitFromEnv(const EnvGetter& env, const char* name, uint64_t fallback);

}  // namespace llmbox
