#include "llm/model_options_store.h"

#include <nlohmann/json.hpp>

#include "llm/config_paths.h"

namespace llmbox {
namespace {

using OrderedJson = nlohmann::ordered_json;

// A value as llm prints it with f"{value}": strings bare, the rest as JSON.
std::string ValueText(const OrderedJson& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

Result<OrderedJson> Load(const std::string& path) {
  auto text = ReadFileIfExists(path);
  if (!text) return text.error();
  if (!text->has_value()) return OrderedJson::object();
  OrderedJson doc = OrderedJson::parse(**text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return OrderedJson::object();
  return doc;
}

Result<void> Save(const std::string& user_dir, const std::string& path, const OrderedJson& doc) {
  if (auto made = EnsureDir(user_dir); !made) return made.error();
  // json.dumps(options, indent=2): ASCII escapes, no trailing newline.
  return WriteFileAtomic(path, doc.dump(2, ' ', true, OrderedJson::error_handler_t::replace), 0600);
}

}  // namespace

std::string ModelOptionsStore::path() const { return JoinPath(user_dir_, "model_options.json"); }

Result<std::vector<ModelOptionsEntry>> ModelOptionsStore::All() const {
  auto doc = Load(path());
  if (!doc) return doc.error();
  std::vector<ModelOptionsEntry> out;
  for (const auto& [model_id, options] : doc->items()) {
    if (!options.is_object()) continue;
    ModelOptionsEntry entry{model_id, {}};
    for (const auto& [key, value] : options.items()) {
      entry.options.emplace_back(key, ValueText(value));
    }
    out.push_back(std::move(entry));
  }
  return out;
}

Result<OptionPairs> ModelOptionsStore::For(const std::string& model_id) const {
  auto all = All();
  if (!all) return all.error();
  for (ModelOptionsEntry& entry : *all) {
    if (entry.model_id == model_id) return std::move(entry.options);
  }
  return OptionPairs{};
}

Result<void> ModelOptionsStore::Set(const std::string& model_id, const std::string& key,
                                    const std::string& value) {
  auto doc = Load(path());
  if (!doc) return doc.error();
  OrderedJson& entry = (*doc)[model_id];
  if (!entry.is_object()) entry = OrderedJson::object();
  entry[key] = value;
  return Save(user_dir_, path(), *doc);
}

Result<std::vector<std::string>> ModelOptionsStore::Clear(const std::string& model_id,
                                                          const std::string& key) {
  auto doc = Load(path());
  if (!doc) return doc.error();
  // As llm does, a named key counts as cleared even when it was not set.
  std::vector<std::string> cleared;
  if (!key.empty()) cleared.push_back(key);
  auto entry = doc->find(model_id);
  if (entry == doc->end() || !entry->is_object()) return cleared;
  if (key.empty()) {
    for (const auto& item : entry->items()) cleared.push_back(item.key());
    doc->erase(entry);
  } else if (entry->erase(key) == 0) {
    return cleared;
  } else if (entry->empty()) {
    doc->erase(entry);
  }
  if (auto saved = Save(user_dir_, path(), *doc); !saved) return saved.error();
  return cleared;
}

OptionPairs MergeDefaultOptions(const OptionPairs& defaults, const OptionPairs& given) {
  OptionPairs merged;
  for (const auto& pair : defaults) {
    bool overridden = false;
    for (const auto& g : given) overridden = overridden || g.first == pair.first;
    if (!overridden) merged.push_back(pair);
  }
  merged.insert(merged.end(), given.begin(), given.end());
  return merged;
}

}  // namespace llmbox
