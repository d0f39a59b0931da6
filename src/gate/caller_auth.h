// Who may use the gate. The socket's file mode (listener.cc) keeps other
// users of the host out; this per-stack token keeps out anything else that
// can reach the socket or the TCP listener.
//
// The caller presents the token in `X-Llmbox-Token: <token>` (the llm client),
// or, as forward-proxy clients do, in `Proxy-Authorization: Bearer <token>` or
// `Proxy-Authorization: Basic base64(<any user>:<token>)` (RFC 9110 11.7.1,
// RFC 7617). Comparison is constant time: both sides are hashed with SHA-256
// and the digests compared with CRYPTO_memcmp, so neither the token's bytes
// nor its length leak through timing. Only the digest is kept in memory.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace llmbox::gate {

inline constexpr std::string_view kTokenHeader = "X-Llmbox-Token";

class CallerAuth {
 public:
  explicit CallerAuth(std::string_view token);

  bool Verify(std::string_view presented) const;

  // The token a request carries, from X-Llmbox-Token or Proxy-Authorization;
  // nullopt when neither is present or Proxy-Authorization is malformed.
  static std::optional<std::string> PresentedToken(std::string_view token_header,
                                                   std::string_view proxy_authorization);

 private:
  std::array<unsigned char, 32> digest_{};
};

}  // namespace llmbox::gate
