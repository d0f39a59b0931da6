#include "llm/tool_policy.h"

#include "llm/provider_error.h"

namespace llmbox {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::vector<std::string> BuiltinNames(const ToolRegistry& registry) {
  std::vector<std::string> out;
  for (const RegisteredTool* t : registry.All()) {
    if (t->builtin) out.push_back(t->def.name);
  }
  return out;
}

const RegisteredTool* Offered(const std::vector<const RegisteredTool*>& offered,
                              const std::string& name) {
  for (const RegisteredTool* t : offered) {
    if (t->def.name == name) return t;
  }
  return nullptr;
}

// A tool name from the model, safe to print on one line.
std::string Quoted(const std::string& name) { return "\"" + OnePrintableLine(name, 80) + "\""; }

}  // namespace

Result<std::vector<const RegisteredTool*>> SelectTools(const std::vector<std::string>& names,
                                                       const ToolRegistry& registry,
                                                       bool custom_enabled) {
  std::vector<const RegisteredTool*> out;
  std::vector<std::string> missing;
  for (const std::string& name : names) {
    const RegisteredTool* tool = registry.Find(name);
    if (tool != nullptr && !tool->builtin && !custom_enabled) tool = nullptr;
    if (tool == nullptr && !custom_enabled) {
      return MakeError(ErrorKind::kConfig,
                       "custom tools are disabled (LLM_DISABLE_CUSTOM_TOOLS is not \"false\"); " +
                           Quoted(name) + " is not a built-in tool (" +
                           Join(BuiltinNames(registry)) +
                           "); set LLM_DISABLE_CUSTOM_TOOLS=false to use the tools in the "
                           "tools/ directory of the llm config directory");
    }
    if (tool == nullptr) {
      missing.push_back(name);
    } else if (Offered(out, name) == nullptr) {
      out.push_back(tool);
    }
  }
  if (!missing.empty() && !registry.Unavailable().empty()) {
    std::string problems;
    for (const std::string& p : registry.Unavailable())
      problems += (problems.empty() ? "" : "; ") + p;
    return MakeError(ErrorKind::kConfig, "Tool(s) " + Join(missing) + " not found: " + problems);
  }
  if (!missing.empty()) {
    return MakeError(
        ErrorKind::kConfig,
        "Tool(s) " + Join(missing) + " not found. Available tools: " + Join(registry.Names()));
  }
  return out;
}

CallDecision DecideCall(const ToolCall& call, const std::vector<const RegisteredTool*>& offered,
                        bool custom_enabled) {
  CallDecision d;
  const RegisteredTool* tool = Offered(offered, call.name);
  if (tool != nullptr && !tool->builtin && !custom_enabled) tool = nullptr;
  if (tool == nullptr) {
    const std::string message = "tool \"" + call.name + "\" does not exist";
    d.refusal = "Error: " + message;
    d.exception = "KeyError: '" + message + "'";
    d.warning = "Warning: the model asked for tool " + Quoted(call.name) +
                ", which was not offered with -T" +
                (custom_enabled ? "" : " (custom tools are disabled)") + "; it was not run";
    return d;
  }
  if (!call.arguments.is_object()) {
    d.refusal = "Error: the arguments for tool \"" + call.name + "\" are not a JSON object";
    d.exception = "TypeError: arguments are not a JSON object";
    d.warning = "Warning: the model called tool " + Quoted(call.name) +
                " with arguments that are not a JSON object; it was not run";
    return d;
  }
  d.tool = tool;
  return d;
}

}  // namespace llmbox
