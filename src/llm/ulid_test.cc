#include "llm/ulid.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace llmbox {
namespace {

bool IsLowerCrockford(char c) {
  return std::string_view("0123456789abcdefghjkmnpqrstvwxyz").find(c) != std::string_view::npos;
}

TEST(Ulid, HasTwentySixLowercaseCrockfordCharacters) {
  std::string id = NewUlid();
  ASSERT_EQ(id.size(), kUlidLength);
  for (char c : id) EXPECT_TRUE(IsLowerCrockford(c)) << id;
  EXPECT_LE(id[0], '7');
}

TEST(Ulid, EncodesTimeAsTheSpecExampleDoes) {
  // The ULID spec's example: 1469918176385 ms encodes as 01ARYZ6S41.
  EXPECT_EQ(EncodeUlid(1469918176385, 0, 0).substr(0, 10), "01aryz6s41");
}

TEST(Ulid, EncodesExtremeValues) {
  EXPECT_EQ(EncodeUlid(0, 0, 0), std::string(26, '0'));
  EXPECT_EQ(EncodeUlid((uint64_t{1} << 48) - 1, 0xFFFF, ~uint64_t{0}), "7" + std::string(25, 'z'));
}

TEST(Ulid, EncodesRandomBitsAcrossTheHighLowBoundary) {
  // Only random bit 64 set: bits 60..64 form the 13th character from the
  // end, where it is the top bit (16 -> 'g').
  std::string id = EncodeUlid(0, 1, 0);
  EXPECT_EQ(id, std::string(13, '0') + "g" + std::string(12, '0'));
}

TEST(Ulid, SortsByCreationTime) {
  std::string earlier = NewUlid();
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  std::string later = NewUlid();
  EXPECT_LT(earlier, later);
  EXPECT_LT(*UlidTimestampMs(earlier), *UlidTimestampMs(later));
}

TEST(Ulid, IsStrictlyIncreasingWithinOneMillisecond) {
  std::vector<std::string> ids;
  for (int i = 0; i < 2000; ++i) ids.push_back(NewUlid());
  for (size_t i = 1; i < ids.size(); ++i) ASSERT_LT(ids[i - 1], ids[i]) << i;
  // 2000 ids in a tight loop share milliseconds, so the increment path ran.
  size_t same_ms = 0;
  for (size_t i = 1; i < ids.size(); ++i) {
    if (ids[i - 1].substr(0, 10) == ids[i].substr(0, 10)) ++same_ms;
  }
  EXPECT_GT(same_ms, 0u);
}

TEST(Ulid, ForkedChildDoesNotRepeatParentIds) {
  NewUlid();
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::string id = NewUlid();
    ssize_t n = ::write(fds[1], id.data(), id.size());
    ::_exit(n == static_cast<ssize_t>(id.size()) ? 0 : 1);
  }
  std::string parent_id = NewUlid();
  char buf[kUlidLength];
  ASSERT_EQ(::read(fds[0], buf, sizeof buf), static_cast<ssize_t>(sizeof buf));
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(fds[0]);
  ::close(fds[1]);
  EXPECT_NE(std::string(buf, sizeof buf), parent_id);
}

TEST(Ulid, DecodesTimestamp) {
  EXPECT_EQ(UlidTimestampMs("01ARYZ6S41TSV4RRFFQ69G5FAV"), 1469918176385);
  EXPECT_EQ(UlidTimestampMs("01aryz6s41tsv4rrffq69g5fav"), 1469918176385);
}

TEST(Ulid, DecodesItsOwnTimestamp) {
  auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  auto ms = UlidTimestampMs(NewUlid());
  ASSERT_TRUE(ms.has_value());
  EXPECT_GE(*ms, before);
  EXPECT_LT(*ms, before + 60'000);
}

TEST(Ulid, RejectsMalformedText) {
  EXPECT_FALSE(UlidTimestampMs("").has_value());
  EXPECT_FALSE(UlidTimestampMs("01aryz6s41").has_value());
  EXPECT_FALSE(UlidTimestampMs("01aryz6s41tsv4rrffq69g5fau!").has_value());
  EXPECT_FALSE(UlidTimestampMs("01aryz6s41tsv4rrffq69g5fai").has_value());  // 'i' not in alphabet
  EXPECT_FALSE(UlidTimestampMs("81aryz6s41tsv4rrffq69g5fav").has_value());  // > 128 bits
}

}  // namespace
}  // namespace llmbox
