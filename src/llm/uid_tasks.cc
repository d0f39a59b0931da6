#include "llm/uid_tasks.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <string>

namespace llmbox {
namespace {

// Value after "<key>\t" in a /proc/<pid>/status text, or -1.
long StatusField(const char* text, const char* key) {
  const char* at = std::strstr(text, key);
  if (at == nullptr) return -1;
  return std::strtol(at + std::strlen(key), nullptr, 10);
}

}  // namespace

long CountTasksOfUid(uid_t uid) {
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return 0;
  long total = 0;
  while (dirent* entry = ::readdir(proc)) {
    if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
    std::string path = std::string("/proc/") + entry->d_name + "/status";
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    std::array<char, 4096> buf{};
    ssize_t n = ::read(fd, buf.data(), buf.size() - 1);
    ::close(fd);
    if (n <= 0) continue;
    if (StatusField(buf.data(), "\nUid:\t") != static_cast<long>(uid)) continue;
    long threads = StatusField(buf.data(), "\nThreads:\t");
    total += threads > 0 ? threads : 1;
  }
  ::closedir(proc);
  return total;
}

}  // namespace llmbox
