#include "llm/provider_error.h"

#include <gtest/gtest.h>

namespace llmbox {
namespace {

TEST(ProviderErrorMessage, UsesMessageFromOpenAiErrorObjectWithKeyHint) {
  EXPECT_EQ(
      ProviderErrorMessage(
          401, R"({"error":{"message":"Incorrect API key provided","type":"invalid"}})", "OpenAI"),
      "OpenAI API error 401: Incorrect API key provided "
      "(check the key: llm keys set openai)");
}

TEST(ProviderErrorMessage, HintsAtQuotaFor429) {
  EXPECT_EQ(ProviderErrorMessage(429, R"({"error":{"message":"Slow down"}})", "OpenAI"),
            "OpenAI API error 429: Slow down (rate limited or out of quota)");
}

TEST(ProviderErrorMessage, ReadsAnthropicErrorBodyWithKeyHint) {
  EXPECT_EQ(
      ProviderErrorMessage(
          401,
          R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})",
          "Anthropic"),
      "Anthropic API error 401: invalid x-api-key (check the key: llm keys set anthropic)");
  EXPECT_EQ(
      ProviderErrorMessage(
          529, R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})",
          "Anthropic"),
      "Anthropic API error 529: Overloaded (the service is overloaded; try again later)");
}

TEST(ProviderErrorMessage, AcceptsOtherErrorShapes) {
  EXPECT_EQ(ProviderErrorMessage(500, R"({"error":"boom"})", "OpenAI"),
            "OpenAI API error 500: boom");
  EXPECT_EQ(ProviderErrorMessage(400, R"({"message":"bad"})", "OpenAI"),
            "OpenAI API error 400: bad");
  EXPECT_EQ(ProviderErrorMessage(422, R"({"detail":"nope"})", "OpenAI"),
            "OpenAI API error 422: nope");
}

TEST(ProviderErrorMessage, FallsBackToFirst200BytesOfNonJsonBody) {
  const std::string html = "<html>\r\n<title>502 Bad Gateway</title>\n" + std::string(500, 'x');
  std::string message = ProviderErrorMessage(502, html, "OpenAI");
  EXPECT_EQ(message.rfind("OpenAI API error 502: <html> <title>502 Bad Gateway</title> xx", 0), 0u)
      << message;
  EXPECT_LE(message.size(), std::string("OpenAI API error 502: ").size() + 200);
}

TEST(ProviderErrorMessage, RemovesControlCharactersAndEscapes) {
  std::string message = ProviderErrorMessage(500,
                                             "bad\x1b[2J\x07 \xC2\x9B"
                                             "31m thing\xFF",
                                             "OpenAI");
  for (char c : message) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20) << message;
  EXPECT_EQ(message.find("\xC2\x9B"), std::string::npos);
  EXPECT_NE(message.find("thing"), std::string::npos);
}

TEST(ProviderErrorMessage, SaysWhenBodyIsEmpty) {
  EXPECT_EQ(ProviderErrorMessage(503, "", "OpenAI"), "OpenAI API error 503 (empty reply)");
}

TEST(ProviderErrorMessage, LeavesOutStatusForErrorsInsideAStream) {
  EXPECT_EQ(ProviderErrorMessage(0, R"({"error":{"message":"overloaded"}})", "OpenAI"),
            "OpenAI API error: overloaded");
}

TEST(ProviderErrorMessage, RedactsKnownAndKeyShapedSecrets) {
  std::string message = ProviderErrorMessage(
      401, R"({"error":{"message":"bad key sk-abcdefghijklmnopqrstuvwxyz and my-secret"}})",
      "OpenAI", {"my-secret"});
  EXPECT_EQ(message.find("sk-abcdefghij"), std::string::npos) << message;
  EXPECT_EQ(message.find("my-secret"), std::string::npos) << message;
}

TEST(RedactedError, RedactsTheMessageAndKeepsTheKind) {
  Error error = RedactedError(
      MakeError(ErrorKind::kParse, "the server sent 'my-secret sk-abcdefghijklmnopqrstuvwxyz'"),
      {"my-secret"});
  EXPECT_EQ(error.kind, ErrorKind::kParse);
  EXPECT_EQ(error.message.find("my-secret"), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find("sk-abcdefghij"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("the server sent '"), std::string::npos) << error.message;
}

TEST(ProviderErrorMessage, NeverCutsACharacterInHalf) {
  std::string body(199, 'a');
  body += "\xE2\x82\xAC";  // bytes 200-202
  std::string message = ProviderErrorMessage(500, body, "OpenAI");
  EXPECT_EQ(message.find("\xE2\x82"), std::string::npos);
  EXPECT_EQ(message.find("\xEF\xBF\xBD"), std::string::npos);
}

}  // namespace
}  // namespace llmbox
