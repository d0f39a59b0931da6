#include "llm/json_fields.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

using nlohmann::json;

TEST(StringAt, ReturnsTheStringMember) {
  EXPECT_EQ(StringAt(json{{"model", "gpt-4o"}}, "model"), "gpt-4o");
}

TEST(StringAt, IsEmptyForMissingOrNonStringMembers) {
  const json object = {{"n", 3}, {"null", nullptr}, {"list", {"a"}}};
  EXPECT_EQ(StringAt(object, "absent"), "");
  EXPECT_EQ(StringAt(object, "n"), "");
  EXPECT_EQ(StringAt(object, "null"), "");
  EXPECT_EQ(StringAt(object, "list"), "");
}

TEST(StringAt, IsEmptyForValuesThatAreNotObjects) {
  EXPECT_EQ(StringAt(json(), "type"), "");
  EXPECT_EQ(StringAt(json::array({"type"}), "type"), "");
  EXPECT_EQ(StringAt(json("type"), "type"), "");
}

TEST(IntAt, ReturnsTheIntegerMember) {
  EXPECT_EQ(IntAt(json{{"index", 7}}, "index"), 7);
  EXPECT_EQ(IntAt(json{{"big", int64_t{1} << 40}}, "big"), int64_t{1} << 40);
  EXPECT_EQ(IntAt(json{{"neg", -2}}, "neg"), -2);
}

TEST(IntAt, IsNulloptForMissingFractionalOrOtherMembers) {
  const json object = {{"f", 1.5}, {"s", "3"}, {"b", true}, {"null", nullptr}};
  EXPECT_EQ(IntAt(object, "absent"), std::nullopt);
  EXPECT_EQ(IntAt(object, "f"), std::nullopt);
  EXPECT_EQ(IntAt(object, "s"), std::nullopt);
  EXPECT_EQ(IntAt(object, "b"), std::nullopt);
  EXPECT_EQ(IntAt(object, "null"), std::nullopt);
  EXPECT_EQ(IntAt(json::array({1}), "0"), std::nullopt);
}

TEST(IsTrueAt, IsTrueOnlyForTheBooleanTrue) {
  const json object = {{"yes", true}, {"no", false}, {"one", 1}, {"text", "true"}};
  EXPECT_TRUE(IsTrueAt(object, "yes"));
  EXPECT_FALSE(IsTrueAt(object, "no"));
  EXPECT_FALSE(IsTrueAt(object, "one"));
  EXPECT_FALSE(IsTrueAt(object, "text"));
  EXPECT_FALSE(IsTrueAt(object, "absent"));
  EXPECT_FALSE(IsTrueAt(json(true), "yes"));
}

TEST(SimplifyUsage, DropsZerosFalseAndNulls) {
  const json usage = {{"a", 0}, {"b", 0.0}, {"c", false}, {"d", nullptr}, {"e", 5}, {"f", true}};
  EXPECT_EQ(SimplifyUsage(usage), (json{{"e", 5}, {"f", true}}));
}

TEST(SimplifyUsage, DropsObjectsLeftEmptyRecursively) {
  const json usage = {{"details", {{"cached", 0}, {"inner", {{"x", nullptr}}}}},
                      {"kept", {{"audio", 2}, {"text", 0}}}};
  EXPECT_EQ(SimplifyUsage(usage), (json{{"kept", {{"audio", 2}}}}));
}

TEST(SimplifyUsage, KeepsStringsArraysAndNonObjectsAsTheyAre) {
  EXPECT_EQ(SimplifyUsage(json{{"tier", "standard"}, {"list", {0, nullptr}}}),
            (json{{"tier", "standard"}, {"list", {0, nullptr}}}));
  EXPECT_EQ(SimplifyUsage(json(0)), json(0));
  EXPECT_EQ(SimplifyUsage(json()), json());
}

TEST(RemoveNulls, DropsNullMembersButKeepsZeros) {
  EXPECT_EQ(RemoveNulls(json{{"a", nullptr}, {"b", 0}, {"c", false}}),
            (json{{"b", 0}, {"c", false}}));
}

TEST(RemoveNulls, CleansObjectsInsideArraysAndDropsObjectsLeftEmpty) {
  const json value = {{"items", {{{"x", nullptr}, {"y", 1}}, {{"z", nullptr}}, nullptr}},
                      {"gone", {{"only", nullptr}}}};
  EXPECT_EQ(RemoveNulls(value), (json{{"items", {{{"y", 1}}, json::object(), nullptr}}}));
}

}  // namespace
}  // namespace llmbox
