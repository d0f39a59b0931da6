#include "llm/custom_tools.h"

#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace llmbox {
namespace {

constexpr std::size_t kMaxToolFileBytes = 64 << 10;
constexpr int kMaxSchemaDepth = 32;
// Aliases can repeat a subtree many times over ("billion laughs").
constexpr int kMaxSchemaNodes = 10000;

// "<file>:<line>: <problem>", the form a user can jump to.
Error At(const std::string& source, const YAML::Mark& mark, const std::string& problem) {
  std::string where = source;
  if (mark.line >= 0) where += ":" + std::to_string(mark.line + 1);
  return MakeError(ErrorKind::kConfig, where + ": " + problem);
}

// A plain YAML scalar gets the JSON type YAML 1.2's core schema gives it; a
// quoted one stays a string.
nlohmann::json ScalarToJson(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (node.Tag() == "!") return s;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  static const std::regex kInt("[-+]?[0-9]+");
  static const std::regex kFloat("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");
  if (std::regex_match(s, kInt)) {
    try {
      return std::stoll(s);
    } catch (...) {  // out of range: keep as written
      return s;
    }
  }
  if (std::regex_match(s, kFloat)) return std::strtod(s.c_str(), nullptr);
  return s;
}

Result<nlohmann::json> ToJson(const YAML::Node& node, const std::string& source, int depth,
                              int& budget) {
  if (depth > kMaxSchemaDepth) return At(source, node.Mark(), "'parameters' is nested too deeply");
  if (--budget < 0) return At(source, node.Mark(), "'parameters' is too large");
  if (node.IsScalar()) return ScalarToJson(node);
  if (node.IsSequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (const YAML::Node& item : node) {
      auto v = ToJson(item, source, depth + 1, budget);
      if (!v) return v.error();
      out.push_back(std::move(*v));
    }
    return out;
  }
  if (node.IsMap()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& kv : node) {
      if (!kv.first.IsScalar())
        return At(source, kv.first.Mark(), "keys in 'parameters' must be strings");
      auto v = ToJson(kv.second, source, depth + 1, budget);
      if (!v) return v.error();
      out[kv.first.Scalar()] = std::move(*v);
    }
    return out;
  }
  return nlohmann::json(nullptr);
}

Result<std::string> RequiredString(const YAML::Node& doc, const char* key,
                                   const std::string& source) {
  const YAML::Node n = doc[key];
  if (!n.IsDefined() || n.IsNull()) {
    return At(source, doc.Mark(), std::string("missing '") + key + "'");
  }
  if (!n.IsScalar() || n.Scalar().empty()) {
    return At(source, n.Mark(), std::string("'") + key + "' must be a non-empty string");
  }
  return n.Scalar();
}

Result<std::vector<std::string>> Command(const YAML::Node& doc, const std::string& source,
                                         const std::string& base_dir) {
  const YAML::Node n = doc["command"];
  if (!n.IsDefined() || n.IsNull())
    return At(source, doc.Mark(), "missing 'command' (a list: program and arguments)");
  if (!n.IsSequence() || n.size() == 0) {
    return At(source, n.Mark(),
              "'command' must be a non-empty list of strings (program and arguments, no shell)");
  }
  std::vector<std::string> argv;
  for (const YAML::Node& item : n) {
    if (!item.IsScalar()) return At(source, item.Mark(), "'command' must be a list of strings");
    std::string arg = item.Scalar();
    if (arg.find('\0') != std::string::npos)
      return At(source, item.Mark(), "'command' contains a NUL byte");
    if (arg.rfind("./", 0) == 0) arg = base_dir + "/" + arg.substr(2);
    argv.push_back(std::move(arg));
  }
  if (argv[0].empty()) return At(source, n.Mark(), "'command' starts with an empty program name");
  return argv;
}

Result<nlohmann::json> Parameters(const YAML::Node& doc, const std::string& source) {
  const YAML::Node n = doc["parameters"];
  if (!n.IsDefined() || n.IsNull())
    return nlohmann::json{{"type", "object"}, {"properties", nlohmann::json::object()}};
  if (!n.IsMap())
    return At(source, n.Mark(), "'parameters' must be a JSON schema object (a mapping)");
  int budget = kMaxSchemaNodes;
  auto schema = ToJson(n, source, 0, budget);
  if (!schema) return schema.error();
  if (schema->contains("type") && (*schema)["type"] != "object") {
    return At(source, n.Mark(),
              "'parameters' must have type: object (tool arguments are a JSON object)");
  }
  return schema;
}

Result<std::string> Name(const YAML::Node& doc, const char* key, const std::string& source) {
  auto name = RequiredString(doc, key, source);
  if (!name) return name.error();
  static const std::regex kName("[A-Za-z0-9_-]{1,64}");
  if (!std::regex_match(*name, kName)) {
    return At(source, doc[key].Mark(),
              std::string("'") + key + "' must be 1-64 letters, digits, '_' or '-'");
  }
  return name;
}

Result<McpServerDecl> ParseMcpServer(const YAML::Node& doc, const std::string& source,
                                     const std::string& base_dir) {
  static const std::set<std::string> kKeys{"mcp_server", "command"};
  for (const auto& kv : doc) {
    if (!kv.first.IsScalar() || kKeys.count(kv.first.Scalar()) == 0) {
      return At(source, kv.first.Mark(),
                "unknown key '" + (kv.first.IsScalar() ? kv.first.Scalar() : "?") +
                    "' (an MCP server file has mcp_server and command)");
    }
  }
  McpServerDecl server;
  server.source_file = source;
  auto name = Name(doc, "mcp_server", source);
  if (!name) return name.error();
  server.name = *name;
  auto command = Command(doc, source, base_dir);
  if (!command) return command.error();
  server.command = std::move(*command);
  return server;
}

