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
 *
 * The arguments arrive as JSON on stdin ({"path": "/x"}); the path is taken
 * from the first "path" string (no escapes: the check sends plain paths).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

static char args[4096];
static char path[1024];

static void read_args(void) {
  size_t got = 0;
  ssize_t n;
  while (got < sizeof args - 1 && (n = read(0, args + got, sizeof args - 1 - got)) > 0) {
    got += (size_t)n;
  }
  args[got] = '\0';
  const char *key = strstr(args, "\"path\"");
  if (key == NULL) return;
  const char *open_quote = strchr(key + 6, '"');
  if (open_quote == NULL) return;
  const char *close_quote = strchr(open_quote + 1, '"');
  if (close_quote == NULL || (size_t)(close_quote - open_quote - 1) >= sizeof path) return;
  memcpy(path, open_quote + 1, (size_t)(close_quote - open_quote - 1));
}

static int do_write(void) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || write(fd, "probe\n", 6) != 6) {
    printf("cannot write %s: %s", path, strerror(errno));
  } else {
    printf("wrote %s", path);
  }
  if (fd >= 0) close(fd);
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
  read_args();
  if (argc > 1 && strcmp(argv[1], "write") == 0) return do_write();
  if (argc > 1 && strcmp(argv[1], "read") == 0) return do_read();
  if (argc > 1 && strcmp(argv[1], "status") == 0) return do_status();
  printf("usage: tool_probe write|read|status");
  return 2;
}
