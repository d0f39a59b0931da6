// libFuzzer target for what an MCP server writes on stdout (mcp_protocol.h):
// any bytes must give messages, tools or one error line, never a crash, a
// hang or an exception; found tools always have a valid name and an object
// schema, and a found answer always has the id asked for.
#include <cstddef>
#include <cstdint>
#include <string>

#include "llm/mcp_protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string output(reinterpret_cast<const char*>(data), size);
  std::size_t offset = 0;
  llmbox::McpServerRequests requests;
  for (int i = 0; i < 64; ++i) {
    const std::size_t before = offset;
    auto found = llmbox::FindMcpResponse(output, offset, 2, requests);
    if (offset < before || offset > output.size()) __builtin_trap();
    if (requests.count > llmbox::kMaxMcpServerRequests + 1) __builtin_trap();
    if (!requests.replies.empty() && requests.replies.back() != '\n') __builtin_trap();
    requests.replies.clear();
    if (!found.ok() || !found->has_value()) break;
    const llmbox::McpMessage& m = **found;
    if (m.id != 2 || m.is_error) __builtin_trap();
    if (auto tools = llmbox::ParseMcpToolsList(m.result); tools.ok()) {
      for (const llmbox::ToolDef& t : *tools) {
        if (t.name.empty() || t.name.size() > 64 || !t.input_schema.is_object()) __builtin_trap();
      }
    }
    (void)llmbox::ParseMcpCallResult(m.result);
  }
  (void)llmbox::ParseMcpMessage(output);
  return 0;
}
