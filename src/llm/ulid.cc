#include "llm/ulid.h"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <random>

namespace llmbox {
namespace {

constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr uint64_t kMaxTimestampMs = (uint64_t{1} << 48) - 1;

// Fills `buf` from the kernel's CSPRNG. getrandom(2) first; /dev/urandom when
// a seccomp profile or an old kernel refuses it; std::random_device (which
// asks the same kernel another way) only as the last resort, so an id is
// always produced.
void FillRandom(unsigned char* buf, size_t len) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = ::getrandom(buf + got, len - got, 0);
    if (n > 0) {
      got += static_cast<size_t>(n);
    } else if (n < 0 && errno != EINTR) {
      break;
    }
  }
  if (got == len) return;
  int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    while (got < len) {
      ssize_t n = ::read(fd, buf + got, len - got);
      if (n > 0) {
        got += static_cast<size_t>(n);
      } else if (n == 0 || errno != EINTR) {
        break;
      }
    }
    ::close(fd);
  }
  std::random_device rd;
  for (; got < len; ++got) buf[got] = static_cast<unsigned char>(rd());
}

uint64_t NowMs() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
  return ms < 0 ? 0 : static_cast<uint64_t>(ms);
}

int DecodeChar(char c) {
  if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  const char* p = std::strchr(kAlphabet, c);
  if (c == '\0' || p == nullptr) return -1;
  return static_cast<int>(p - kAlphabet);
}

// Monotonic ULID state. It is process-wide by nature: the guarantee is about
// every id this process hands out, whoever asks. The pid makes a forked child
// (the concurrency test, or any fork) reseed instead of continuing the
// parent's sequence and producing the parent's next ids.
class UlidState {
 public:
  std::string Next() {
    std::lock_guard<std::mutex> lock(mu_);
    uint64_t now = NowMs();
    pid_t pid = ::getpid();
    if (pid != pid_ || now > last_ms_) {
      pid_ = pid;
      last_ms_ = now;
      Reseed();
    } else if (!Increment()) {
      // 2^80 ids in one millisecond: borrow the next millisecond so the order
      // still holds rather than failing.
      ++last_ms_;
      Reseed();
    }
    return EncodeUlid(last_ms_ & kMaxTimestampMs, hi_, lo_);
  }

 private:
  void Reseed() {
    unsigned char bytes[10];
    FillRandom(bytes, sizeof bytes);
    hi_ = static_cast<uint16_t>((bytes[0] << 8) | bytes[1]);
    lo_ = 0;
    for (int i = 2; i < 10; ++i) lo_ = (lo_ << 8) | bytes[i];
  }

  // Adds one to the 80-bit random part; false on overflow.
  bool Increment() {
    if (++lo_ != 0) return true;
    if (hi_ == 0xFFFF) return false;
    ++hi_;
    return true;
  }

  std::mutex mu_;
  pid_t pid_ = 0;
  uint64_t last_ms_ = 0;
  uint16_t hi_ = 0;
  uint64_t lo_ = 0;
};

}  // namespace

std::string EncodeUlid(uint64_t timestamp_ms, uint16_t random_hi, uint64_t random_lo) {
  std::string out(kUlidLength, '0');
  // Time: 10 characters, 5 bits each, most significant first (48 bits fit in 50).
  for (int i = 9; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kAlphabet[timestamp_ms & 31];
    timestamp_ms >>= 5;
  }
  // Randomness: 80 bits as 16 characters; shift the pair (hi, lo) right by 5.
  for (int i = 25; i >= 10; --i) {
    out[static_cast<size_t>(i)] = kAlphabet[random_lo & 31];
    random_lo = (random_lo >> 5) | (static_cast<uint64_t>(random_hi & 31) << 59);
    random_hi = static_cast<uint16_t>(random_hi >> 5);
  }
  return out;
}

std::string NewUlid() {
  static UlidState state;
  return state.Next();
}

std::optional<int64_t> UlidTimestampMs(std::string_view ulid) {
  if (ulid.size() != kUlidLength) return std::nullopt;
  uint64_t ms = 0;
  for (size_t i = 0; i < kUlidLength; ++i) {
    int v = DecodeChar(ulid[i]);
    if (v < 0) return std::nullopt;
    if (i < 10) ms = (ms << 5) | static_cast<uint64_t>(v);
  }
  // The first character carries only 3 of the 128 bits: above '7' overflows.
  if (DecodeChar(ulid[0]) > 7) return std::nullopt;
  return static_cast<int64_t>(ms);
}

}  // namespace llmbox