Result<ToolFile> ParseDocument(const YAML::Node& doc, const std::string& source,
                               const std::string& base_dir) {
  if (!doc.IsMap())
    return At(source, doc.Mark(),
              "a tool file must be a mapping with name, description, parameters, command");
  if (doc["mcp_server"].IsDefined()) {
    auto server = ParseMcpServer(doc, source, base_dir);
    if (!server) return server.error();
    return ToolFile{std::move(*server)};
  }
  static const std::set<std::string> kKeys{"name", "description", "parameters", "command"};
  for (const auto& kv : doc) {
    if (!kv.first.IsScalar() || kKeys.count(kv.first.Scalar()) == 0) {
      return At(source, kv.first.Mark(),
                "unknown key '" + (kv.first.IsScalar() ? kv.first.Scalar() : "?") +
                    "' (expected name, description, parameters, command)");
    }
  }
  CustomTool tool;
  tool.source_file = source;
  auto name = Name(doc, "name", source);
  if (!name) return name.error();
  tool.name = *name;
  auto description = RequiredString(doc, "description", source);
  if (!description) return description.error();
  tool.description = *description;
  auto parameters = Parameters(doc, source);
  if (!parameters) return parameters.error();
  tool.parameters = std::move(*parameters);
  auto command = Command(doc, source, base_dir);
  if (!command) return command.error();
  tool.command = std::move(*command);
  return ToolFile{std::move(tool)};
}

}  // namespace

bool CustomToolsEnabled(const EnvGetter& env) {
  auto value = env("LLM_DISABLE_CUSTOM_TOOLS");
  return value.has_value() && *value == "false";
}

Result<CustomTool> ParseCustomTool(std::string_view yaml_text, const std::string& source,
                                   const std::string& base_dir) {
  auto file = ParseToolFile(yaml_text, source, base_dir);
  if (!file) return file.error();
  if (auto* tool = std::get_if<CustomTool>(&*file)) return std::move(*tool);
  return MakeError(ErrorKind::kConfig, source + ": declares an MCP server, not a tool");
}

Result<ToolFile> ParseToolFile(std::string_view yaml_text, const std::string& source,
                               const std::string& base_dir) {
  if (yaml_text.size() > kMaxToolFileBytes) {
    return MakeError(ErrorKind::kConfig,
                     source + ": larger than 64 KiB; a tool file only declares one tool");
  }
  try {
    YAML::Node doc = YAML::Load(std::string(yaml_text));
    return ParseDocument(doc, source, base_dir);
  } catch (const YAML::Exception& e) {
    return At(source, e.mark, e.msg);
  } catch (const std::exception& e) {
    return MakeError(ErrorKind::kConfig, source + ": " + e.what());
  }
}

Result<std::vector<CustomTool>> LoadCustomTools(const std::string& user_dir) {
  auto files = LoadToolFiles(user_dir);
  if (!files) return files.error();
  return std::move(files->tools);
}

Result<ToolFiles> LoadToolFiles(const std::string& user_dir) {
  namespace fs = std::filesystem;
  ToolFiles out;
  const fs::path dir = fs::path(user_dir) / "tools";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  if (ec) return MakeError(ErrorKind::kIo, dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::set<std::string> names;
  for (const fs::path& file : files) {
    const std::string source = file.string();
    struct stat st {};
    if (::stat(source.c_str(), &st) != 0)
      return MakeError(ErrorKind::kIo, source + ": cannot read");
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
      return MakeError(ErrorKind::kSecurity,
                       source +
                           ": writable by group or others, so anyone could choose what "
                           "code runs; run chmod go-w on it");
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) return MakeError(ErrorKind::kIo, source + ": cannot read");
    auto parsed = ParseToolFile(text.str(), source, fs::absolute(dir).string());
    if (!parsed) return parsed.error();
    const bool is_tool = std::holds_alternative<CustomTool>(*parsed);
    const std::string& name =
        is_tool ? std::get<CustomTool>(*parsed).name : std::get<McpServerDecl>(*parsed).name;
    if (!names.insert(name).second) {
      return MakeError(ErrorKind::kConfig, source +
                                               (is_tool ? ": tool name '" : ": MCP server name '") +
                                               name + "' is already used by another file");
    }
    if (is_tool) {
      out.tools.push_back(std::get<CustomTool>(std::move(*parsed)));
    } else {
      out.mcp_servers.push_back(std::get<McpServerDecl>(std::move(*parsed)));
    }
  }
  return out;
}

SandboxLimits LimitsForCommand(const std::vector<std::string>& command, SandboxLimits limits) {
  // The tool's own files (a script given as an argument to an interpreter)
  // must be readable inside the sandbox; directories are not opened up.
  for (const std::string& arg : command) {
    std::error_code ec;
    if (!arg.empty() && arg[0] == '/' && std::filesystem::is_regular_file(arg, ec)) {
      limits.read_exec_paths.push_back(arg);
    }
  }
  return limits;
}

ToolRunResult RunCustomTool(const CustomTool& tool, const std::string& arguments_json,
                            const SandboxLimits& limits) {
  try {
    return RunSandboxed(tool.command, arguments_json, LimitsForCommand(tool.command, limits));
  } catch (const std::exception& e) {  // allocation failure: the caller gets a result, not a throw
    ToolRunResult r;
    r.failure = std::string("internal error running the tool: ") + e.what();
    return r;
  }
}

}  // namespace llmbox
