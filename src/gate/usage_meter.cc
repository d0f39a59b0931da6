#include "gate/usage_meter.h"

#include <string.h>  // memmem
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

namespace llmbox::gate {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxSseLine = size_t{1} << 20;
constexpr size_t kMaxJsonBody = size_t{4} << 20;
constexpr size_t kMaxModel = 200;
constexpr size_t kModelSearchEvents = 4;

uint64_t Count(const Json& usage, const char* a, const char* b) {
  for (const char* key : {a, b}) {
    auto it = usage.find(key);
    if (it != usage.end() && it->is_number_unsigned()) return it->get<uint64_t>();
  }
  return 0;
}

std::string ModelOf(const Json& j) {
  auto it = j.find("model");
  if (it == j.end() || !it->is_string()) return "";
  std::string model = it->get<std::string>();
  // The model name goes into the audit log: keep it short and printable.
  if (model.size() > kMaxModel) model.resize(kMaxModel);
  std::replace_if(
      model.begin(), model.end(), [](char c) { return c < 0x20 || c >= 0x7f; }, '?');
  return model;
}

constexpr std::string_view kUsageKey = "\"usage\"";

}  // namespace

// 16 candidate positions per step: those with 'u' one byte in and 'g' four
// bytes in (rare together in JSON and prose), confirmed with memcmp. glibc's
// memmem examines about every byte here and cost a tenth of the route's time.
size_t FindUsageKey(std::string_view text) {
  const char* p = text.data();
  size_t n = text.size();
  size_t i = 0;
#ifdef __SSE2__
  const __m128i u = _mm_set1_epi8('u');
  const __m128i g = _mm_set1_epi8('g');
  for (; i + 16 + kUsageKey.size() <= n; i += 16) {
    __m128i at_u = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
    __m128i at_g = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 4));
    auto mask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(at_u, u), _mm_cmpeq_epi8(at_g, g))));
    for (; mask != 0; mask &= mask - 1) {
      size_t start = i + static_cast<size_t>(__builtin_ctz(mask));
      if (std::memcmp(p + start, kUsageKey.data(), kUsageKey.size()) == 0) return start;
    }
  }
#endif
  const void* hit = ::memmem(p + i, n - i, kUsageKey.data(), kUsageKey.size());
  return hit == nullptr ? std::string_view::npos : static_cast<const char*>(hit) - p;
}

namespace {

// Where `"usage"` as a key of an object value starts in `text`, from `from` on.
// OpenAI sends `"usage":null` in every chunk; only the last one has numbers.
size_t UsageObjectAt(std::string_view text, size_t from) {
  while (from < text.size()) {
    size_t found = FindUsageKey(text.substr(from));
    if (found == std::string_view::npos) break;
    size_t at = from + found;
    size_t i = at + kUsageKey.size();
    auto skip_space = [&] {
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    };
    skip_space();
    if (i < text.size() && text[i] == ':') {
      ++i;
      skip_space();
      if (i < text.size() && text[i] == '{') return at;
    }
    from = at + kUsageKey.size();
  }
  return std::string_view::npos;
}

std::string_view StripCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

std::string RequestModel(std::string_view body) {
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "";
  return ModelOf(j);
}

UsageMeter::UsageMeter(std::string_view content_type)
    : sse_(content_type.substr(0, 17) == "text/event-stream") {}

void UsageMeter::Feed(std::string_view bytes) {
  if (sse_) return FeedSse(bytes);
  if (overflow_) return;
  if (pending_.size() + bytes.size() > kMaxJsonBody) {
    overflow_ = true;
    pending_.clear();
    return;
  }
  pending_.append(bytes);
}

// Lines end in LF or CRLF. Only a line split across reads is copied (into
// pending_). Once the model is known, the whole lines of a read are searched
// for a usage object in one pass instead of line by line: most events of a
// stream carry none.
void UsageMeter::FeedSse(std::string_view bytes) {
  if (!pending_.empty() || overflow_) {
    const void* found = std::memchr(bytes.data(), '\n', bytes.size());
    if (found == nullptr) return KeepPartialLine(bytes);
    size_t length = static_cast<const char*>(found) - bytes.data();
    if (!overflow_ && pending_.size() + length <= kMaxSseLine) {
      pending_.append(bytes.substr(0, length));
      SseLine(StripCr(pending_));
    }
    pending_.clear();
    overflow_ = false;
    bytes.remove_prefix(length + 1);
  }
  size_t last = bytes.rfind('\n');
  std::string_view lines =
      last == std::string_view::npos ? std::string_view() : bytes.substr(0, last + 1);
  while (!lines.empty() && LookingForModel()) {
    size_t length = lines.find('\n');
    SseLine(StripCr(lines.substr(0, length)));
    lines.remove_prefix(length + 1);
  }
  for (size_t at = UsageObjectAt(lines, 0); at != std::string_view::npos;) {
    size_t begin = lines.rfind('\n', at);
    begin = begin == std::string_view::npos ? 0 : begin + 1;
    size_t end = lines.find('\n', at);  // whole lines: there is one
    SseLine(StripCr(lines.substr(begin, end - begin)));
    at = UsageObjectAt(lines, end);
  }
  if (last != std::string_view::npos) bytes.remove_prefix(last + 1);
  KeepPartialLine(bytes);
}

void UsageMeter::KeepPartialLine(std::string_view bytes) {
  if (overflow_ || bytes.empty()) return;
  if (pending_.size() + bytes.size() <= kMaxSseLine) {
    pending_.append(bytes);
  } else {
    overflow_ = true;
    pending_.clear();
  }
}

bool UsageMeter::LookingForModel() const {
  return model_.empty() && events_seen_ < kModelSearchEvents;
}

void UsageMeter::SseLine(std::string_view line) {
  if (line.substr(0, 5) != "data:") return;
  line.remove_prefix(5);
  if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  // Parsing every delta would cost more than forwarding it: only the first
  // few events (which name the model) and events with a usage object are parsed.
  if (line.empty() || line.front() != '{') return;
  bool looking_for_model = LookingForModel();
  ++events_seen_;
  if (!looking_for_model && UsageObjectAt(line, 0) == std::string_view::npos) return;
  Inspect(line);
}

void UsageMeter::Finish() {
  if (!overflow_ && !pending_.empty()) {
    if (sse_) {
      SseLine(pending_);
    } else {
      Inspect(pending_);
    }
  }
  pending_.clear();
}

void UsageMeter::Inspect(std::string_view json_text) {
  Json j = Json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return;
  for (const Json* holder : {&j, j.contains("message") ? &j["message"] : nullptr,
                             j.contains("response") ? &j["response"] : nullptr}) {
    if (holder == nullptr || !holder->is_object()) continue;
    if (model_.empty()) model_ = ModelOf(*holder);
    auto usage = holder->find("usage");
    if (usage == holder->end() || !usage->is_object()) continue;
    usage_.seen = true;
    usage_.input = std::max(usage_.input, Count(*usage, "input_tokens", "prompt_tokens"));
    usage_.output = std::max(usage_.output, Count(*usage, "output_tokens", "completion_tokens"));
  }
}

}  // namespace llmbox::gate
