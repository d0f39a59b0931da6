// Owns one file descriptor and closes it on every return path, so an early
// error return cannot leak it (or hand it to a child process that should not
// have it).
#pragma once

#include <unistd.h>

namespace llmbox {

class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }

  // Closes now and reports close()'s result: a failed close after a write can
  // mean lost data.
  int Close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

}  // namespace llmbox
