#!/bin/sh
# Client benchmarks (issue 2): cold start, streaming overhead against curl, peak RSS.
#
#   bench/stream_bench.sh [LLM_BINARY]      default: build/bin/llm
#
# 1. hyperfine cold start of `llm --version` and `llm models` (target: median <= 5 ms).
# 2. A 10,000-chunk streamed answer from the local fake provider: `llm` and `curl -N`
#    fetching the same stream in one hyperfine run (target: llm/curl median <= 1.2),
#    with logging on (llm's default) and off (-n).
# 3. Peak RSS of that `llm` run with /usr/bin/time -v (target: <= 10 MB).
# Loopback only. Needs: hyperfine, curl, time (/usr/bin/time), Debian's python3 + python3-yaml.
# Prints a Markdown summary; the numbers in BENCHMARKS.md come from it.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LLM=$(realpath "${1:-$ROOT/build/bin/llm}")
CHUNKS=${CHUNKS:-10000}
RUNS=${RUNS:-30}
PY=/usr/bin/python3

for tool in hyperfine curl /usr/bin/time "$PY" "$LLM"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "stream_bench: missing $tool (apt-get install hyperfine curl time python3-yaml)" >&2; exit 1; }
done

TMP=$(mktemp -d)
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

"$PY" "$ROOT/tests/fake_provider/server.py" --port-file "$TMP/port" >/dev/null 2>"$TMP/server.err" &
SERVER_PID=$!
i=0
while [ ! -s "$TMP/port" ]; do
  i=$((i + 1)); [ $i -lt 500 ] || { cat "$TMP/server.err" >&2; exit 1; }
  sleep 0.01
done
PORT=$(cat "$TMP/port")
BASE="http://127.0.0.1:$PORT/v1"
MODEL="fake-chunks-$CHUNKS"

# A private, clean environment: own HOME and config dir, no proxies.
mkdir -p "$TMP/home" "$TMP/config"
printf -- '- model_id: %s\n  model_name: %s\n  api_base: "%s"\n' "$MODEL" "$MODEL" "$BASE" \
  > "$TMP/config/extra-openai-models.yaml"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
export HOME="$TMP/home" LLM_USER_PATH="$TMP/config" OPENAI_BASE_URL="$BASE" OPENAI_API_KEY=sk-bench LANG=C.UTF-8

BODY="{\"model\":\"$MODEL\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"bench\"}]}"
CURL="curl -sS -N -o /dev/null -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-bench' -d '$BODY' $BASE/chat/completions"

# Sanity: the client really streams the whole answer.
got=$("$LLM" -n -m "$MODEL" bench | wc -c)
want=$("$PY" -B -c "import sys; sys.path.insert(0, '$ROOT/tests/fake_provider'); import server; print(len(''.join(server.chunk_texts($CHUNKS))) + 1)")
[ "$got" = "$want" ] || { echo "stream_bench: llm printed $got bytes, expected $want" >&2; exit 1; }

echo "## cold start" >&2
hyperfine -N --warmup 10 --runs 200 --export-json "$TMP/start.json" \
  "$LLM --version" "$LLM models" >&2

echo "## $CHUNKS-chunk stream" >&2
hyperfine --warmup 3 --runs "$RUNS" --export-json "$TMP/stream.json" \
  -n curl "$CURL" \
  -n "llm -n" "$LLM -n -m $MODEL bench" \
  -n llm "$LLM -m $MODEL bench" >&2

/usr/bin/time -v "$LLM" -n -m "$MODEL" bench >/dev/null 2>"$TMP/rss-nolog.txt"
/usr/bin/time -v "$LLM" -m "$MODEL" bench >/dev/null 2>"$TMP/rss-log.txt"

"$PY" - "$TMP" "$CHUNKS" <<'EOF'
import json, os, re, sys
tmp, chunks = sys.argv[1], sys.argv[2]
def load(name):
    return {r["command"]: r for r in json.load(open(f"{tmp}/{name}.json"))["results"]}
def medians(name):
    return {c: r["median"] * 1000 for c, r in load(name).items()}
def cpu(name, cmd):
    r = load(name)[cmd]
    return (r["user"] + r["system"]) * 1000
def rss(name):
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{tmp}/{name}.txt").read()).group(1))
start, stream = medians("start"), medians("stream")
(v_cmd, v), (m_cmd, m) = list(start.items())
print("| measurement | median | target |")
print("|---|---|---|")
print(f"| `llm --version` cold start | {v:.2f} ms | <= 5 ms |")
print(f"| `llm models` cold start | {m:.2f} ms | <= 5 ms |")
print(f"| `curl -N`, {chunks}-chunk stream | {stream['curl']:.1f} ms (CPU {cpu('stream', 'curl'):.1f} ms) | |")
print(f"| `llm -n`, same stream (no log) | {stream['llm -n']:.1f} ms (CPU {cpu('stream', 'llm -n'):.1f} ms), ratio {stream['llm -n'] / stream['curl']:.2f} | <= 1.2 |")
print(f"| `llm`, same stream (logged) | {stream['llm']:.1f} ms (CPU {cpu('stream', 'llm'):.1f} ms), ratio {stream['llm'] / stream['curl']:.2f} | <= 1.2 |")
print(f"| peak RSS, `llm -n` on the stream | {rss('rss-nolog') / 1024:.1f} MB | <= 10 MB |")
print(f"| peak RSS, `llm` on the stream (logged) | {rss('rss-log') / 1024:.1f} MB | <= 10 MB |")
print()
print(f"Load average during the run: {open('/proc/loadavg').read().split()[0]} on {os.cpu_count()} CPUs "
      "(hyperfine medians; CPU = mean user+system time).")
EOF
