#include "llm/logs_format.h"

#include <algorithm>
#include <cstdio>

#include "llm/logs_yaml.h"

namespace llmbox {
namespace {

using OrderedJson = nlohmann::ordered_json;

constexpr size_t kShortLength = 120;
constexpr auto kReplaceInvalid = nlohmann::json::error_handler_t::replace;

// Python's \s for ASCII text.
bool IsSpace(unsigned char c) {
  return (c >= 0x09 && c <= 0x0d) || c == ' ' || (c >= 0x1c && c <= 0x1f);
}

// Byte offsets where each UTF-8 character starts, plus the end: Python
// counts and slices strings in characters.
std::vector<size_t> CharStarts(std::string_view s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(s.size());
  return starts;
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  bool in_space = false;
  for (char ch : text) {
    bool space = IsSpace(static_cast<unsigned char>(ch));
    if (space && !in_space) out += ' ';
    if (!space) out += ch;
    in_space = space;
  }
  return out;
}

std::string WithThousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -static_cast<uint64_t>(n) : static_cast<uint64_t>(n));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// llm prints datetime_utc.split(".")[0]: the time without its fraction.
std::string BeforeFirstDot(const std::string& s) { return s.substr(0, s.find('.')); }

OrderedJson OrNull(const std::string& s) { return s.empty() ? OrderedJson() : OrderedJson(s); }

// nlohmann::json keeps object keys sorted; the output needs the ordered kind.
OrderedJson Ordered(const nlohmann::json& j) {
  auto parsed = OrderedJson::parse(j.dump(-1, ' ', false, kReplaceInvalid), nullptr, false);
  return parsed.is_discarded() ? OrderedJson() : parsed;
}

void AppendMarkdownEntry(std::string& out, const LogRecord& r, const LogsDisplay& display,
                         bool show_conversation) {
  out += "# " + BeforeFirstDot(r.datetime_utc);
  if (show_conversation) out += "    conversation: " + r.conversation_id + " id: " + r.id;
  out += "\n";
  if (show_conversation) {
    out += "\nModel: **" + r.model + "**";
    if (!r.resolved_model.empty()) out += " (resolved: **" + r.resolved_model + "**)";
    out += "\n";
  }
  out += "\n";
  std::string prompt = display.truncate ? TruncateLikeLlm(r.prompt) : r.prompt;
  out += "## Prompt\n\n" + (prompt.empty() ? std::string("-- none --") : prompt) + "\n";
}

// llm's _display_fragments: "### Title" and a "- hash" line each, or with
// -e each fragment's text in a <details> element.
void AppendFragments(std::string& out, const std::vector<Fragment>& fragments, const char* title,
                     bool expand) {
  if (fragments.empty()) return;
  out += std::string("\n### ") + title + "\n\n";
  bool first = true;
  for (const Fragment& f : fragments) {
    if (!first) out += "\n";
    first = false;
    if (expand) {
      out += "<details><summary>" + f.hash + "</summary>\n" + MaybeFencedCode(f.content) +
             "\n</details>";
    } else {
      out += "- " + f.hash;
    }
  }
  out += "\n";
}

OrderedJson FragmentsJson(const std::vector<Fragment>& fragments, bool expand) {
  OrderedJson array = OrderedJson::array();
  for (const Fragment& f : fragments) {
    OrderedJson o;
    o["hash"] = f.hash;
    o["content"] = expand ? f.content : TruncateLikeLlm(f.content);
    o["aliases"] = f.aliases;
    array.push_back(std::move(o));
  }
  return array;
}

OrderedJson Hashes(const std::vector<Fragment>& fragments) {
  OrderedJson array = OrderedJson::array();
  for (const Fragment& f : fragments) array.push_back(f.hash);
  return array;
}

// Python's str.splitlines() for the line ends text files use.
std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n' && text[i] != '\r') continue;
    lines.push_back(text.substr(start, i - start));
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    start = i + 1;
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

std::string_view StripAscii(std::string_view text) {
  while (!text.empty() && IsSpace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && IsSpace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string MaybeFencedCode(std::string_view content) {
  bool is_code = std::count(content.begin(), content.end(), '<') > 10;
  if (!is_code) {
    const std::vector<std::string_view> lines = SplitLines(content);
    if (lines.size() > 3) {
      size_t short_lines = 0;
      for (std::string_view line : lines) short_lines += CharStarts(line).size() - 1 < 120;
      is_code = static_cast<double>(short_lines) / static_cast<double>(lines.size()) > 0.9;
    }
  }
  if (!is_code) return std::string(content);
  std::string fence = "```";
  while (content.find(fence) != std::string_view::npos) fence += '`';
  return "\n" + fence + "\n" + std::string(StripAscii(content)) + "\n" + fence;
}

std::string RenderLogsMarkdown(const std::vector<LogRecord>& rows, const LogsDisplay& display) {
  std::string out;
  std::optional<std::string> current_system;  // llm starts from None and prints on change
  bool show_conversation = true;
  for (const LogRecord& r : rows) {
    AppendMarkdownEntry(out, r, display, show_conversation);
    if (display.conversation_mode) show_conversation = false;
    AppendFragments(out, r.prompt_fragments, "Prompt fragments", display.expand);
    std::optional<std::string> system;
    if (!r.system.empty()) system = r.system;
    if (system != current_system) {
      if (system) out += "\n## System\n\n" + *system + "\n";
      current_system = system;
    }
    AppendFragments(out, r.system_fragments, "System fragments", display.expand);
    out += "\n## Response\n\n";
    std::string response = display.truncate ? TruncateLikeLlm(r.response) : r.response;
    if (!response.empty()) out += response + "\n\n";
    if (display.usage) {
      std::string usage = TokenUsageText(r.input_tokens, r.output_tokens, r.token_details);
      if (!usage.empty()) out += "## Token usage\n\n" + usage + "\n\n";
    }
  }
  return out;
}

std::string RenderLogsShort(const std::vector<LogRecord>& rows, bool usage) {
  std::string out;
  for (const LogRecord& r : rows) {
    OrderedJson obj;
    obj["model"] = r.model;
    obj["datetime"] = BeforeFirstDot(r.datetime_utc);
    obj["conversation"] = r.conversation_id;
    std::string system = TruncateLikeLlm(r.system, kShortLength, true);
    std::string prompt = TruncateLikeLlm(r.prompt, kShortLength, true, true);
    if (!system.empty()) obj["system"] = system;
    if (!prompt.empty()) obj["prompt"] = prompt;
    obj["prompt_fragments"] = Hashes(r.prompt_fragments);
    obj["system_fragments"] = Hashes(r.system_fragments);
    bool has_tokens = r.input_tokens.value_or(0) != 0 || r.output_tokens.value_or(0) != 0;
    if (usage && has_tokens) {
      OrderedJson u;
      u["input"] = r.input_tokens ? OrderedJson(*r.input_tokens) : OrderedJson();
      u["output"] = r.output_tokens ? OrderedJson(*r.output_tokens) : OrderedJson();
      if (!r.token_details.is_null() && !r.token_details.empty()) {
        u["details"] = Ordered(r.token_details);
      }
      obj["usage"] = u;
    }
    out += DumpYamlLikePyYaml(OrderedJson::array({obj})) + "\n";
  }
  return out;
}

std::string RenderLogsJson(const std::vector<LogRecord>& rows, bool truncate, bool expand) {
  OrderedJson array = OrderedJson::array();
  for (const LogRecord& r : rows) {
    OrderedJson o;
    o["id"] = r.id;
    o["model"] = r.model;
    o["resolved_model"] = OrNull(r.resolved_model);
    if (r.prompt_is_null) {
      o["prompt"] = nullptr;  // a prompt of only fragments or attachments, as llm shows it
    } else {
      o["prompt"] = truncate ? TruncateLikeLlm(r.prompt) : r.prompt;
    }
    o["system"] = OrNull(r.system);
    // *_json columns are decoded; -t drops those that are not null.
    auto json_column = [&](const char* key, const nlohmann::json& value) {
      if (!truncate || value.is_null()) o[key] = Ordered(value);
    };
    json_column("prompt_json", r.prompt_json);
    json_column("options_json", r.options_json);
    o["response"] = truncate ? TruncateLikeLlm(r.response) : r.response;
    json_column("response_json", r.response_json);
    o["conversation_id"] = r.conversation_id;
    o["duration_ms"] = r.duration_ms;
    o["datetime_utc"] = r.datetime_utc;
    o["input_tokens"] = r.input_tokens ? OrderedJson(*r.input_tokens) : OrderedJson();
    o["output_tokens"] = r.output_tokens ? OrderedJson(*r.output_tokens) : OrderedJson();
    // token_details is not a *_json column: llm leaves it as the stored text.
    bool no_details = r.token_details.is_null() || r.token_details.empty();
    o["token_details"] = no_details ? OrderedJson() : OrderedJson(PythonJsonDumps(r.token_details));
    o["conversation_name"] = OrNull(r.conversation_name);
    o["conversation_model"] = OrNull(r.conversation_model);
    o["schema_json"] = nullptr;
    o["prompt_fragments"] = FragmentsJson(r.prompt_fragments, expand);
    o["system_fragments"] = FragmentsJson(r.system_fragments, expand);
    for (const char* key : {"tools", "tool_calls", "tool_results", "attachments"}) {
      o[key] = OrderedJson::array();
    }
    array.push_back(std::move(o));
  }
  return array.dump(2, ' ', /*ensure_ascii=*/true, kReplaceInvalid);
}

std::string TruncateLikeLlm(std::string_view text, size_t max_length, bool normalize_whitespace,
                            bool keep_end) {
  std::string s = normalize_whitespace ? CollapseWhitespace(text) : std::string(text);
  std::vector<size_t> starts = CharStarts(s);
  size_t length = starts.size() - 1;
  if (length <= max_length) return s;
  if (keep_end && max_length >= 9) {
    size_t cutoff = (max_length - 5) / 2;
    return s.substr(0, starts[cutoff]) + "... " + s.substr(starts[length - cutoff]);
  }
  return s.substr(0, starts[max_length - 3]) + "...";
}

std::string TokenUsageText(const std::optional<int64_t>& input,
                           const std::optional<int64_t>& output, const nlohmann::json& details) {
  std::vector<std::string> bits;
  if (input) bits.push_back(WithThousands(*input) + " input");
  if (output) bits.push_back(WithThousands(*output) + " output");
  if (!details.is_null() && !details.empty()) bits.push_back(PythonJsonDumps(details));
  std::string out;
  for (const std::string& bit : bits) out += (out.empty() ? "" : ", ") + bit;
  return out;
}

namespace {

template <typename Json>
std::string PythonDumps(const Json& value) {
  if (value.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < value.size(); ++i) out += (i ? ", " : "") + PythonDumps(value[i]);
    return out + "]";
  }
  if (value.is_object()) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, item] : value.items()) {
      out += (first ? "" : ", ") + Json(key).dump(-1, ' ', true, kReplaceInvalid) + ": " +
             PythonDumps(item);
      first = false;
    }
    return out + "}";
  }
  return value.dump(-1, ' ', /*ensure_ascii=*/true, kReplaceInvalid);
}

}  // namespace

std::string PythonJsonDumps(const nlohmann::json& value) { return PythonDumps(value); }

std::string PythonJsonDumps(const nlohmann::ordered_json& value) { return PythonDumps(value); }

std::string HumanReadableSize(uint64_t bytes) {
  if (bytes == 0) return "0B";
  static const char* const kUnits[] = {"B", "KB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
  double size = static_cast<double>(bytes);
  size_t unit = 0;
  while (size >= 1024 && unit + 1 < std::size(kUnits)) {
    size /= 1024.0;
    ++unit;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f%s", size, kUnits[unit]);
  return buf;
}

}  // namespace llmbox
