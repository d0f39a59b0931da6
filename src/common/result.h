// Errors as values. A Result<T> holds either a T or an Error; nothing throws
// across module lines. An Error's message names its subject and, where there
// is one, says what the user can do: it is printed as one line
// `Error: <message>` by the command layer.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace llmbox {

enum class ErrorKind {
  kUsage,     // bad command line: exit status 2
  kConfig,    // config files, keys, models
  kIo,        // filesystem
  kNetwork,   // could not talk to the server
  kProvider,  // the server answered with an error
  kParse,     // malformed input from outside
  kSecurity,  // refused for safety (file modes, paths)
  kCancelled,  // the user stopped it (Ctrl-C): exit status 130, as for a shell's SIGINT
  kInternal,
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
};

inline Error MakeError(ErrorKind kind, std::string message) { return Error{kind, std::move(message)}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

inline Result<void> Ok() { return {}; }

}  // namespace llmbox
