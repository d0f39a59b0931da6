#!/bin/sh
# `llm chat` keystroke-to-echo latency on a real terminal (tmux), with a 10,000-line
# history file loaded, against baselines measured in the same run:
#   cat          the kernel's own line discipline echoes (no line editor at all)
#   busybox sh   a small line editor (busybox's) reading a command line
#   llm chat     libedit, emacs keys, 10,000 lines of history
# Each sample: send one character with `tmux send-keys`, then poll `tmux capture-pane`
# until it is on screen. Both tmux calls are in every sample of every program, so the
# ratios compare the editors; the absolute numbers include tmux's round trips.
#
#   bench/chat_bench.sh [LLM_BINARY]      default: build/bin/llm; N=50 samples each
#
# No network: the chat never sends a prompt (no Enter is typed). Needs tmux, busybox,
# Debian's python3. Prints a Markdown table; BENCHMARKS.md ("Chat") comes from it.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LLM=$(realpath "${1:-$ROOT/build/bin/llm}")
N=${N:-50}
PY=/usr/bin/python3
for tool in tmux busybox "$PY" "$LLM"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "chat_bench: missing $tool (apt-get install tmux busybox-static python3)" >&2; exit 1; }
done

TMP=$(mktemp -d)
trap 'tmux -S "$TMP/tmux.sock" kill-server 2>/dev/null || true; rm -rf "$TMP"' EXIT INT TERM
mkdir -p "$TMP/config" "$TMP/home"
# libedit's history format: a header line, then one entry a line (vis(3)-encoded; these
# lines need no encoding).
{
  echo "_HiStOrY_V2_"
  i=1
  while [ $i -le 10000 ]; do
    printf 'history-entry-%05d-what-is-the-capital-of-somewhere-and-why\n' $i
    i=$((i + 1))
  done
} >"$TMP/config/chat_history"
chmod 600 "$TMP/config/chat_history"

exec "$PY" - "$TMP" "$LLM" "$N" <<'PYEOF'
import shlex, statistics, subprocess, sys, time

tmp, llm, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sock = f"{tmp}/tmux.sock"
env = (f"env -i TERM=screen LANG=C.UTF-8 HOME={tmp}/home LLM_USER_PATH={tmp}/config "
       "OPENAI_API_KEY=sk-bench-unused PATH=/usr/bin:/bin")


def tmux(*args):
    return subprocess.run(["tmux", "-S", sock, *args], check=True, capture_output=True,
                          text=True).stdout


def screen(name):
    return tmux("capture-pane", "-p", "-t", name)


def wait(name, predicate, what, deadline_s=20):
    deadline = time.monotonic() + deadline_s
    while True:
        s = screen(name)
        if predicate(s):
            return s
        if time.monotonic() > deadline:
            sys.exit(f"chat_bench: timed out waiting for {what} in {name}:\n{s}")


def measure(name, command, ready):
    tmux("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-s", name,
         "sh", "-c", f"{env} {command}")
    tmux("set-option", "-t", name, "status", "off")
    wait(name, ready, "the prompt")
    samples = []
    for _ in range(n):
        before = screen(name).count("@")
        t0 = time.perf_counter()
        tmux("send-keys", "-t", name, "-l", "@")
        while screen(name).count("@") <= before:
            pass
        samples.append((time.perf_counter() - t0) * 1000)
    tmux("kill-session", "-t", name)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


results = [
    ("cat (kernel tty echo)", measure("cat", "cat", lambda s: True)),
    ("busybox sh (line editor)", measure("bb", "busybox sh", lambda s: s.rstrip()[-1:] in ("$", "#"))),
    ("llm chat, 10,000-line history", measure(
        "llm", f"{shlex.quote(llm)} chat -m gpt-4o-mini", lambda s: s.rstrip().endswith(">"))),
]
base = results[0][1][0]
print(f"N={n} samples each, 120x40 tmux pane")
print("| program | median ms | p95 ms | median / cat |")
print("|---|---|---|---|")
for label, (median, p95) in results:
    print(f"| {label} | {median:.2f} | {p95:.2f} | {median / base:.2f} |")
PYEOF
