#include "llm/chat_chunk_scanner.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "llm/openai_chat_stream.h"

namespace llmbox {
namespace {

constexpr std::string_view kFirst =
    R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"m",)"
    R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})";

bool Scan(std::string_view data, ChatChunkDelta& out) { return ScanChatChunk(data, out); }

bool Accepts(std::string_view data) {
  ChatChunkDelta out;
  return ScanChatChunk(data, out);
}

TEST(ChatChunkScanner, ReadsTextChunk) {
  ChatChunkDelta out;
  ASSERT_TRUE(Scan(R"({"id": "c", "created": 17, "choices": [{"index": 0, "delta": )"
                   R"({"content": "t1 "}, "finish_reason": null}]})",
                   out));
  EXPECT_TRUE(out.has_choice);
  EXPECT_TRUE(out.has_delta);
  EXPECT_TRUE(out.has_content);
  EXPECT_EQ(out.content, "t1 ");
  EXPECT_FALSE(out.has_role);
  EXPECT_FALSE(out.has_finish);
}

TEST(ChatChunkScanner, ReadsRoleAndFinishReason) {
  ChatChunkDelta out;
  ASSERT_TRUE(Scan(R"({"choices":[{"delta":{"role":"assistant"},"finish_reason":"stop"}]})", out));
  EXPECT_EQ(out.role, "assistant");
  EXPECT_EQ(out.finish_reason, "stop");
  EXPECT_FALSE(out.has_content);
}

TEST(ChatChunkScanner, UnescapesStringsAsJsonDoes) {
  ChatChunkDelta out;
  ASSERT_TRUE(Scan(R"({"choices":[{"delta":{"content":"a\"b\\c\/\n\t\u00e9\ud83d\ude00\u0000"}}]})",
                   out));
  EXPECT_EQ(out.content, std::string("a\"b\\c/\n\t\xC3\xA9\xF0\x9F\x98\x80\0", 15));
}

TEST(ChatChunkScanner, KeepsRawUtf8) {
  ChatChunkDelta out;
  ASSERT_TRUE(Scan("{\"choices\":[{\"delta\":{\"content\":\"caf\xC3\xA9\"}}]}", out));
  EXPECT_EQ(out.content, "caf\xC3\xA9");
}

TEST(ChatChunkScanner, OnlyTheFirstChoiceCounts) {
  ChatChunkDelta out;
  ASSERT_TRUE(Scan(R"({"choices":[5,{"delta":{"content":"no"}}]})", out));
  EXPECT_FALSE(out.has_choice);
  EXPECT_FALSE(out.has_content);
}

TEST(ChatChunkScanner, LeavesChunksThatNeedTheFullParser) {
  for (std::string_view data : {
           std::string_view(R"({"choices": [)"),                                // malformed
           std::string_view(R"({"choices": []} x)"),                            // trailing bytes
           std::string_view(R"([1, 2])"),                                       // not an object
           std::string_view(R"({"error": {"message": "overloaded"}})"),         // error object
           std::string_view(R"({"error": "x"})"),                               // error string
           std::string_view(R"({"choices": [], "usage": {"prompt_tokens": 1}})"),  // usage
           std::string_view(R"({"choices":[{"delta":{"tool_calls":[]}}]})"),    // tool calls
           std::string_view(R"({"choices":[{"delta":{"content":"a","content":"b"}}]})"),
           std::string_view(R"({"choices":[],"choices":[]})"),
           std::string_view(R"({"choices":[{"delta":{"content":"\ud83d"}}]})"),  // lone surrogate
           std::string_view(R"({"choices":[{"delta":{"content":"\ude00"}}]})"),
           std::string_view(R"({"choices":[{"delta":{"content":"\x"}}]})"),     // bad escape
           std::string_view(R"({"n": 1e999})"),                                 // exponent
           std::string_view(R"({"n": 01})"),                                    // leading zero
           std::string_view(R"({"n": 1.})"),
           std::string_view(R"({"n": -})"),
           std::string_view(R"({"n": tru})"),
           std::string_view(R"({"a":1,})"),                                     // trailing comma
           std::string_view(R"({"c\u006fntent": 1})"),                          // escape in a key
           std::string_view("{\"a\": \"\xFF\"}"),                                // invalid UTF-8
           std::string_view("{\"a\": \"\xC3\"}"),
           std::string_view("{\"a\": \"\x01\"}"),                                // control char
           std::string_view("\xEF\xBB\xBF{}"),                                   // byte order mark
           std::string_view("{} /* c */"),
           std::string_view(""),
       }) {
    EXPECT_FALSE(Accepts(data)) << data;
  }
}

