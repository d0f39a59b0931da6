// Default -o options per model (`llm models options set|show|clear|list`):
// <user_dir>/model_options.json in llm's format, {"model-id": {"option":
// "value"}}, values kept as the strings the user typed, written the way llm
// writes it (two-space indent, ASCII escapes, file order kept). As llm does,
// a missing or unreadable-as-JSON file counts as no options.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace llmbox {

using OptionPairs = std::vector<std::pair<std::string, std::string>>;

struct ModelOptionsEntry {
  std::string model_id;
  OptionPairs options;
};

class ModelOptionsStore {
 public:
  explicit ModelOptionsStore(std::string user_dir) : user_dir_(std::move(user_dir)) {}

  // Every model's defaults, in file order. kIo when the file cannot be read.
  Result<std::vector<ModelOptionsEntry>> All() const;
  // One model's defaults (empty when none).
  Result<OptionPairs> For(const std::string& model_id) const;
  Result<void> Set(const std::string& model_id, const std::string& key, const std::string& value);
  // Removes one option (an empty `key`: all of them); returns the keys removed.
  Result<std::vector<std::string>> Clear(const std::string& model_id, const std::string& key);

  std::string path() const;

 private:
  std::string user_dir_;
};

// -o pairs given on the command line, with the model's defaults in front for
// each option not given there (llm: defaults apply under -o).
OptionPairs MergeDefaultOptions(const OptionPairs& defaults, const OptionPairs& given);

}  // namespace llmbox
