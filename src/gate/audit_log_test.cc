#include "gate/audit_log.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace llmbox::gate {
namespace {

AuditRecord Sample() {
  AuditRecord r;
  r.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'700'000'000'123));
  r.caller = "unix uid=1000";
  r.kind = "route";
  r.method = "POST";
  r.route = "openai";
  r.host = "api.openai.com:443";
  r.path = "/v1/chat/completions";
  r.decision = "allow";
  r.status = 200;
  r.bytes_in = 120;
  r.bytes_out = 4567;
  r.duration_ms = 12.3456;
  r.model = "gpt-4o-mini";
  r.usage = TokenUsage{54, 20, true};
  return r;
}

TEST(AuditLog, FormatsOneJsonObjectWithEveryField) {
  std::string line = FormatAuditLine(Sample(), {});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["time"], "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(j["caller"], "unix uid=1000");
  EXPECT_EQ(j["kind"], "route");
  EXPECT_EQ(j["decision"], "allow");
  EXPECT_EQ(j["status"], 200);
  EXPECT_EQ(j["bytes_in"], 120);
  EXPECT_EQ(j["bytes_out"], 4567);
  EXPECT_DOUBLE_EQ(j["duration_ms"].get<double>(), 12.346);
  EXPECT_EQ(j["model"], "gpt-4o-mini");
  EXPECT_EQ(j["input_tokens"], 54);
  EXPECT_EQ(j["output_tokens"], 20);
  for (const char* key : {"method", "route", "host", "path", "reason"})
    EXPECT_TRUE(j.contains(key)) << key;
}

TEST(AuditLog, FieldsKeepAFixedOrder) {
  std::string line = FormatAuditLine(Sample(), {});
  EXPECT_EQ(line.rfind("{\"time\":", 0), 0u);
  EXPECT_LT(line.find("\"decision\""), line.find("\"status\""));
}

TEST(AuditLog, RedactsKnownSecretsAndKeyShapes) {
  AuditRecord r = Sample();
  r.path = "/v1/x/sk-gate-secret-value-123456";
  r.reason = "gate-known-secret";
  std::string line = FormatAuditLine(r, {"gate-known-secret"});
  EXPECT_EQ(line.find("gate-known-secret"), std::string::npos);
  EXPECT_EQ(line.find("sk-gate-secret-value"), std::string::npos);
  EXPECT_NE(line.find("[REDACTED]"), std::string::npos);
}

TEST(AuditLog, EscapesControlCharactersAndInvalidUtf8) {
  AuditRecord r = Sample();
  r.host = "a\nb\x1b[0m\xff";
  std::string line = FormatAuditLine(r, {});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find('\x1b'), std::string::npos);
  EXPECT_FALSE(nlohmann::json::parse(line, nullptr, false).is_discarded());
}

}  // namespace
}  // namespace llmbox::gate
