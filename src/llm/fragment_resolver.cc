// See fragment_resolver.h for what this guards against.
#include "llm/fragment_resolver.h"

#include <sys/stat.h>

#include <istream>

#include "llm/provider_error.h"
#include "llm/utf8_repair.h"

namespace llmbox {
namespace {

constexpr char kMaxBytesEnv[] = "LLM_FRAGMENT_MAX_BYTES";
constexpr char kTotalMaxBytesEnv[] = "LLM_FRAGMENTS_TOTAL_MAX_BYTES";
constexpr FileReadNames kFileNames{"fragment", kMaxBytesEnv};
// llm fetches URL fragments with httpx.Client(follow_redirects=True, max_redirects=3).
constexpr int kMaxRedirects = 3;

Error Fail(std::string message) { return MakeError(ErrorKind::kConfig, std::move(message)); }

// Exit status 1 for every fragment error, as llm (a ClickException).
Error AsConfig(Error e) {
  e.kind = e.kind == ErrorKind::kUsage ? ErrorKind::kConfig : e.kind;
  return e;
}

Error TooBig(const std::string& value, uint64_t limit) {
  return Fail("fragment " + value + " is larger than the " + std::to_string(limit) +
              " byte limit per fragment (set " + kMaxBytesEnv + " to change it)");
}

Result<std::string> CheckUtf8(const std::string& value, std::string bytes) {
  if (!IsValidUtf8(bytes)) {
    return Fail("fragment " + value +
                " is not UTF-8 text; convert it first (for example with iconv)");
  }
  return bytes;
}

bool IsUrl(const std::string& value) {
  return value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0;
}

// The statuses httpx follows when a Location header comes with them.
bool IsRedirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// A server-chosen URL, safe to print in a one-line error.
std::string Shown(const std::string& url) { return OnePrintableLine(url, 200); }

}  // namespace

Result<FragmentPolicy> FragmentPolicy::FromEnv(const EnvGetter& env) {
  // Only the workspace is shared with attachments: their limits are not read.
  auto workspace = WorkspaceFromEnv(env);
  if (!workspace) return workspace.error();
  FragmentPolicy policy;
  policy.workspace = std::move(*workspace);
  auto max = ByteLimitFromEnv(env, kMaxBytesEnv, kDefaultFragmentMaxBytes);
  if (!max) return max.error();
  auto total = ByteLimitFromEnv(env, kTotalMaxBytesEnv, kDefaultFragmentsTotalMaxBytes);
  if (!total) return total.error();
  policy.max_bytes = *max;
  policy.total_max_bytes = *total;
  return policy;
}

Result<std::vector<Fragment>> FragmentResolver::ResolveAll(const std::vector<std::string>& values) {
  std::vector<Fragment> out;
  for (const std::string& value : values) {
    auto f = Resolve(value);
    if (!f) return f.error();
    out.push_back(std::move(*f));
  }
  return out;
}

Result<Fragment> FragmentResolver::Resolve(const std::string& value) {
  if (IsUrl(value)) return FromUrl(value);
  if (value == "-") return FromStdin();
  if (HasLoaderPrefix(value)) {
    const std::string prefix = value.substr(0, value.find(':') + 1);
    return Fail("fragment " + value + ": '" + prefix +
                "' is a fragment loader from an llm plugin; llmbox runs no plugins, so give a "
                "file, URL, hash or alias instead");
  }
  auto stored = lookup_ ? lookup_(value) : Result<std::optional<Fragment>>(std::nullopt);
  if (!stored) return stored.error();
  if (stored->has_value()) return std::move(**stored);
  return FromFile(value);
}

Result<void> FragmentResolver::Count(const std::string& value, uint64_t size) {
  if (total_ + size > policy_.total_max_bytes) {
    return Fail("fragments exceed the " + std::to_string(policy_.total_max_bytes) +
                " byte total limit at " + value + " (set " + kTotalMaxBytesEnv +
                " to change it)");
  }
  total_ += size;
  return Ok();
}

// Each hop is a fetch of its own (through the gate when there is one); the
// fragment keeps the URL as given for its source, as llm's does.
Result<FetchedUrl> FragmentResolver::FetchFollowingRedirects(const std::string& url) {
  std::string at = url;
  for (int redirects = 0;; ++redirects) {
    auto got = fetch_(at, /*head_only=*/false, policy_.max_bytes);
    if (!got) return AsConfig(got.error());
    if (got->too_big || !IsRedirect(got->status) || got->redirect_url.empty()) return got;
    if (redirects == kMaxRedirects) {
      return Fail("fragment URL " + url + " redirected more than " + std::to_string(kMaxRedirects) +
                  " times; give the final URL instead");
    }
    if (!IsUrl(got->redirect_url)) {
      return Fail("fragment URL " + url + " redirects to " + Shown(got->redirect_url) +
                  ", which is not http or https; refused");
    }
    at = std::move(got->redirect_url);
  }
}

Result<Fragment> FragmentResolver::FromUrl(const std::string& url) {
  auto got = FetchFollowingRedirects(url);
  if (!got) return got.error();
  if (got->too_big) return TooBig(url, policy_.max_bytes);
  if (got->status < 200 || got->status > 299) {
    return Fail("fragment URL " + url + " answered HTTP " + std::to_string(got->status));
  }
  if (auto counted = Count(url, got->body.size()); !counted) return counted.error();
  return Fragment{RepairUtf8(got->body), url};
}

Result<Fragment> FragmentResolver::FromStdin() {
  std::string bytes;
  char buf[1 << 16];
  while (in_->read(buf, sizeof buf) || in_->gcount() > 0) {
    const auto n = static_cast<size_t>(in_->gcount());
    if (bytes.size() + n > policy_.max_bytes) return TooBig("- (standard input)", policy_.max_bytes);
    bytes.append(buf, n);
  }
  in_->clear();
  if (auto counted = Count("- (standard input)", bytes.size()); !counted) return counted.error();
  auto text = CheckUtf8("- (standard input)", std::move(bytes));
  if (!text) return text.error();
  return Fragment{std::move(*text), "-"};
}

Result<Fragment> FragmentResolver::FromFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Fail("Fragment '" + path +
                "' not found: not a stored alias or hash, and no such file (see llm fragments list)");
  }
  auto read = ReadConfinedFile(path, policy_.workspace, policy_.max_bytes, kFileNames);
  if (!read) return AsConfig(read.error());
  if (auto counted = Count(path, read->bytes.size()); !counted) return counted.error();
  auto text = CheckUtf8(path, std::move(read->bytes));
  if (!text) return text.error();
  return Fragment{std::move(*text), std::move(read->resolved_path)};
}

}  // namespace llmbox
