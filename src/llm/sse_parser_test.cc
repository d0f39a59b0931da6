#include "llm/sse_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace llmbox {
namespace {

// Feeds `stream` in pieces cut at `cuts` (ascending offsets), then Finish().
std::vector<SseEvent> Parse(std::string_view stream, std::vector<size_t> cuts = {},
                            bool finish = true) {
  std::vector<SseEvent> events;
  auto collect = [&](const SseEvent& e) { events.push_back(e); };
  SseParser parser;
  size_t start = 0;
  cuts.push_back(stream.size());
  for (size_t cut : cuts) {
    EXPECT_TRUE(parser.Feed(stream.substr(start, cut - start), collect).ok());
    start = cut;
  }
  if (finish) parser.Finish(collect);
  return events;
}

std::vector<std::string> Datas(const std::vector<SseEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.data);
  return out;
}

TEST(SseParser, DispatchesEventOnBlankLine) {
  auto events = Parse("data: hello\n\n", {}, /*finish=*/false);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "hello");
  EXPECT_EQ(events[0].event, "");
}

TEST(SseParser, GivesSameEventsForEverySplitPoint) {
  const std::string stream =
      "\xEF\xBB\xBF: comment\r\nevent: a\r\ndata: one\r\ndata:two\r\n\r\n"
      "id: 7\rdata:  three\r\rdata: four\n\n";
  const std::vector<std::string> expected = {"one\ntwo", " three", "four"};
  for (size_t i = 0; i <= stream.size(); ++i) {
    for (size_t j = i; j <= stream.size(); j += 7) {
      auto events = Parse(stream, {i, j});
      ASSERT_EQ(Datas(events), expected) << "cuts at " << i << " and " << j;
      EXPECT_EQ(events[0].event, "a");
      EXPECT_EQ(events[2].id, "7");
    }
  }
}

TEST(SseParser, GivesSameEventsWhenFedOneByteAtATime) {
  const std::string stream = "data: a\r\n\r\ndata: b\r\rdata: c\n\n";
  std::vector<size_t> cuts;
  for (size_t i = 1; i < stream.size(); ++i) cuts.push_back(i);
  EXPECT_EQ(Datas(Parse(stream, cuts)), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(SseParser, JoinsMultipleDataLinesWithNewline) {
  EXPECT_EQ(Datas(Parse("data: a\ndata: b\ndata: c\n\n")), (std::vector<std::string>{"a\nb\nc"}));
}

TEST(SseParser, StripsOnlyOneLeadingSpace) {
  EXPECT_EQ(Datas(Parse("data:   x \n\n")), (std::vector<std::string>{"  x "}));
}

TEST(SseParser, IgnoresCommentLines) {
  EXPECT_EQ(Datas(Parse(": keep-alive\ndata: x\n: another\n\n")), (std::vector<std::string>{"x"}));
}

TEST(SseParser, IgnoresUnknownFieldsAndRetry) {
  EXPECT_EQ(Datas(Parse("foo: bar\nretry: 10\ndata: x\n\n")), (std::vector<std::string>{"x"}));
}

TEST(SseParser, TreatsLineWithoutColonAsFieldWithEmptyValue) {
  EXPECT_EQ(Datas(Parse("data\ndata\n\n")), (std::vector<std::string>{"\n"}));
}

TEST(SseParser, HandlesCrlfLineEnds) {
  EXPECT_EQ(Datas(Parse("data: a\r\ndata: b\r\n\r\n")), (std::vector<std::string>{"a\nb"}));
}

TEST(SseParser, HandlesCrOnlyLineEnds) {
  EXPECT_EQ(Datas(Parse("data: a\rdata: b\r\rdata: c\r\r")),
            (std::vector<std::string>{"a\nb", "c"}));
}

TEST(SseParser, TreatsCrAtEndOfReadAndLfAtStartOfNextAsOneLineEnd) {
  // Were the LF a second line end, "a" would be dispatched early as its own event.
  EXPECT_EQ(Datas(Parse("data: a\r\ndata: b\n\n", {8})), (std::vector<std::string>{"a\nb"}));
}

TEST(SseParser, DoesNotDispatchEventWithoutDataLines) {
  EXPECT_TRUE(Parse("event: ping\nid: 1\n\n: only a comment\n\n").empty());
}

TEST(SseParser, DispatchesEmptyDataLineAsEmptyString) {
  auto events = Parse("data:\n\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "");
}

TEST(SseParser, KeepsLastEventIdAcrossEvents) {
  auto events = Parse("id: 5\ndata: a\n\ndata: b\n\n");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].id, "5");
}

TEST(SseParser, ResetsEventTypeAfterDispatch) {
  auto events = Parse("event: x\ndata: a\n\ndata: b\n\n");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event, "x");
  EXPECT_EQ(events[1].event, "");
}

