// The id llm 0.32 gives an attachment (attachments.id in logs.db), so that
// llmbox and llm share rows for the same file: the SHA-256 hex digest of the
// bytes for a file or standard input, and for a URL the digest of the JSON
// text Python's json.dumps({"url": url}) writes (ASCII-only, ", " and ": "
// separators). See llm/models.py, Attachment.id().
#pragma once

#include <string>
#include <string_view>

#include "llm/model_call.h"

namespace llmbox {

// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// A JSON string literal as Python's json.dumps writes it with ensure_ascii:
// non-ASCII code points as \uXXXX (surrogate pairs above U+FFFF).
std::string PythonJsonString(std::string_view utf8);

// The attachment's llm id: from `url` when set, else from `content`.
std::string AttachmentId(const Attachment& attachment);

}  // namespace llmbox
