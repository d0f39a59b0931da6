// The HTTP request every provider starts from: POST <api_base><path>, over
// the endpoint's transport (direct, llm-gate's Unix socket, or llm-gate's
// forward proxy), with JSON content headers and the endpoint's extra headers.
// The provider adds its own credential header (the key's header differs per
// API) and the body.
#pragma once

#include <string_view>

#include "llm/http_client.h"
#include "llm/model_call.h"

namespace llmbox {

HttpRequest EndpointRequest(const Endpoint& endpoint, std::string_view path);

}  // namespace llmbox