TEST(ChatChunkScanner, LeavesJsonNestedDeeperThan100) {
  const auto nested = [](int depth) {
    return "{\"x\":" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
  };
  EXPECT_TRUE(Accepts(nested(100)));
  EXPECT_FALSE(Accepts(nested(101)));
}

TEST(ChatChunkScanner, AcceptsNullErrorAndNonObjectUsage) {
  EXPECT_TRUE(Accepts(R"({"error": null, "usage": null, "choices": []})"));
  EXPECT_TRUE(Accepts(R"({"usage": 3, "choices": [{"delta": {"tool_calls": null}}]})"));
}

// Feeds the same chunks to a reader with and without the fast path.
struct Both {
  ChatStreamAccumulator fast{true};
  ChatStreamAccumulator slow{false};
  std::string fast_seen, slow_seen;

  void Feed(const std::string& data) {
    const SseEvent event{"", data, ""};
    auto a = fast.OnEvent(event, [&](std::string_view t) { fast_seen += t; });
    auto b = slow.OnEvent(event, [&](std::string_view t) { slow_seen += t; });
    ASSERT_EQ(a.ok(), b.ok()) << data;
    if (!a.ok()) {
      EXPECT_EQ(a.error().message, b.error().message) << data;
    }
  }
  void ExpectSame() {
    EXPECT_EQ(fast_seen, slow_seen);
    EXPECT_EQ(fast.text(), slow.text());
    EXPECT_EQ(fast.ResponseJson(), slow.ResponseJson());
    EXPECT_EQ(fast.chunks(), slow.chunks());
    EXPECT_EQ(fast.finished(), slow.finished());
  }
};

TEST(ChatChunkScanner, OrdinaryChunksTakeTheFastPath) {
  Both both;
  both.Feed(std::string(kFirst));
  both.Feed(R"({"id":"c1","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]})");
  both.Feed(R"({"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})");
  both.Feed(R"({"id":"c1","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1}})");
  both.ExpectSame();
  EXPECT_EQ(both.fast.fast_chunks(), 2u);  // not the first (llm keeps its id) nor usage
  EXPECT_EQ(both.slow.fast_chunks(), 0u);
  EXPECT_EQ(both.fast.text(), "Hi");
}

TEST(ChatChunkScanner, LaterBadChunksFailAsBefore) {
  for (std::string bad : {std::string(R"({"error":{"message":"The server is overloaded"}})"),
                          std::string(R"({"choices": [)"),
                          "{\"x\":" + std::string(150, '[') + std::string(150, ']') + "}",
                          std::string("{\"choices\":[{\"delta\":{\"content\":\"a\xFF\"}}]}")}) {
    Both both;
    both.Feed(std::string(kFirst));
    both.Feed(bad);
    both.ExpectSame();
    EXPECT_EQ(both.fast.fast_chunks(), 0u);
  }
}

// Random edits of real chunks: whatever the fast path accepts must read the
// same as the full parser (text, response_json, errors).
TEST(ChatChunkScanner, AgreesWithFullParserOnMutatedChunks) {
  const std::vector<std::string> seeds = {
      R"({"id":"c","choices":[{"index":0,"delta":{"content":"t1 \u00e9\n"},"finish_reason":null}]})",
      R"({"choices":[{"delta":{"role":"assistant","content":"x"},"finish_reason":"stop"}],"n":-1.5})",
      R"({"error":null,"usage":null,"choices":[{"delta":{"content":"\ud83d\ude00"}},{"delta":{}}]})",
      "{\"choices\":[{\"delta\":{\"content\":\"caf\xC3\xA9\"},\"finish_reason\":null}]}",
  };
  const std::string alphabet = "{}[]\":,\\u0e1-. \n\xC3\xA9\xFFtrnlsfa";
  std::mt19937 random(12345);
  size_t accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string data = seeds[random() % seeds.size()];
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !data.empty(); ++e) {
      const size_t at = random() % data.size();
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0: data[at] = c; break;
        case 1: data.insert(data.begin() + static_cast<long>(at), c); break;
        default: data.erase(at, 1); break;
      }
    }
    Both both;
    both.Feed(std::string(kFirst));
    both.Feed(data);
    both.ExpectSame();
    accepted += both.fast.fast_chunks();
    if (testing::Test::HasFailure()) break;
  }
  EXPECT_GT(accepted, 1000u);  // the comparison really exercised the fast path
}

}  // namespace
}  // namespace llmbox
