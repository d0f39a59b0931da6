#include "llm/gateway_env.h"

#include "llm/config_paths.h"

namespace llmbox {

Result<std::optional<Gateway>> FindGateway(const EnvGetter& env) {
  auto where = env("LLM_GATEWAY");
  if (!where || where->empty()) return std::optional<Gateway>();
  Gateway g;
  if (where->rfind("http://", 0) == 0 || where->rfind("https://", 0) == 0) {
    g.base = *where;
    while (!g.base.empty() && g.base.back() == '/') g.base.pop_back();
  } else {
    g.unix_socket = where->rfind("unix:", 0) == 0 ? where->substr(5) : *where;
    g.base = "http://llm-gate";
  }
  if (auto token = env("LLM_GATEWAY_TOKEN"); token && !token->empty()) {
    g.token = *token;
  } else if (auto file = env("LLM_GATEWAY_TOKEN_FILE"); file && !file->empty()) {
    auto read = ReadFile(*file);
    if (!read) {
      return MakeError(ErrorKind::kConfig, "cannot read LLM_GATEWAY_TOKEN_FILE " + *file);
    }
    g.token = *read;
    while (!g.token.empty() && (g.token.back() == '\n' || g.token.back() == '\r')) g.token.pop_back();
  }
  return std::optional<Gateway>(std::move(g));
}

GateProxy ForwardProxyOf(const std::optional<Gateway>& gateway) {
  if (!gateway || gateway->unix_socket.empty()) return {};
  return GateProxy{gateway->unix_socket, gateway->token};
}

}  // namespace llmbox
