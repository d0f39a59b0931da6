// A stand-in for the llm client when deriving the seccomp allowlist
// (deploy/seccomp.json, see tests/container/trace-syscalls.sh): a static
// program linked like llm (minimal libcurl, OpenSSL, nghttp2, zlib, SQLite,
// threads) that does what a prompt does. Tracing it with strace -f shows the
// system calls those libraries make, even for paths the client may not
// exercise in a given trace (TLS handshake, threaded name resolution, a
// journalled SQLite write from a second thread).
//
// Usage: syscall_probe URL CAFILE DBPATH
//   URL     http(s)://localhost:PORT/ on loopback; the body is streamed to stdout
//   CAFILE  CA bundle to verify an https URL with
//   DBPATH  SQLite database to create and write
#include <curl/curl.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstring>
#include <thread>

namespace {

size_t WriteChunk(char* data, size_t size, size_t count, void*) {
  std::fwrite(data, size, count, stdout);
  std::fflush(stdout);
  return size * count;
}

int Fetch(const char* url, const char* cafile) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return 1;
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_CAINFO, cafile);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "{\"prompt\":\"hi\"}");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteChunk);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) std::fprintf(stderr, "probe: %s: %s\n", url, curl_easy_strerror(rc));
  curl_easy_cleanup(curl);
  return rc == CURLE_OK ? 0 : 1;
}

int Log(const char* path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK) return 1;
  const char* sql =
      "PRAGMA journal_mode=WAL;"
      "CREATE TABLE IF NOT EXISTS responses (id TEXT PRIMARY KEY, prompt TEXT, response TEXT);"
      "BEGIN; INSERT OR REPLACE INTO responses VALUES ('1', 'hi', 'hello'); COMMIT;"
      "PRAGMA journal_mode=DELETE;"
      "BEGIN; INSERT OR REPLACE INTO responses VALUES ('2', 'hi', 'hello'); COMMIT;";
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  if (rc != SQLITE_OK) std::fprintf(stderr, "probe: sqlite: %s\n", error ? error : "?");
  sqlite3_free(error);
  sqlite3_close(db);
  return rc == SQLITE_OK ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: syscall_probe URL CAFILE DBPATH\n");
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int fetch_rc = 0;
  std::thread fetcher([&] { fetch_rc = Fetch(argv[1], argv[2]); });
  fetcher.join();
  int log_rc = Log(argv[3]);
  curl_global_cleanup();
  return fetch_rc | log_rc;
}
