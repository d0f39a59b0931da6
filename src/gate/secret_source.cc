#include "gate/secret_source.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace llmbox::gate {
namespace {

constexpr size_t kMaxSecret = 4096;

}  // namespace

std::string DescribeSecretSource(const SecretSource& source) {
  if (!source.file.empty()) return "file " + source.file;
  return "environment variable " + source.env;
}

Result<void> CheckSecretText(std::string_view secret, std::string_view what) {
  if (secret.empty()) return MakeError(ErrorKind::kConfig, std::string(what) + " is empty");
  if (secret.size() > kMaxSecret) {
    return MakeError(ErrorKind::kConfig, std::string(what) + " is longer than 4096 bytes");
  }
  for (char c : secret) {
    if (c <= 0x20 || c >= 0x7f) {
      return MakeError(ErrorKind::kConfig, std::string(what) +
                                               " contains a space or control character; a key must "
                                               "be one line of printable text");
    }
  }
  return Ok();
}

Result<std::string> LoadSecret(const SecretSource& source, std::string_view what) {
  std::string value;
  if (!source.file.empty()) {
    std::ifstream in(source.file, std::ios::binary);
    if (!in) {
      return MakeError(ErrorKind::kConfig,
                       std::string(what) + ": cannot read " + DescribeSecretSource(source));
    }
    std::ostringstream text;
    text << in.rdbuf();
    value = text.str();
  } else if (!source.env.empty()) {
    const char* env = std::getenv(source.env.c_str());
    if (env == nullptr) {
      return MakeError(ErrorKind::kConfig,
                       std::string(what) + ": " + DescribeSecretSource(source) + " is not set");
    }
    value = env;
  } else {
    return MakeError(ErrorKind::kConfig, std::string(what) + ": no source configured");
  }
  if (!value.empty() && value.back() == '\n') value.pop_back();
  if (!value.empty() && value.back() == '\r') value.pop_back();
  auto checked =
      CheckSecretText(value, std::string(what) + " (" + DescribeSecretSource(source) + ")");
  if (!checked.ok()) return checked.error();
  return value;
}

}  // namespace llmbox::gate
