#include "gate/response_body.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gate/response_body_replay.h"

namespace llmbox::gate {
namespace {

std::string Pattern(size_t size) {
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
  return s;
}

std::string Chunked(const std::vector<std::string>& chunks) {
  std::string m =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (const auto& c : chunks) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", c.size());
    m += size + c + "\r\n";
  }
  return m + "0\r\n\r\n";
}

auto Fixed(size_t n) {
  return [n](int) { return n; };
}

TEST(ResponseBody, ChunkedBodySplitAtEverySizeArrivesWhole) {
  std::string all = Pattern(80'000);
  std::vector<std::string> chunks{all.substr(0, 1), all.substr(1, 5), all.substr(6, 300),
                                  all.substr(306, 5000), all.substr(5306)};
  std::string message = Chunked(chunks);
  for (size_t piece : {1, 2, 3, 5, 7, 11, 16, 33, 64, 100, 1000, 4096, 65536, 300000}) {
    Replayed r = ReplayResponse(message, Fixed(piece));
    ASSERT_FALSE(r.error) << piece << ": " << r.error.message();
    EXPECT_TRUE(r.complete) << piece;
    EXPECT_TRUE(r.body == all) << "body differs with reads of " << piece;
  }
}

TEST(ResponseBody, BodyWithALengthLargerThanTheCopyArrivesWhole) {
  std::string all = Pattern(200'000);
  std::string message = "HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n" + all;
  for (size_t piece : {1, 13, 2048, 65536, 300000}) {
    Replayed r = ReplayResponse(message, Fixed(piece));
    ASSERT_FALSE(r.error) << piece << ": " << r.error.message();
    EXPECT_TRUE(r.complete);
    EXPECT_TRUE(r.body == all) << "body differs with reads of " << piece;
  }
}

TEST(ResponseBody, CloseDelimitedBodyEndsAtTheEndOfTheStream) {
  std::string all = Pattern(10'000);
  Replayed r = ReplayResponse("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + all, Fixed(777));
  ASSERT_FALSE(r.error) << r.error.message();
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.body, all);
}

TEST(ResponseBody, ChunkedBodyCutShortIsAnError) {
  std::string message = Chunked({"hello", "world"});
  message.resize(message.size() - 5);  // no last chunk
  Replayed r = ReplayResponse(message, Fixed(4));
  EXPECT_EQ(r.error, http::error::partial_message);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.body, "helloworld");  // what arrived was relayed as it came
}

TEST(ResponseBody, MalformedChunkSizeIsAnError) {
  Replayed r = ReplayResponse(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n", Fixed(1000));
  EXPECT_TRUE(r.error);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.body, "hello");
}

TEST(ResponseBody, EventsThatArriveTogetherGoOutInOneWrite) {
  std::vector<std::string> events;
  for (int i = 0; i < 10; ++i) events.push_back("data: {\"n\":" + std::to_string(i) + "}\n\n");
  std::string message = Chunked(events);
  size_t head = message.find("\r\n\r\n") + 4;
  // The header in the first read, then all ten events in the second.
  Replayed r = ReplayResponse(message, [head](int n) { return n == 0 ? head : 1 << 20; });
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.writes, 1);
  // One event per read: one write each.
  std::string one_read = Chunked({events[0]});
  Replayed slow = ReplayResponse(message, [&](int n) {
    return n == 0 ? head : one_read.size() - head - 5;  // "5" = the last chunk's size
  });
  ASSERT_TRUE(slow.complete);
  EXPECT_EQ(slow.writes, 10);
}

TEST(ResponseBody, OnlyAFastStreamGrowsTheBuffer) {
  std::string all = Pattern(3'000'000);
  std::string message = "HTTP/1.1 200 OK\r\nContent-Length: 3000000\r\n\r\n" + all;
  Replayed fast = ReplayResponse(message, Fixed(1 << 20));
  ASSERT_TRUE(fast.complete);
  EXPECT_EQ(fast.buffer_capacity, ResponseBody::kMaxBuffer);
  Replayed slow = ReplayResponse(message.substr(0, message.size() - 2'900'000), Fixed(200));
  EXPECT_LE(slow.buffer_capacity, ResponseBody::kFirstBuffer);
}

TEST(ResponseBody, BodylessResponsesAreCompleteAtOnce) {
  Replayed r = ReplayResponse("HTTP/1.1 204 No Content\r\n\r\n", Fixed(100));
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.writes, 0);
}

}  // namespace
}  // namespace llmbox::gate
