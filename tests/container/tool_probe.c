/* A custom tool for tests/container/tools_check.sh, built static (the llmbox
 * image is FROM scratch: no shell, no libc). The client runs it in its tool
 * sandbox inside the hardened container; it tries one action and reports
 * what happened on stdout, one line, exit status 0 either way:
 *
 *   tool_probe write   writes "probe" to the file named by the "path"
 *                      argument: "wrote PATH" or "cannot write PATH: ERROR"
 *   tool_probe read    reads that file: "read PATH: N bytes" or "cannot read PATH: ERROR"
 *   tool_probe status  the sandbox as the kernel sees it: no_new_privs and
 *                      the seccomp mode (prctl; 2 = filter), and whether an
 *                      Internet socket can be opened
 *   tool_probe mcp     an MCP server over stdio with one tool, mcp_probe_write
 *                      (see do_mcp)
 *
 * The arguments arrive as JSON on stdin ({"path": "/x"}); the path is taken
 * from the first "path" string (no escapes: the check sends plain paths).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

static char args[4096];
static char path[1024];

/* The first "path" string of `text` into `path` (empty when there is none). */
static void extract_path(const char *text) {
  path[0] = '\0';
  const char *key = strstr(text, "\"path\"");
  if (key == NULL) return;
  const char *open_quote = strchr(key + 6, '"');
  if (open_quote == NULL) return;
  const char *close_quote = strchr(open_quote + 1, '"');
  if (close_quote == NULL || (size_t)(close_quote - open_quote - 1) >= sizeof path) return;
  memcpy(path, open_quote + 1, (size_t)(close_quote - open_quote - 1));
  path[close_quote - open_quote - 1] = '\0';
}

static void read_args(void) {
  size_t got = 0;
  ssize_t n;
  while (got < sizeof args - 1 && (n = read(0, args + got, sizeof args - 1 - got)) > 0) {
    got += (size_t)n;
  }
  args[got] = '\0';
  extract_path(args);
}

/* Writes "probe" to `path`; the one-line report into `report`; 0 when written. */
static int try_write(char *report, size_t size) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int failed = fd < 0 || write(fd, "probe\n", 6) != 6;
  if (failed) {
    snprintf(report, size, "cannot write %s: %s", path, strerror(errno));
  } else {
    snprintf(report, size, "wrote %s", path);
  }
  if (fd >= 0) close(fd);
  return failed;
}

static int do_write(void) {
  char report[1200];
  try_write(report, sizeof report);
  fputs(report, stdout);
  return 0;
}

/* A minimal MCP server (newline-delimited JSON-RPC 2.0 on stdin/stdout) with
 * one tool, mcp_probe_write (the write above). It leaves ./mcp-started in its
 * working directory (the workspace) when initialized, so a check can tell
 * whether it ever ran. It reads the compact JSON the client writes; paths
 * and messages are assumed to need no JSON escaping. */
static int do_mcp(void) {
  static char line[16384];
  char report[1200];
  while (fgets(line, sizeof line, stdin) != NULL) {
    const char *id_key = strstr(line, "\"id\":");
    if (id_key == NULL) continue; /* a notification */
    long id = strtol(id_key + 5, NULL, 10);
    if (strstr(line, "\"method\":\"initialize\"") != NULL) {
      int fd = open("mcp-started", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
      if (fd >= 0) close(fd);
      printf("{\"jsonrpc\":\"2.0\",\"id\":%ld,\"result\":{\"protocolVersion\":\"2025-06-18\","
             "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"tool_probe\"}}}\n",
             id);
    } else if (strstr(line, "\"method\":\"tools/list\"") != NULL) {
      printf("{\"jsonrpc\":\"2.0\",\"id\":%ld,\"result\":{\"tools\":[{\"name\":\"mcp_probe_write\","
             "\"description\":\"Writes probe to a file\",\"inputSchema\":{\"type\":\"object\","
             "\"properties\":{\"path\":{\"type\":\"string\"}}}}]}}\n",
             id);
    } else if (strstr(line, "\"method\":\"tools/call\"") != NULL) {
      extract_path(line);
      int failed = try_write(report, sizeof report);
      printf("{\"jsonrpc\":\"2.0\",\"id\":%ld,\"result\":{\"content\":[{\"type\":\"text\","
             "\"text\":\"%s\"}],\"isError\":%s}}\n",
             id, report, failed ? "true" : "false");
    } else {
      printf("{\"jsonrpc\":\"2.0\",\"id\":%ld,\"error\":{\"code\":-32601,"
             "\"message\":\"no such method\"}}\n",
             id);
    }
    fflush(stdout);
  }
  return 0;
}

static int do_read(void) {
  char buf[4096];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    printf("cannot read %s: %s", path, strerror(errno));
    return 0;
  }
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  printf("read %s: %ld bytes", path, (long)n);
  return 0;
}

static int do_status(void) {
  int nnp = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
  int seccomp = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
  int sock = socket(AF_INET, SOCK_STREAM, 0);
  printf("no_new_privs=%d seccomp=%d socket=%s", nnp, seccomp,
         sock >= 0 ? "opened" : strerror(errno));
  if (sock >= 0) close(sock);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "mcp") == 0) return do_mcp();
  read_args();
  if (argc > 1 && strcmp(argv[1], "write") == 0) return do_write();
  if (argc > 1 && strcmp(argv[1], "read") == 0) return do_read();
  if (argc > 1 && strcmp(argv[1], "status") == 0) return do_status();
  printf("usage: tool_probe write|read|status|mcp");
  return 2;
}
