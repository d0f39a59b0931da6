#include "llm/endpoint_request.h"

#include <string>

namespace llmbox {

HttpRequest EndpointRequest(const Endpoint& endpoint, std::string_view path) {
  HttpRequest request;
  std::string_view base = endpoint.api_base;
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  request.url = std::string(base) + std::string(path);
  request.unix_socket = endpoint.unix_socket;
  request.gate_proxy_socket = endpoint.gate_proxy_socket;
  request.gate_proxy_token = endpoint.gate_proxy_token;
  request.cancel = endpoint.cancel;
  request.headers.emplace_back("Content-Type", "application/json");
  request.headers.emplace_back("Accept", "application/json");
  for (const auto& header : endpoint.headers) request.headers.push_back(header);
  return request;
}

}  // namespace llmbox
