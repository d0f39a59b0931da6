#include "gate/reply.h"

#include <gtest/gtest.h>

namespace llmbox::gate {
namespace {

TEST(Reply, RefusalCarriesReasonHeaderAndActionableBody) {
  auto r = RefusalResponse(Refuse(403, "host-not-allowed", "refused evil.example:443: not listed",
                                  "Add it to allow_hosts."),
                           11);
  EXPECT_EQ(r.result_int(), 403u);
  EXPECT_EQ(r["X-Llmbox-Refused"], "host-not-allowed");
  EXPECT_EQ(r.body(), "llm-gate: refused evil.example:443: not listed\nAdd it to allow_hosts.\n");
  EXPECT_FALSE(r.keep_alive());
  EXPECT_EQ(r[http::field::content_length], std::to_string(r.body().size()));
}

TEST(Reply, FailuresUseTheErrorHeader) {
  auto r = RefusalResponse(Fail(502, "upstream-tls", "TLS failed"), 11);
  EXPECT_EQ(r.count("X-Llmbox-Refused"), 0u);
  EXPECT_EQ(r["X-Llmbox-Error"], "upstream-tls");
}

TEST(Reply, AuthenticationRefusalsNameTheScheme) {
  EXPECT_EQ(
      RefusalResponse(Refuse(407, "unauthenticated", "x"), 11)[http::field::proxy_authenticate],
      "Basic realm=\"llm-gate\"");
  EXPECT_FALSE(
      RefusalResponse(Refuse(401, "unauthenticated", "x"), 11)[http::field::www_authenticate]
          .empty());
}

TEST(Refusal, PrintableDropsControlBytesAndBoundsLength) {
  EXPECT_EQ(Printable("a\r\nb\x1b[0m"), "a??b?[0m");
  EXPECT_EQ(Printable(std::string(300, 'x'), 10), std::string(10, 'x') + "...");
}

}  // namespace
}  // namespace llmbox::gate
