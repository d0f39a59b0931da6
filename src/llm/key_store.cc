#include "llm/key_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <utility>

#include "llm/config_paths.h"

namespace llmbox {
namespace {

using Json = nlohmann::ordered_json;  // keeps llm's entry order when we rewrite the file

// An API key is well under a kilobyte; a bigger $X_FILE is a mistake.
constexpr size_t kMaxKeyFileBytes = 64 * 1024;

Error InsecureFile(const std::string& path) {
  return MakeError(ErrorKind::kSecurity,
                   path + " is readable by other users; run: chmod 600 " + path);
}

// Reads keys.json through one descriptor so the mode we check is the mode of
// the file we read. nullopt: there is no keys.json.
Result<std::optional<std::string>> ReadPrivateFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return MakeError(ErrorKind::kIo, path + ": cannot read: " + std::strerror(errno));
  }
  struct stat st {};
  Result<std::string> text = MakeError(ErrorKind::kIo, path + ": cannot stat");
  if (::fstat(fd, &st) != 0) {
    text = MakeError(ErrorKind::kIo, path + ": cannot stat: " + std::strerror(errno));
  } else if (!S_ISREG(st.st_mode)) {
    text = MakeError(ErrorKind::kConfig, path + " is not a regular file");
  } else if ((st.st_mode & 077) != 0) {
    text = InsecureFile(path);
  } else {
    text = ReadAllFromFd(fd, path);
  }
  ::close(fd);
  if (!text) return text.error();
  return std::optional<std::string>(std::move(*text));
}

// nullopt: no keys.json yet.
Result<std::optional<Json>> LoadKeys(const std::string& path) {
  auto text = ReadPrivateFile(path);
  if (!text) return text.error();
  if (!text->has_value()) return std::optional<Json>();
  // No exceptions: a parse_error's message quotes the bytes near the error,
  // which may be part of a key.
  Json doc = Json::parse(**text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return MakeError(ErrorKind::kConfig, path + " is not valid JSON; fix or remove it");
  }
  if (!doc.is_object()) {
    return MakeError(ErrorKind::kConfig, path + " must contain a JSON object of name: key pairs");
  }
  return std::optional<Json>(std::move(doc));
}

std::string StripTrailingNewlines(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

std::string MissingKeyMessage(const KeyRequest& req) {
  std::string msg = "No key found";
  if (!req.key_name.empty()) msg += " - add one using 'llm keys set " + req.key_name + "'";
  if (!req.env_var.empty()) {
    msg += req.key_name.empty() ? " - set the " : " or set the ";
    msg += req.env_var + " environment variable";
  }
  return msg;
}

}  // namespace

KeyStore::KeyStore(std::string user_dir, EnvGetter env)
    : user_dir_(std::move(user_dir)), env_(std::move(env)) {}

Result<std::string> KeyStore::Path() const {
  auto dir = UserDirOr(user_dir_, env_);
  if (!dir) return dir.error();
  return JoinPath(*dir, "keys.json");
}

Result<std::optional<std::string>> KeyStore::Get(std::string_view name) const {
  auto path = Path();
  if (!path) return path.error();
  auto doc = LoadKeys(*path);
  if (!doc) return doc.error();
  if (!doc->has_value() || name == kKeysNoteName) return std::optional<std::string>();
  auto it = (*doc)->find(std::string(name));
  if (it == (*doc)->end()) return std::optional<std::string>();
  if (!it->is_string()) {
    return MakeError(ErrorKind::kConfig,
                     *path + ": the value for '" + std::string(name) + "' is not a string");
  }
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::vector<std::string>> KeyStore::List() const {
  auto path = Path();
  if (!path) return path.error();
  auto doc = LoadKeys(*path);
  if (!doc) return doc.error();
  std::vector<std::string> names;
  if (!doc->has_value()) return names;
  for (const auto& item : (*doc)->items()) {
    if (item.key() != kKeysNoteName) names.push_back(item.key());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<void> KeyStore::Set(std::string_view name, std::string_view value) const {
  if (name.empty() || name == kKeysNoteName) {
    return MakeError(ErrorKind::kUsage, "invalid key name '" + std::string(name) + "'");
  }
  auto dir = UserDirOr(user_dir_, env_);
  if (!dir) return dir.error();
  if (auto made = EnsureDir(*dir); !made) return made.error();
  const std::string path = JoinPath(*dir, "keys.json");
  auto loaded = LoadKeys(path);
  if (!loaded) return loaded.error();
  Json doc = loaded->has_value() ? std::move(**loaded)
                                 : Json{{std::string(kKeysNoteName), std::string(kKeysNoteText)}};
  doc[std::string(name)] = std::string(value);
  std::string text;
  try {
    // ensure_ascii matches Python's json.dumps, so both tools write the same bytes.
    text = doc.dump(2, ' ', /*ensure_ascii=*/true) + "\n";
  } catch (const nlohmann::json::exception&) {
    // The exception text would quote the offending bytes of the key.
    return MakeError(ErrorKind::kUsage, "the value for '" + std::string(name) +
                                            "' is not valid UTF-8; nothing was written");
  }
  return WriteFileAtomic(path, text, 0600);
}

Result<std::string> KeyStore::KeyFromEnvFile(const std::string& env_var) const {
  const std::string file_var = env_var + "_FILE";
  auto file = env_(file_var);
  if (!file || file->empty()) return std::string();
  auto text = ReadFile(*file, kMaxKeyFileBytes);
  // ReadFile's message names the path and the reason, never the content.
  if (!text) return MakeError(ErrorKind::kConfig, file_var + ": " + text.error().message);
  std::string key = StripTrailingNewlines(std::move(*text));
  if (key.empty()) {
    return MakeError(ErrorKind::kConfig, file_var + " names " + *file + ", which is empty");
  }
  return key;
}

Result<std::string> KeyStore::ResolveKey(const KeyRequest& req) const {
  if (!req.explicit_key.empty()) {
    auto stored = Get(req.explicit_key);
    if (!stored) return stored.error();
    if (stored->has_value()) return **stored;
    return req.explicit_key;
  }
  if (!req.key_name.empty()) {
    auto stored = Get(req.key_name);
    if (!stored) return stored.error();
    if (stored->has_value()) return **stored;
  }
  if (!req.env_var.empty()) {
    if (auto v = env_(req.env_var); v && !v->empty()) return *v;
    auto from_file = KeyFromEnvFile(req.env_var);
    if (!from_file || !from_file->empty()) return from_file;
  }
  if (!req.required) return std::string();
  return MakeError(ErrorKind::kConfig, MissingKeyMessage(req));
}

}  // namespace llmbox
