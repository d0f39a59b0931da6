// See tool_loop.h for what this guards against.
#include "llm/tool_loop.h"

#include <fcntl.h>
#include <unistd.h>

#include <ostream>

#include "llm/provider_error.h"
#include "llm/tool_custom.h"
#include "llm/tool_policy.h"

namespace llmbox {
namespace {

constexpr std::string_view kYellow = "\x1b[33m\x1b[1m";
constexpr std::string_view kGreen = "\x1b[32m\x1b[1m";
constexpr std::string_view kRed = "\x1b[31m\x1b[1m";
constexpr std::string_view kReset = "\x1b[0m";

std::string Styled(std::string_view text, std::string_view style, bool color) {
  if (!color) return std::string(text);
  return std::string(style) + std::string(text) + std::string(kReset);
}

std::string PythonStringRepr(const std::string& s) {
  const bool has_single = s.find('\'') != std::string::npos;
  const char quote = has_single && s.find('"') == std::string::npos ? '"' : '\'';
  std::string out(1, quote);
  for (unsigned char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == quote) {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + quote;
}

// Two spaces before every line that is not blank (Python's textwrap.indent).
std::string IndentTwo(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    const size_t stop = end == std::string::npos ? text.size() : end + 1;
    std::string_view line(text.data() + start, stop - start);
    if (line.find_first_not_of(" \t\r\n") != std::string_view::npos) out += "  ";
    out += line;
    start = stop;
  }
  return out;
}

// Tool output as --td shows it: pretty JSON when it parses as JSON.
std::string ShownOutput(const std::string& output) {
  auto parsed = nlohmann::ordered_json::parse(output, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return output;
  return parsed.dump(2, ' ', /*ensure_ascii=*/true, nlohmann::json::error_handler_t::replace);
}

// The part of "Type: message" after the type, as Python's str(exception).
std::string ExceptionMessage(const std::string& exception) {
  const size_t colon = exception.find(": ");
  return colon == std::string::npos ? exception : exception.substr(colon + 2);
}

LoggedToolResult Cancelled(const ToolCall& call, const std::string& why) {
  return {{call.id, call.name, "Cancelled: " + why}, "CancelToolCall: " + why};
}

bool IsYes(std::string answer) {
  while (!answer.empty() &&
         (answer.back() == '\n' || answer.back() == '\r' || answer.back() == ' ')) {
    answer.pop_back();
  }
  const size_t start = answer.find_first_not_of(' ');
  answer = start == std::string::npos ? "" : answer.substr(start);
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "Yes" || answer == "YES";
}

}  // namespace

Asker TerminalAsker() {
  return [](std::string_view question) -> std::optional<std::string> {
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    (void)!::write(fd, question.data(), question.size());
    std::string line;
    char c = 0;
    while (line.size() < 256 && ::read(fd, &c, 1) == 1 && c != '\n') line += c;
    ::close(fd);
    return line;
  };
}

ToolLoop::ToolLoop(std::shared_ptr<const ToolRegistry> registry,
                   std::vector<const RegisteredTool*> offered, bool custom_enabled,
                   ToolLoopOptions options, Asker ask)
    : registry_(std::move(registry)),
      offered_(std::move(offered)),
      custom_enabled_(custom_enabled),
      options_(std::move(options)),
      ask_(std::move(ask)) {}

std::vector<ToolDef> ToolLoop::Defs() const {
  std::vector<ToolDef> out;
  for (const RegisteredTool* t : offered_) out.push_back(t->def);
  return out;
}

std::vector<LoggedTool> ToolLoop::Logged() const {
  std::vector<LoggedTool> out;
  for (const RegisteredTool* t : offered_) out.push_back({t->def, t->plugin, ToolHash(*t)});
  return out;
}

std::vector<LoggedToolResult> ToolLoop::Run(const std::vector<ToolCall>& calls, std::ostream& err,
                                            bool err_is_tty) {
  std::vector<LoggedToolResult> out;
  for (const ToolCall& call : calls) out.push_back(RunOne(call, err, err_is_tty));
  return out;
}

LoggedToolResult ToolLoop::RunOne(const ToolCall& call, std::ostream& err, bool err_is_tty) {
  const CallDecision decision = DecideCall(call, offered_, custom_enabled_);
  if (decision.tool == nullptr) {
    err << decision.warning << "\n" << std::flush;
    return {{call.id, call.name, decision.refusal}, decision.exception};
  }
  if (options_.approve) {
    err << Styled("Tool call: " + OnePrintableLine(call.name, 80) + "(" +
                      PythonRepr(call.arguments) + ")",
                  kYellow, err_is_tty)
        << "\n"
        << std::flush;
    auto answer = ask_("Approve tool call? [y/N]: ");
    if (!answer) {
      err << "Warning: no terminal to approve the tool call; it was not run\n" << std::flush;
      return Cancelled(call, "no terminal to approve the tool call");
    }
    if (!IsYes(*answer)) return Cancelled(call, "User cancelled tool call");
  }
  const ToolOutcome outcome = decision.tool->run(call.arguments);
  if (!outcome.warning.empty() && warned_.insert(outcome.warning).second) {
    err << "Warning: " << OnePrintableLine(outcome.warning, 300) << "\n" << std::flush;
  }
  LoggedToolResult result{{call.id, call.name, outcome.output}, outcome.exception};
  if (options_.debug) err << ToolDebugText(call, result, err_is_tty) << std::flush;
  return result;
}

Result<void> ToolLoop::CheckChainLimit(int requests_done) const {
  if (options_.chain_limit > 0 && requests_done >= options_.chain_limit) {
    return MakeError(ErrorKind::kConfig,
                     "Chain limit of " + std::to_string(options_.chain_limit) + " exceeded.");
  }
  return Ok();
}

std::string PythonRepr(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "None";
    case nlohmann::json::value_t::boolean:
      return value.get<bool>() ? "True" : "False";
    case nlohmann::json::value_t::string:
      return PythonStringRepr(value.get_ref<const std::string&>());
    case nlohmann::json::value_t::array: {
      std::string out = "[";
      for (size_t i = 0; i < value.size(); ++i) out += (i ? ", " : "") + PythonRepr(value[i]);
      return out + "]";
    }
    case nlohmann::json::value_t::object: {
      std::string out = "{";
      bool first = true;
      for (const auto& [key, item] : value.items()) {
        out += (first ? "" : ", ") + PythonStringRepr(key) + ": " + PythonRepr(item);
        first = false;
      }
      return out + "}";
    }
    default:
      return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

std::string ToolDebugText(const ToolCall& call, const LoggedToolResult& result, bool color) {
  std::string out = Styled("\nTool call: " + OnePrintableLine(call.name, 80) + "(" +
                               PythonRepr(call.arguments) + ")",
                           kYellow, color) +
                    "\n";
  const bool failed = !result.exception.empty();
  out +=
      Styled(IndentTwo(ShownOutput(result.result.output)) + (failed ? "" : "\n"), kGreen, color) +
      "\n";
  if (failed) {
    out += Styled("  Exception: " + ExceptionMessage(result.exception), kRed, color) + "\n";
  }
  return out;
}

Result<ToolLoop> ToolLoop::Create(const Context& ctx, const ToolLoopOptions& options, Asker ask) {
  auto loaded = LoadToolsFor(ctx, options.tools);
  if (!loaded.ok()) return loaded.error();
  auto registry = std::make_shared<ToolRegistry>(std::move(*loaded));
  const bool custom_enabled = CustomToolsAvailable(ctx.env);
  auto offered = SelectTools(options.tools, *registry, custom_enabled);
  if (!offered.ok()) return offered.error();
  return ToolLoop(std::move(registry), std::move(*offered), custom_enabled, options,
                  std::move(ask));
}

}  // namespace llmbox