TEST(SseParser, HoldsEventUntilBlankLineArrives) {
  EXPECT_TRUE(Parse("data: a\n", {}, /*finish=*/false).empty());
}

TEST(SseParser, FinishFlushesEventWithoutTrailingBlankLine) {
  EXPECT_EQ(Datas(Parse("data: a\n\ndata: last")), (std::vector<std::string>{"a", "last"}));
}

TEST(SseParser, SkipsLeadingByteOrderMark) {
  EXPECT_EQ(Datas(Parse("\xEF\xBB\xBF"
                        "data: x\n\n")),
            (std::vector<std::string>{"x"}));
}

TEST(SseParser, SkipsByteOrderMarkSplitAcrossReads) {
  EXPECT_EQ(Datas(Parse("\xEF\xBB\xBF"
                        "data: x\n\n",
                        {1, 2})),
            (std::vector<std::string>{"x"}));
}

TEST(SseParser, KeepsBomLikeBytesThatAreNotABom) {
  // An incomplete BOM prefix followed by other bytes belongs to the first line:
  // here it makes the field name unknown, so nothing is dispatched.
  EXPECT_TRUE(Parse("\xEF\xBB"
                    "data: x\n\n",
                    {1})
                  .empty());
  EXPECT_EQ(Datas(Parse("data: \xEF\xBB\xBF\n\n")), (std::vector<std::string>{"\xEF\xBB\xBF"}));
}

TEST(SseParser, SkipsOnlyOneByteOrderMark) {
  EXPECT_TRUE(Parse("\xEF\xBB\xBF\xEF\xBB\xBF"
                    "data: x\n\n")
                  .empty());
}

TEST(SseParser, RejectsLineLongerThanLimit) {
  SseParser parser(16);
  auto r = parser.Feed(std::string(10, 'a'), [](const SseEvent&) {});
  ASSERT_TRUE(r.ok());
  r = parser.Feed(std::string(10, 'a'), [](const SseEvent&) {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
  EXPECT_NE(r.error().message.find("line"), std::string::npos);
}

TEST(SseParser, RejectsEventLargerThanLimit) {
  SseParser parser(16);
  auto r = parser.Feed("data: 0123456789\ndata: 0123456789\n", [](const SseEvent&) {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("event"), std::string::npos);
}

TEST(SseParser, RejectsDefaultSizedOverlongLine) {
  SseParser parser;
  const std::string chunk(1 << 20, 'x');
  Result<void> r;
  for (int i = 0; i < 17 && r.ok(); ++i) r = parser.Feed(chunk, [](const SseEvent&) {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("16 MiB"), std::string::npos);
  EXPECT_EQ(parser.buffered(), 0u);
}

TEST(SseParser, StaysFailedAfterError) {
  SseParser parser(4);
  ASSERT_FALSE(parser.Feed("data: long\n", [](const SseEvent&) {}).ok());
  int events = 0;
  EXPECT_FALSE(parser.Feed("\n\ndata: a\n\n", [&](const SseEvent&) { ++events; }).ok());
  parser.Finish([&](const SseEvent&) { ++events; });
  EXPECT_EQ(events, 0);
}

TEST(SseParser, ReportsBufferedBytes) {
  SseParser parser;
  ASSERT_TRUE(parser.Feed("data: abc\npartial", [](const SseEvent&) {}).ok());
  EXPECT_EQ(parser.buffered(), std::string("abc").size() + std::string("partial").size());
}

TEST(SseParser, ParsesTypicalOpenAiStream) {
  const std::string stream =
      "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
      "data: [DONE]\n\n";
  EXPECT_EQ(
      Datas(Parse(stream)),
      (std::vector<std::string>{"{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}", "[DONE]"}));
}

}  // namespace
}  // namespace llmbox
