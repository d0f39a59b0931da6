// Where the gate reads a secret (a provider API key, the caller token): an
// environment variable or a file such as a Docker secret (/run/secrets/NAME).
//
// Guards against a secret that would corrupt a request header (CR, LF or other
// control bytes inside it could inject headers) and against silent
// misconfiguration (an empty file). One trailing newline, as editors and
// `echo` write it, is removed. Error messages name the source, never the value.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace llmbox::gate {

struct SecretSource {
  std::string env;   // variable name; used when `file` is empty
  std::string file;  // path; preferred when set
  bool empty() const { return env.empty() && file.empty(); }
};

// "file /run/secrets/x" or "environment variable X": for messages.
std::string DescribeSecretSource(const SecretSource& source);

// `what` names the secret in errors ("the openai key").
Result<std::string> LoadSecret(const SecretSource& source, std::string_view what);

// Checks a secret's bytes: non-empty, printable ASCII, no spaces inside.
Result<void> CheckSecretText(std::string_view secret, std::string_view what);

}  // namespace llmbox::gate
