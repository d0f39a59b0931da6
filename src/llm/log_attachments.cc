#include "llm/log_attachments.h"

#include "llm/attachment_id.h"

namespace llmbox {

Result<void> WriteAttachmentRows(SqliteDb& db, const std::string& response_id,
                                 const std::vector<Attachment>& attachments) {
  if (attachments.empty()) return Ok();
  int64_t order = 0;
  for (const Attachment& a : attachments) {
    const std::string id = AttachmentId(a);
    // One statement per row: a finished statement cannot be bound again without a reset.
    auto row = SqliteStmt::Prepare(
        db,
        "INSERT OR REPLACE INTO attachments (id, type, path, url, content) VALUES (?, ?, ?, ?, ?)",
        "logging an attachment");
    if (!row) return row.error();
    auto link = SqliteStmt::Prepare(db,
                                    "INSERT OR IGNORE INTO prompt_attachments "
                                    "(response_id, attachment_id, \"order\") VALUES (?, ?, ?)",
                                    "linking an attachment to its prompt");
    if (!link) return link.error();
    row->BindText(1, id);
    row->BindTextOrNull(2, a.mime_type);
    row->BindTextOrNull(3, a.path);
    row->BindTextOrNull(4, a.url);
    // llm keeps the bytes only when there is nothing else to find them by.
    if (a.path.empty() && a.url.empty()) {
      row->BindBlob(5, a.content);
    } else {
      row->BindNull(5);
    }
    if (auto ran = row->Run(); !ran) return ran;
    link->BindText(1, response_id);
    link->BindText(2, id);
    link->BindInt(3, order++);
    if (auto ran = link->Run(); !ran) return ran;
  }
  return Ok();
}

Result<std::vector<Attachment>> ReadAttachmentRows(SqliteDb& db, const std::string& response_id) {
  auto stmt = SqliteStmt::Prepare(db, R"sql(SELECT attachments.type,
      attachments.path, attachments.url, attachments.content
      FROM prompt_attachments JOIN attachments ON attachments.id = prompt_attachments.attachment_id
      WHERE prompt_attachments.response_id = ? ORDER BY prompt_attachments."order")sql",
                                  "reading a prompt's attachments");
  if (!stmt) return stmt.error();
  stmt->BindText(1, response_id);
  std::vector<Attachment> out;
  for (;;) {
    auto more = stmt->Step();
    if (!more) return more.error();
    if (!*more) return out;
    Attachment a;
    a.mime_type = stmt->Text(0);
    a.path = stmt->Text(1);
    a.url = stmt->Text(2);
    a.content = stmt->Blob(3);
    out.push_back(std::move(a));
  }
}

}  // namespace llmbox
