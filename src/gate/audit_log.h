// The audit log: one JSON object per line for every request the gate sees,
// allowed or not, to standard output (for `docker compose logs gate`) or a file.
//
// Guards against two failures: a decision that leaves no trace, and a trace
// that leaks. Lines carry who asked, for what, the decision and its reason,
// status, byte counts, duration, model and token usage; never a header value,
// a body or a query string. As a last guard every line passes through Redact()
// with the gate's own secrets, so a key that somehow reached a field is masked.
// Fields (all present, empty or 0 when unknown):
//   time caller kind method route host path decision reason status
//   bytes_in bytes_out duration_ms model input_tokens output_tokens
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"
#include "gate/usage_meter.h"

namespace llmbox::gate {

struct AuditRecord {
  std::chrono::system_clock::time_point time;
  std::string caller;  // "unix uid=1000", "tcp 172.18.0.3:40000"
  std::string kind;    // "route", "connect", "http", "invalid"
  std::string method;
  std::string route;     // provider name, for provider routes
  std::string host;      // "host:port" the request was for
  std::string path;      // path only: queries may hold secrets
  std::string decision;  // "allow", "refuse", "error"
  std::string reason;
  unsigned status = 0;
  uint64_t bytes_in = 0;   // request body (or tunnel) bytes from the caller
  uint64_t bytes_out = 0;  // response body (or tunnel) bytes to the caller
  double duration_ms = 0;
  std::string model;
  TokenUsage usage;
};

// RFC 3339 UTC with milliseconds: 2025-01-31T12:00:00.123Z.
std::string FormatAuditTime(std::chrono::system_clock::time_point t);

// One line of JSON, without the newline, with `secrets` redacted.
std::string FormatAuditLine(const AuditRecord& record, const std::vector<std::string>& secrets);

class AuditLog {
 public:
  // "-" is standard output; anything else a file opened for appending (mode 0600).
  static Result<std::unique_ptr<AuditLog>> Open(const std::string& path,
                                                std::vector<std::string> secrets);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  void Write(const AuditRecord& record);

 private:
  AuditLog(std::FILE* file, bool owned, std::vector<std::string> secrets)
      : file_(file), owned_(owned), secrets_(std::move(secrets)) {}

  std::mutex mu_;
  std::FILE* file_;
  bool owned_;
  std::vector<std::string> secrets_;
};

}  // namespace llmbox::gate
