// Which tools the MCP servers declared in tools/ (custom_tools.h) offer,
// asked for only as far as the caller needs. Guards against a hanging or
// broken server slowing down or failing prompts that do not need it:
//   - a -T prompt whose names are all built-in or custom tools asks no
//     server at all (tool_custom.h decides; this file is not called);
//   - otherwise the servers are listed concurrently (at most kMaxParallel at
//     once, so N hanging servers cost about one sandbox timeout, not N), and
//     their answers are merged strictly in file order;
//   - with wanted names, once the servers up to some point in file order
//     have answered and every wanted name is found, the later servers are
//     stopped (their sessions cancelled) or never started.
// Precedence does not depend on which server answers first: in file order,
// a server that lists a name some earlier tool (built-in, custom tool or an
// earlier server's) already has is unavailable as a whole, as is a server
// that cannot list its tools; each becomes one Unavailable() problem of the
// registry. A later server can therefore never change a name found earlier,
// which is why stopping early gives the same tools as listing every server.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "llm/custom_tools.h"
#include "llm/tool_registry.h"

namespace llmbox {

// Servers listed at the same time, at most.
inline constexpr int kMaxParallelMcpListings = 8;

// tools/list of one server. Called on worker threads, concurrently for
// different servers; should return soon after `cancel` becomes true (the
// answer is then ignored).
using McpLister = std::function<Result<std::vector<ToolDef>>(const McpServerDecl& server,
                                                             const std::atomic<bool>& cancel)>;

// The registered tool for one of `server`'s tools (runs it with tools/call).
using McpToolMaker = std::function<RegisteredTool(const McpServerDecl& server, ToolDef def)>;

struct McpDiscovery {
  McpLister list;
  McpToolMaker make;
  int parallel = kMaxParallelMcpListings;
};

// Adds the tools of `servers` (in file order) to `registry`, which already
// holds the built-in and custom tools. With `wanted`, stops as soon as every
// wanted name is in the registry; without, lists every server (llm tools list).
void AddMcpServerTools(const std::vector<McpServerDecl>& servers, const McpDiscovery& discovery,
                       const std::optional<std::vector<std::string>>& wanted,
                       ToolRegistry& registry);

// True when every name in `names` is a tool of `registry`.
bool HasAllTools(const ToolRegistry& registry, const std::vector<std::string>& names);

}  // namespace llmbox
