#!/bin/sh
# Templates benchmark (issue 5): `llm templates list` over a prompt library of 1,000
# templates (target: median < 50 ms), against `cat` of the same 1,000 files in the same
# hyperfine run as the named baseline (reading every file is the least any lister must do).
#
#   bench/templates_bench.sh [LLM_BINARY]     default: build/bin/llm;  COUNT=N, RUNS=N
#
# No network. Needs: hyperfine, Debian's python3. Prints a Markdown table; the numbers in
# BENCHMARKS.md ("Templates") come from it.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LLM=$(realpath "${1:-$ROOT/build/bin/llm}")
COUNT=${COUNT:-1000}
RUNS=${RUNS:-50}
PY=/usr/bin/python3

for tool in hyperfine "$PY" "$LLM"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "templates_bench: missing $tool" >&2; exit 1; }
done

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
mkdir -p "$TMP/home" "$TMP/config" "$TMP/library"

# A library of realistic templates: system + multi-line prompt + defaults + options.
"$PY" - "$TMP/library" "$COUNT" <<'EOF2'
import sys
lib, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    with open(f"{lib}/template-{i:04d}.yaml", "w") as f:
        f.write(f"model: gpt-4o-mini\n"
                f"system: You are assistant number {i}; answer in the voice of $voice.\n"
                f"prompt: |\n"
                f"    Summarize the following text in $words words.\n"
                f"    Keep names and numbers exact.\n\n"
                f"    Text: $input\n"
                f"defaults:\n    voice: a librarian\n    words: 50\n"
                f"options:\n    temperature: 0.{i % 10}\n")
EOF2

export HOME="$TMP/home" LLM_USER_PATH="$TMP/config" LLM_PROMPTS_PATH="$TMP/library" LANG=C.UTF-8

lines=$("$LLM" templates list | wc -l)
[ "$lines" = "$COUNT" ] || { echo "templates_bench: listed $lines templates, expected $COUNT" >&2; exit 1; }

hyperfine --warmup 5 --runs "$RUNS" --export-json "$TMP/list.json" \
  -n "cat" "cat $TMP/library/*.yaml" \
  -n "llm templates list" "$LLM templates list" >&2

"$PY" - "$TMP/list.json" "$COUNT" <<'EOF2'
import json, os, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
count = sys.argv[2]
cat, llm = res["cat"]["median"] * 1000, res["llm templates list"]["median"] * 1000
cpu = lambda r: (r["user"] + r["system"]) * 1000
print("| measurement | median | target |")
print("|---|---|---|")
print(f"| `cat` of the {count} template files (baseline) | {cat:.1f} ms (CPU {cpu(res['cat']):.1f} ms) | |")
print(f"| `llm templates list`, {count} library templates | {llm:.1f} ms (CPU {cpu(res['llm templates list']):.1f} ms), ratio {llm / cat:.2f} | < 50 ms |")
print()
print(f"Load average during the run: {open('/proc/loadavg').read().split()[0]} on {os.cpu_count()} CPUs "
      "(hyperfine medians; CPU = mean user+system time).")
EOF2
