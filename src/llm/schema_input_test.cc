#include "llm/schema_input.h"

#include <gtest/gtest.h>

#include "llm/config_test_support.h"

namespace llmbox {
namespace {

using OrderedJson = nlohmann::ordered_json;

TEST(SchemaDsl, BuildsObjectSchemaInFieldOrder) {
  auto schema = ParseSchemaDsl("name, age int, bio: a short bio");
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ(
      schema->dump(),
      R"({"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},)"
      R"("bio":{"type":"string","description":"a short bio"}},"required":["name","age","bio"]})");
}

TEST(SchemaDsl, SplitsOnNewlinesWhenThereAreAny) {
  auto schema = ParseSchemaDsl("name: the name, with a comma\nscore float\nok bool\n");
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ((*schema)["properties"]["name"]["description"], "the name, with a comma");
  EXPECT_EQ((*schema)["properties"]["score"]["type"], "number");
  EXPECT_EQ((*schema)["properties"]["ok"]["type"], "boolean");
}

TEST(SchemaDsl, UnknownTypeIsString) {
  auto schema = ParseSchemaDsl("when date");
  EXPECT_EQ((*schema)["properties"]["when"]["type"], "string");
}

TEST(SchemaDsl, MultiWrapsInItemsArray) {
  auto schema = ParseSchemaDsl("name", /*multi=*/true);
  EXPECT_EQ(
      schema->dump(),
      R"({"type":"object","properties":{"items":{"type":"array","items":{"type":"object",)"
      R"("properties":{"name":{"type":"string"}},"required":["name"]}}},"required":["items"]})");
}

TEST(SchemaDsl, FieldWithoutNameIsUsageError) {
  auto schema = ParseSchemaDsl("name, : no name");
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.error().kind, ErrorKind::kUsage);
}

TEST(SchemaInput, TakesJsonTextKeepingKeyOrder) {
  auto schema = ResolveSchemaInput(R"({"type":"object","properties":{"z":{},"a":{}}})", nullptr);
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ(schema->dump(), R"({"type":"object","properties":{"z":{},"a":{}}})");
}

TEST(SchemaInput, ReadsJsonFile) {
  testing::TempDir tmp;
  testing::WriteText(tmp.Sub("s.json"), R"({"type": "object"})");
  auto schema = ResolveSchemaInput(tmp.Sub("s.json"), nullptr);
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ((*schema)["type"], "object");
  testing::WriteText(tmp.Sub("bad.json"), "not json");
  EXPECT_FALSE(ResolveSchemaInput(tmp.Sub("bad.json"), nullptr).ok());
}

TEST(SchemaInput, LooksUpStoredIdLast) {
  auto schema = ResolveSchemaInput("abc123", [](const std::string& id) {
    return Result<std::optional<std::string>>(
        id == "abc123" ? std::optional<std::string>(R"({"x":1})") : std::nullopt);
  });
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ((*schema)["x"], 1);
  auto missing = ResolveSchemaInput(
      "nope", [](const std::string&) { return Result<std::optional<std::string>>(std::nullopt); });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kUsage);
}

// Expected ids from Python: hashlib.blake2b(json.dumps(s, separators=(",", ":")).encode(),
// digest_size=16).hexdigest(), as llm's make_schema_id computes them.
TEST(SchemaId, MatchesLlm) {
  auto schema = ParseSchemaDsl("name, age int, bio: a short bio");
  EXPECT_EQ(MakeSchemaId(*schema).first, "96177f5728dd248fb578c9996646ebe6");
  EXPECT_EQ(MakeSchemaId(MultiSchema(*schema)).first, "c597f817080e696b5f96c9a982f09208");
}

TEST(SchemaId, EscapesNonAsciiAsPythonDoes) {
  OrderedJson schema = {{"d", "caf\xC3\xA9 \xF0\x9F\x98\x80"}};
  EXPECT_EQ(MakeSchemaId(schema).second, R"({"d":"caf\u00e9 \ud83d\ude00"})");
}

}  // namespace
}  // namespace llmbox
