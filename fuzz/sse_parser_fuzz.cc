// libFuzzer target for SseParser. Besides crashes and sanitizer reports it
// checks one property: the events must not depend on how the bytes were split
// across reads, so the input is parsed whole and again cut at points chosen
// by the first input bytes, and the results must match.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "llm/sse_parser.h"

namespace {

struct Outcome {
  std::vector<llmbox::SseEvent> events;
  bool ok = true;
};

Outcome Parse(std::string_view input, const std::vector<size_t>& cuts, size_t max_bytes) {
  Outcome out;
  llmbox::SseParser parser(max_bytes);
  const llmbox::SseHandler collect = [&](const llmbox::SseEvent& e) { out.events.push_back(e); };
  size_t start = 0;
  for (size_t cut : cuts) {
    if (!parser.Feed(input.substr(start, cut - start), collect).ok()) {
      out.ok = false;
      return out;
    }
    start = cut;
    if (parser.buffered() > 2 * max_bytes + 64) std::abort();  // the memory guard failed
  }
  parser.Finish(collect);
  return out;
}

bool Same(const Outcome& a, const Outcome& b) {
  if (a.ok != b.ok || a.events.size() != b.events.size()) return false;
  for (size_t i = 0; i < a.events.size(); ++i) {
    const auto& x = a.events[i];
    const auto& y = b.events[i];
    if (x.event != y.event || x.data != y.data || x.id != y.id) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  // A small limit so the overflow paths run too.
  const size_t max_bytes = 8 + static_cast<size_t>(data[0]) * 8;
  unsigned seed = data[1];
  std::string_view input(reinterpret_cast<const char*>(data + 2), size - 2);

  std::vector<size_t> cuts;
  for (size_t at = 0; at < input.size();) {
    seed = seed * 1103515245u + 12345u;
    at += 1 + (seed >> 16) % 13;
    cuts.push_back(at < input.size() ? at : input.size());
  }
  if (cuts.empty()) cuts.push_back(0);

  const Outcome whole = Parse(input, {input.size()}, max_bytes);
  const Outcome split = Parse(input, cuts, max_bytes);
  if (!Same(whole, split)) std::abort();
  return 0;
}
