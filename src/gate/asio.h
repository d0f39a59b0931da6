// The one place the gate includes Boost.Asio and Boost.Beast, so every file
// sees the same configuration and the same short namespace names.
#pragma once

// clang-format off
// Boost 1.74's awaitable.hpp calls std::exchange without including <utility>.
#include <utility>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on

namespace llmbox::gate {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using boost::system::error_code;

// Every caller-facing socket is held as a generic stream socket, so the same
// session code serves the Unix socket and the optional TCP listener.
using Downstream = asio::generic::stream_protocol::socket;

// Coroutine helpers: errors come back as values instead of exceptions.
inline auto Await(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

}  // namespace llmbox::gate
