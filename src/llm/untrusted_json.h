// Parsing JSON that a server sent: never throws, never recurses without
// bound, and never fails an answer over one invalid UTF-8 byte.
//
// Guards against: exceptions from the JSON library escaping a module
// (parse errors come back as kParse values), deeply nested input making
// dumping or copying the parsed value recurse until the stack runs out
// (nesting deeper than 100 is refused before parsing), and invalid UTF-8,
// which is replaced by U+FFFD before parsing (see utf8_repair.h) so that the
// parsed strings can later be dumped with the strict handler.
// JSON: RFC 8259.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "common/result.h"

namespace llmbox {

inline constexpr int kMaxUntrustedJsonDepth = 100;

// Whether brackets outside strings nest at most `max_depth` deep. Cheaper than
// parsing; it must run first because the parsed value is what recurses.
bool JsonDepthWithin(std::string_view text, int max_depth);

// kParse for server text that is not what was expected: "the server sent
// <what>: '<the text as one redacted, printable line>'".
Error MalformedServerText(std::string_view what, std::string_view text);

// A JSON object from server text. kParse, naming `what` and quoting the start
// of the text (redacted, one printable line), for malformed JSON, JSON nested
// too deeply, or a value that is not an object.
Result<nlohmann::json> ParseUntrustedObject(std::string_view text, std::string_view what);

}  // namespace llmbox
