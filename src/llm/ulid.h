// ULIDs: the identifiers llm gives responses and conversations.
//
// A ULID is 128 bits: a 48-bit Unix time in milliseconds followed by 80 random
// bits, written as 26 characters of Crockford base32 (spec:
// https://github.com/ulid/spec). llm stores them in lowercase, so ids sort by
// creation time both as text and in SQLite, and `llm logs` relies on that
// ("order by id desc" means "newest first").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmbox {

inline constexpr size_t kUlidLength = 26;

// A new lowercase ULID. Within one process the ids are strictly increasing,
// even when several are made in the same millisecond (the random part is
// incremented) or the wall clock steps back; a forked child starts a fresh
// random sequence so parent and child never hand out the same id.
std::string NewUlid();

// The millisecond timestamp a ULID carries, or nullopt when `ulid` is not a
// valid ULID (wrong length, a character outside the alphabet, overflow).
// Accepts either case.
std::optional<int64_t> UlidTimestampMs(std::string_view ulid);

// The pure part of NewUlid(), for tests: encodes the given time and 80 random
// bits (`random_hi` holds the top 16 of them).
std::string EncodeUlid(uint64_t timestamp_ms, uint16_t random_hi, uint64_t random_lo);

}  // namespace llmbox
