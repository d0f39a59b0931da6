// A fast reader for the ordinary OpenAI Chat stream chunk, the one that only
// carries a piece of answer text:
//   {"id": ..., "choices": [{"index": 0, "delta": {"content": "..."},
//    "finish_reason": null}]}
// A streamed answer is thousands of these; building a JSON tree for each was
// most of the client's CPU time (BENCHMARKS.md, "Client").
//
// Guards against: the fast path meaning something different from the full
// parser (ParseUntrustedObject + the tree walk in openai_chat_stream.cc). It
// accepts only what it can read exactly as that path would, and answers "not
// mine" for everything else, which then goes the slow way with its checks and
// error messages: malformed JSON, invalid UTF-8, nesting deeper than 100,
// escapes in keys, lone surrogates, numbers with an exponent or longer than
// 300 characters (the full parser refuses overflows), a byte order mark, a
// duplicate key that matters, a non-null "error", a "usage" object, or a
// "tool_calls" array. The differential test and fuzz target
// (chat_chunk_scanner_test.cc, fuzz/chat_chunk_scanner_fuzz.cc) check that
// whatever it accepts reads the same through the tree.
// JSON: RFC 8259. Chunk format:
// https://platform.openai.com/docs/api-reference/chat-streaming
#pragma once

#include <string>
#include <string_view>

namespace llmbox {

// What a fast-path chunk says about choices[0]. Strings are unescaped.
struct ChatChunkDelta {
  bool has_choice = false;  // choices[0] is an object
  bool has_delta = false;   // choices[0].delta is an object
  bool has_content = false;  // choices[0].delta.content is a string
  bool has_role = false;     // choices[0].delta.role is a string
  bool has_finish = false;   // choices[0].finish_reason is a string
  std::string content;
  std::string role;
  std::string finish_reason;
};

// True when `data` is a JSON object that `out` describes completely (see
// above); false when it must be parsed in full. `out` is reused between
// calls so that its strings keep their capacity.
bool ScanChatChunk(std::string_view data, ChatChunkDelta& out);

}  // namespace llmbox
