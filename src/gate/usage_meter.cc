#include "gate/usage_meter.h"

#include <string.h>  // memmem

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

// Lines end in LF or CRLF; a line wholly inside `bytes` is inspected in
// place, and only a line split across reads is copied.
void UsageMeter::FeedSse(std::string_view bytes) {
  while (!bytes.empty()) {
    const void* found = std::memchr(bytes.data(), '\n', bytes.size());
    if (found == nullptr) {
      if (!overflow_ && pending_.size() + bytes.size() <= kMaxSseLine) {
        pending_.append(bytes);
      } else {
        overflow_ = true;
        pending_.clear();
      }
      return;
    }
    size_t length = static_cast<const char*>(found) - bytes.data();
    if (pending_.empty() && !overflow_) {
      SseLine(StripCr(bytes.substr(0, length)));
    } else if (!overflow_ && pending_.size() + length <= kMaxSseLine) {
      pending_.append(bytes.substr(0, length));
      SseLine(StripCr(pending_));
    }
    pending_.clear();
    overflow_ = false;
    bytes.remove_prefix(length + 1);
  }
}

void UsageMeter::SseLine(std::string_view line) {
  if (line.substr(0, 5) != "data:") return;
  line.remove_prefix(5);
  if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  // Parsing every delta would cost more than forwarding it: only the first
  // few events (which name the model) and events that mention usage are parsed.
  if (line.empty() || line.front() != '{') return;
  bool looking_for_model = model_.empty() && events_seen_ < kModelSearchEvents;
  ++events_seen_;
  if (!looking_for_model && ::memmem(line.data(), line.size(), "\"usage\"", 7) == nullptr) return;
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
