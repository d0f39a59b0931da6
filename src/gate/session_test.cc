#include "gate/session.h"

#include <gtest/gtest.h>

namespace llmbox::gate {
namespace {

TEST(Session, HeaderReadFailuresMapToStatuses) {
  EXPECT_EQ(HeaderReadRefusal({}, true).status, 408u);
  EXPECT_EQ(HeaderReadRefusal(http::error::header_limit, false).status, 431u);
  EXPECT_EQ(HeaderReadRefusal(http::error::body_limit, false).status, 413u);
  EXPECT_EQ(HeaderReadRefusal(http::error::bad_transfer_encoding, false).reason,
            "ambiguous-framing");
  EXPECT_EQ(HeaderReadRefusal(http::error::bad_content_length, false).reason, "ambiguous-framing");
  EXPECT_EQ(HeaderReadRefusal(http::error::bad_method, false).status, 400u);
  EXPECT_EQ(HeaderReadRefusal(http::error::partial_message, false).reason, "incomplete-request");
}

}  // namespace
}  // namespace llmbox::gate
