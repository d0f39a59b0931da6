// The attachments of a logged prompt, in llm 0.32's tables (llm/models.py,
// Response.log_to_db): one `attachments` row per distinct attachment (id,
// type, path for a file, url for a URL, content only for standard input)
// and one `prompt_attachments` row (response_id, attachment_id, order) per
// attachment of the prompt. Both run inside LogStore's insert transaction.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "llm/model_call.h"
#include "llm/sqlite_db.h"

namespace llmbox {

// The same attachment twice in one prompt is linked once (llm itself fails
// on that with a UNIQUE constraint error).
Result<void> WriteAttachmentRows(SqliteDb& db, const std::string& response_id,
                                 const std::vector<Attachment>& attachments);

// A response's attachments in prompt order, as logged: files have only their
// path (no content), URLs their url, stdin its content.
Result<std::vector<Attachment>> ReadAttachmentRows(SqliteDb& db, const std::string& response_id);

}  // namespace llmbox
