// Where llm keeps its files, and the small filesystem primitives every config
// file goes through. The directory is the one the Python `llm` uses, so both
// tools share keys.json, aliases.json, logs.db and the rest.
//
// Writes are atomic (temporary file in the same directory, then rename) so a
// crash or a full disk never leaves a half-written keys.json, and the
// temporary file is created with the final mode from the start: there is no
// moment at which a secret sits in a file with looser permissions.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string>

#include "common/result.h"
#include "llm/command.h"

namespace llmbox {

// $LLM_USER_PATH if set and non-empty, else $HOME/.config/io.datasette.llm.
// kConfig error when neither variable is set.
Result<std::string> UserDir(const EnvGetter& env);

// `user_dir` when the caller already has one (Context::user_dir), else UserDir(env).
Result<std::string> UserDirOr(const std::string& user_dir, const EnvGetter& env);

// Joins a directory and a file name with exactly one '/'.
std::string JoinPath(const std::string& dir, const std::string& name);

// mkdir -p. Directories it creates get mode 0700; existing ones are left alone.
// kIo error when a component exists but is not a directory, or mkdir fails.
Result<void> EnsureDir(const std::string& path);

// Config files are small; the cap keeps a path pointing at /dev/zero or a
// huge file from exhausting memory.
inline constexpr size_t kMaxConfigFileBytes = size_t{16} << 20;

// The whole file. kIo error (naming the path) when it cannot be read or is
// larger than `max_bytes`.
Result<std::string> ReadFile(const std::string& path, size_t max_bytes = kMaxConfigFileBytes);

// Reads an open descriptor to its end; errors name `path`. For callers that
// must check the file (fstat) and read it through the same descriptor.
Result<std::string> ReadAllFromFd(int fd, const std::string& path,
                                  size_t max_bytes = kMaxConfigFileBytes);

// Like ReadFile, but a missing file is not an error: it yields nullopt.
Result<std::optional<std::string>> ReadFileIfExists(const std::string& path,
                                                    size_t max_bytes = kMaxConfigFileBytes);

// Replaces `path` with `content` atomically. The new file has exactly `mode`
// (umask does not apply) from the moment it is created. The parent directory
// must exist.
Result<void> WriteFileAtomic(const std::string& path, const std::string& content, mode_t mode);

}  // namespace llmbox
