#include "llm/logs_yaml_resolve.h"

#include <gtest/gtest.h>

#include <string_view>

// Each expectation is what PyYAML 6's Resolver decides for the plain scalar.
namespace llmbox {
namespace {

TEST(LogsYamlResolve, NullBoolAndSpecialKeys) {
  for (std::string_view s :
       {"", "~", "null", "NULL", "yes", "No", "ON", "off", "true", "<<", "=", "!", "&", "*"}) {
    EXPECT_TRUE(PyYamlReadsAsNonString(s)) << s;
  }
  for (std::string_view s : {"nUll", "yES", "y", "n", "truth"}) {
    EXPECT_FALSE(PyYamlReadsAsNonString(s)) << s;
  }
}

TEST(LogsYamlResolve, Integers) {
  for (std::string_view s :
       {"0", "00", "07", "0_7", "0b101", "0x1F", "+1", "-1", "1_000", "1:30", "190:20:30"}) {
    EXPECT_TRUE(PyYamlReadsAsNonString(s)) << s;
  }
  for (std::string_view s : {"08", "0b", "0b2", "0x", "0:30", "1:60", "12abc"}) {
    EXPECT_FALSE(PyYamlReadsAsNonString(s)) << s;
  }
}

TEST(LogsYamlResolve, Floats) {
  for (std::string_view s :
       {"1.5", "1.", ".5", "1.0e+5", "1.e-3", "1:30.5", ".inf", "-.inf", ".NaN"}) {
    EXPECT_TRUE(PyYamlReadsAsNonString(s)) << s;
  }
  // YAML 1.1 floats need a dot and a signed exponent.
  for (std::string_view s : {"1e5", "1.0e5", "+.5", "._5", "-.nan", "1.2.3"}) {
    EXPECT_FALSE(PyYamlReadsAsNonString(s)) << s;
  }
}

TEST(LogsYamlResolve, Timestamps) {
  for (std::string_view s :
       {"2025-05-20", "2025-05-20T12:34:56", "2025-5-2t1:34:56", "2025-05-20  12:34:56.123",
        "2025-05-20T12:34:56 Z", "2025-05-20T12:34:56-01:30", "2025-05-20T12:34:56+1"}) {
    EXPECT_TRUE(PyYamlReadsAsNonString(s)) << s;
  }
  for (std::string_view s : {"2025-5-20", "2025-05-20T12:34", "2025-05-20T12:34:56 ", "20250-05-20",
                             "2025-05-20T12:34:56+123"}) {
    EXPECT_FALSE(PyYamlReadsAsNonString(s)) << s;
  }
}

TEST(LogsYamlResolve, IdsAndModelNamesStayStrings) {
  EXPECT_FALSE(PyYamlReadsAsNonString("01jv7svferbzqwncebec8mnye2"));
  EXPECT_FALSE(PyYamlReadsAsNonString("gpt-4o-mini"));
}

}  // namespace
}  // namespace llmbox
