#include "gate/audit_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

#include "common/redact.h"

namespace llmbox::gate {

std::string FormatAuditTime(std::chrono::system_clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(ms % 1000));
  return std::string(date) + millis;
}

std::string FormatAuditLine(const AuditRecord& r, const std::vector<std::string>& secrets) {
  nlohmann::ordered_json j;
  j["time"] = FormatAuditTime(r.time);
  j["caller"] = r.caller;
  j["kind"] = r.kind;
  j["method"] = r.method;
  j["route"] = r.route;
  j["host"] = r.host;
  j["path"] = r.path;
  j["decision"] = r.decision;
  j["reason"] = r.reason;
  j["status"] = r.status;
  j["bytes_in"] = r.bytes_in;
  j["bytes_out"] = r.bytes_out;
  j["duration_ms"] = std::round(r.duration_ms * 1000) / 1000;
  j["model"] = r.model;
  j["input_tokens"] = r.usage.input;
  j["output_tokens"] = r.usage.output;
  // Invalid UTF-8 from a caller is replaced rather than making dump() fail.
  std::string line = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return Redact(line, secrets);
}

Result<std::unique_ptr<AuditLog>> AuditLog::Open(const std::string& path,
                                                 std::vector<std::string> secrets) {
  if (path == "-")
    return std::unique_ptr<AuditLog>(new AuditLog(stdout, false, std::move(secrets)));
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return MakeError(ErrorKind::kIo, "cannot open audit log " + path + ": " + std::strerror(errno));
  }
  std::FILE* file = ::fdopen(fd, "a");
  if (file == nullptr) {
    ::close(fd);
    return MakeError(ErrorKind::kIo, "cannot open audit log " + path);
  }
  return std::unique_ptr<AuditLog>(new AuditLog(file, true, std::move(secrets)));
}

AuditLog::~AuditLog() {
  if (owned_) std::fclose(file_);
}

void AuditLog::Write(const AuditRecord& record) {
  std::string line = FormatAuditLine(record, secrets_);
  line += '\n';
  std::lock_guard<std::mutex> lock(mu_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

}  // namespace llmbox::gate
