// Test-only: reads the recorded provider exchanges kept under tests/data/ in
// the source tree (e.g. "openai/stream_openai_text.sse"), found from this
// file's own path so tests run from any build directory.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace llmbox::testing {

// The file's bytes; empty when it cannot be read (the test's expectations then fail).
inline std::string ReadTestData(std::string_view path) {
  const auto root = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
  std::ifstream in(root / "tests/data" / path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace llmbox::testing
