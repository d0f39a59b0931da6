#!/bin/sh
# Container benchmarks (issue 3), printed as a Markdown table for BENCHMARKS.md:
#   1. size of llmbox:latest, against the 207 MB that the issue quotes for
#      python:3.13-slim (not measured here: no registry is reachable);
#   2. wall time of `bin/llm --version` (the full hardened container) against a
#      bare `docker run --rm` of a scratch hello-world image built here, in
#      one hyperfine run (target: ratio <= 1.1);
#   3. peak memory of the container during a streamed answer from the fake
#      provider through the real gate (cgroup peak, and the client's own
#      VmHWM), when the client can prompt.
# Needs root, docker, hyperfine, gcc, python3 + python3-yaml, nsenter; the
# images from `make build`. Traffic stays on this host (tests/container/
# fake_stack.sh: the fake provider in a container of this run, behind a gate
# of this run).
set -eu

ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd -P)
IMAGE=${IMAGE:-llmbox:latest}
DEBUG_IMAGE=${DEBUG_IMAGE:-llmbox:debug}
RUNS=${RUNS:-30}
RUN=llmbox-bench-$$
TMP=$(mktemp -d "${TMPDIR:-/tmp}/llmbox-bench.XXXXXX")
SERVER_PID=
cleanup() {
  [ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null || true
  ids=$(docker ps -aq --filter "label=io.llmbox.bench=$RUN")
  # shellcheck disable=SC2086 # one id per word
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1
  docker rm -f "$RUN-gate" >/dev/null 2>&1 || true
  docker volume rm -f "$RUN-config" "$RUN-sock" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

for tool in docker hyperfine gcc python3 nsenter; do
  command -v "$tool" >/dev/null 2>&1 || { echo "container_bench: missing $tool" >&2; exit 1; }
done

# --- 1. image size -------------------------------------------------------------
size=$(docker image inspect -f '{{.Size}}' "$IMAGE")

# --- 2. start-up: wrapper vs a bare scratch container -----------------------------
mkdir -p "$TMP/hello" "$TMP/ws"
printf '#include <unistd.h>\nint main(void) { return write(1, "hello\\n", 6) != 6; }\n' >"$TMP/hello/hello.c"
gcc -Os -static -s -o "$TMP/hello/hello" "$TMP/hello/hello.c"
printf 'FROM scratch\nCOPY hello /hello\nENTRYPOINT ["/hello"]\n' >"$TMP/hello/Dockerfile"
DOCKER_BUILDKIT=0 docker build -q -t llmbox-bench-hello:latest "$TMP/hello" >/dev/null
chmod 0777 "$TMP/ws"
export LLMBOX_HOME="$ROOT" LLMBOX_ENV_FILE="$TMP/env" LLMBOX_CONFIG_VOLUME="$RUN-config" \
  LLMBOX_RUN_LABEL="io.llmbox.bench=$RUN" LLMBOX_IMAGE="$IMAGE" LLMBOX_DEBUG_IMAGE="$DEBUG_IMAGE" \
  COMPOSE_PROJECT_NAME="$RUN"
CANARY=sk-bench
printf 'OPENAI_API_KEY=%s\n' "$CANARY" >"$TMP/env"
chmod 0600 "$TMP/env"
# shellcheck source=tests/container/fake_stack.sh
. "$ROOT/tests/container/fake_stack.sh"
fake_stack_start "io.llmbox.bench=$RUN"
(cd "$TMP/ws" && "$ROOT/bin/llm" --version) >/dev/null # starts the gate, creates the volume
# The wrapper's docker command without the wrapper, to tell the cost of the
# hardening flags from the cost of the script (paths here have no spaces).
direct=$(cd "$TMP/ws" && LLMBOX_DRY_RUN=1 "$ROOT/bin/llm" --version | tr '\n' ' ')
# hyperfine alternates the two commands, one run each per round, so a change
# of machine load during the benchmark hits both alike.
i=0
while [ $i -lt "$RUNS" ]; do
  i=$((i + 1))
  (cd "$TMP/ws" && hyperfine -N --runs 1 --export-json "$TMP/start.$i.json" \
    -n 'docker run --rm hello (scratch)' 'docker run --rm llmbox-bench-hello:latest' \
    -n 'same docker run, no wrapper' "$direct" \
    -n 'bin/llm --version' "$ROOT/bin/llm --version") >/dev/null 2>&1
done
echo "load average after the start-up runs: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# --- 3. peak memory during a streamed answer --------------------------------------
peak_cgroup=
peak_hwm=
if (cd "$TMP/ws" && "$ROOT/bin/llm" --help 2>/dev/null) | grep -qiE '(^| )prompt'; then
  printf '[{"model_id": "fake-slow-30", "model_name": "fake-slow-30", "api_key_name": "openai"}]\n' |
    (cd "$TMP/ws" && "$ROOT/bin/llm-interactive" --shell -c \
    'cat >/home/llmuser/.config/llm/extra-openai-models.yaml') >/dev/null
  (cd "$TMP/ws" && "$ROOT/bin/llm" -m fake-slow-30 'stream please') >"$TMP/answer" 2>&1 &
  prompt=$!
  # Poll until the container is gone; keep the last readings.
  while kill -0 "$prompt" 2>/dev/null; do
    cid=$(docker ps -q --filter "label=io.llmbox.bench=$RUN" --filter label=io.llmbox.mode=prompt | head -n 1)
    if [ -n "$cid" ]; then
      init=$(docker inspect -f '{{.State.Pid}}' "$cid" 2>/dev/null || true)
      child=$(awk '{print $1}' "/proc/$init/task/$init/children" 2>/dev/null || true)
      memcg=$(awk -F: '$2 == "memory" {print $3}' "/proc/$init/cgroup" 2>/dev/null || true)
      v=
      case $memcg in
        */"$cid"*) v=$(cat "/sys/fs/cgroup/memory$memcg/memory.max_usage_in_bytes" 2>/dev/null || true) ;;
      esac
      [ -z "$v" ] || peak_cgroup=$v
      v=$(awk '/^VmHWM/ {print $2}' "/proc/$child/status" 2>/dev/null || true)
      [ -z "$v" ] || peak_hwm=$v
    fi
    sleep 0.05
  done
  wait "$prompt" || { echo "container_bench: the prompt failed: $(head -c 300 "$TMP/answer")" >&2; exit 1; }
fi

python3 - "$TMP" "$size" "${peak_cgroup:-}" "${peak_hwm:-}" <<'EOF'
import glob, json, statistics, sys
tmp, size, peak_cg, peak_hwm = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
times = {}
for f in glob.glob(f"{tmp}/start.*.json"):
    for r in json.load(open(f))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
def stats(ts):
    return {"median": statistics.median(ts), "mean": statistics.mean(ts), "stddev": statistics.pstdev(ts), "n": len(ts)}
bare = stats(times["docker run --rm hello (scratch)"])
direct = stats(times["same docker run, no wrapper"])
ours = stats(times["bin/llm --version"])
print("| measurement | result | target |")
print("|---|---|---|")
print(f"| image size, llmbox:latest | {size / 1e6:.2f} MB ({size} bytes); python:3.13-slim is about 207 MB (figure from the issue, not measured here): {207e6 / size:.0f}x smaller | <= 10 MB |")
print(f"| `docker run --rm` of a scratch hello-world, median | {bare['median'] * 1000:.0f} ms (mean {bare['mean'] * 1000:.0f} ± {bare['stddev'] * 1000:.0f} ms) | |")
print(f"| `docker run` with bin/llm's hardening flags, no wrapper, median | {direct['median'] * 1000:.0f} ms (mean {direct['mean'] * 1000:.0f} ± {direct['stddev'] * 1000:.0f} ms), ratio {direct['median'] / bare['median']:.2f} | |")
print(f"| `bin/llm --version` (hardened container), median | {ours['median'] * 1000:.0f} ms (mean {ours['mean'] * 1000:.0f} ± {ours['stddev'] * 1000:.0f} ms), ratio {ours['median'] / bare['median']:.2f} ({ours['n']} alternating runs each) | <= 1.1x |")
if peak_cg:
    print(f"| container memory peak (cgroup, page cache included) during a 30-chunk streamed answer | {int(peak_cg) / 2**20:.1f} MiB | |")
    print(f"| client peak RSS (VmHWM) in the container, same answer | {int(peak_hwm) / 1024:.1f} MiB | |")
else:
    print("| container memory peak during a streamed answer | not measured: the client cannot prompt yet | |")
EOF
