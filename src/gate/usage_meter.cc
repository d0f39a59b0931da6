#include "gate/usage_meter.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace llmbox::gate {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxSseLine = size_t{1} << 20;
constexpr size_t kMaxJsonBody = size_t{4} << 20;
constexpr size_t kMaxModel = 200;

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
  std::replace_if(model.begin(), model.end(), [](char c) { return c < 0x20 || c >= 0x7f; }, '?');
  return model;
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

void UsageMeter::FeedSse(std::string_view bytes) {
  while (!bytes.empty()) {
    size_t nl = bytes.find_first_of("\r\n");
    if (nl == std::string_view::npos) {
      if (!overflow_ && pending_.size() + bytes.size() <= kMaxSseLine) {
        pending_.append(bytes);
      } else {
        overflow_ = true;
        pending_.clear();
      }
      return;
    }
    if (!overflow_) {
      pending_.append(bytes.substr(0, nl));
      SseLine(pending_);
    }
    pending_.clear();
    overflow_ = false;
    bytes.remove_prefix(nl + 1);
  }
}

void UsageMeter::SseLine(std::string_view line) {
  if (line.substr(0, 5) != "data:") return;
  line.remove_prefix(5);
  if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  // Parsing every delta would cost more than forwarding it: only the events
  // that can name the model or carry usage are parsed.
  if (!model_.empty() && line.find("\"usage\"") == std::string_view::npos) return;
  if (line.empty() || line.front() != '{') return;
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
