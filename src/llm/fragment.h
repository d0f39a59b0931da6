// Fragments, as llm 0.32 has them (docs/fragments.md, llm/models.py Prompt):
// reusable pieces of text added to a prompt (-f) or system prompt (--sf),
// stored once in logs.db by the SHA-256 of their text.
//
// How llm joins them, which is what the model receives and what `-c` sends
// again: the prompt is the fragments, then the prompt text, joined by "\n"
// (fragments kept as they are, an empty prompt text left out); the system
// prompt is the system fragments, then the system text, each stripped of
// surrounding whitespace, the empty ones dropped, joined by "\n\n".
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmbox {

struct Fragment {
  Fragment() = default;
  Fragment(std::string text, std::string from) : content(std::move(text)), source(std::move(from)) {}

  std::string content;  // UTF-8 text
  std::string source;   // a resolved file path, a URL, "-", or empty (NULL in logs.db)
  // Read back from logs.db (for `llm logs`): the stored hash and its aliases.
  std::string hash;
  std::vector<std::string> aliases;
};

std::string JoinPromptFragments(const std::vector<Fragment>& fragments, std::string_view prompt);
std::string JoinSystemFragments(const std::vector<Fragment>& fragments, std::string_view system);

// fragments.hash: lower-case hex SHA-256 of the UTF-8 content.
std::string FragmentHash(std::string_view content);

// True for "name:rest" where name is letters, digits, '_' or '-' (llm's test
// for a plugin's fragment loader, such as github:owner/repo). llm looks for
// such a prefix before aliases, hashes and paths.
bool HasLoaderPrefix(std::string_view value);

// llm's rule for an alias set with `llm fragments set`: letters, digits, '_', '-'.
bool IsValidFragmentAlias(std::string_view alias);

}  // namespace llmbox
