#!/bin/sh
# Custom tools inside the hardened container, against the real Docker engine.
# Every check prints one line:
#   PASS <check>: <evidence>     FAIL <check>: <evidence>
# and the script exits 1 when any check fails (2 when it cannot run at all).
#
# The image is FROM scratch (no shell, no libc), so the tool is a static
# binary: tests/container/tool_probe.c, built here with `cc -static` into the
# workspace mounted at /workspace. The client container gets the hardening of
# deploy/wrapper.sh (read-only root, no capabilities, no-new-privileges,
# deploy/seccomp.json, memory/pids/nofile/fsize limits, noexec /tmp, uid 1000)
# with LLM_DISABLE_CUSTOM_TOOLS=false and a config directory holding the tool
# files, a canary key and a fake model. The model is the fake provider's
# fake-toolcall-<tool> (tests/fake_provider/server.py): it asks for the tool
# with the prompt's JSON as arguments and answers with the tool's output, so
# the client's stdout shows what the tool saw. The fake listens in the network
# namespace of a holder container this script starts (--network none: only
# loopback); the client container joins that namespace. No other traffic.
#
# Needs: root (nsenter into the holder's namespace; files owned by uid 1000),
# docker, python3 with python3-yaml, a C compiler with a static libc.
# Images: $IMAGE (default llmbox:latest) and $DEBUG_IMAGE (default
# llmbox:debug, for the holder's sleep); `make build` makes both.
# LLM_BINARY=build/bin/llm runs a fresh static build in $IMAGE instead of the
# image's client. The MCP checks are skipped (SKIP line) when the client
# predates MCP servers.
set -u

ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd -P)
IMAGE=${IMAGE:-llmbox:latest}
DEBUG_IMAGE=${DEBUG_IMAGE:-llmbox:debug}
CC=${CC:-cc}
# LLM_BINARY: a static llm to mount over the image's (a fresh build, without
# rebuilding the image); empty: the image's own.
LLM_BINARY=${LLM_BINARY:-}
RUN=llmbox-tools-$$
LABEL=io.llmbox.tools-check=$RUN
TMP=$(mktemp -d "${TMPDIR:-/tmp}/llmbox-tools.XXXXXX")
WS=$TMP/ws
CONFIG=$TMP/config
CONFIG_IN=/home/llmuser/.config/llm
FAILS=0
PASSES=0
SERVER_PID=

pass() { PASSES=$((PASSES + 1)); printf 'PASS %s: %s\n' "$1" "$2"; }
fail() { FAILS=$((FAILS + 1)); printf 'FAIL %s: %s\n' "$1" "$2"; }
skip() { printf 'SKIP %s: %s\n' "$1" "$2"; }
oneline() { tr '\n' ' ' | sed 's/  */ /g; s/ $//' | cut -c1-300; }
die() { printf 'tools_check.sh: %s\n' "$1" >&2; exit 2; }

cleanup() {
  ids=$(docker ps -aq --filter "label=$LABEL")
  # shellcheck disable=SC2086 # one id per word
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1
  [ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" -eq 0 ] || die "run as root (nsenter into the holder container's network namespace)"
docker info >/dev/null 2>&1 || die "the Docker engine is not reachable (docker info failed)"
[ -z "$LLM_BINARY" ] || LLM_BINARY=$(CDPATH='' cd -- "$(dirname -- "$LLM_BINARY")" && pwd -P)/$(basename -- "$LLM_BINARY")
[ -z "$LLM_BINARY" ] || [ -x "$LLM_BINARY" ] || die "LLM_BINARY=$LLM_BINARY is not an executable file"
for image in "$IMAGE" "$DEBUG_IMAGE"; do
  docker image inspect "$image" >/dev/null 2>&1 || die "image $image is missing: make build"
done

# --- the tool, the workspace and the client's config directory ---------------
mkdir -p "$WS/bin" "$CONFIG/tools"
"$CC" -static -O2 -o "$WS/bin/tool_probe" "$ROOT/tests/container/tool_probe.c" ||
  die "cannot build the static tool with $CC -static (install a static libc, e.g. libc6-dev)"
# probe_status runs a copy in the config directory's tools/ (README's way of
# shipping a tool: out of reach of tool runs); the others from /workspace.
cp "$WS/bin/tool_probe" "$CONFIG/tools/tool_probe"
for tool in write read status; do
  program=/workspace/bin/tool_probe
  [ "$tool" = status ] && program=./tool_probe
  cat >"$CONFIG/tools/probe_$tool.yaml" <<YAML
name: probe_$tool
description: The container check's probe ($tool)
parameters:
  type: object
  properties:
    path: {type: string}
command: [$program, $tool]
YAML
done
CANARY=sk-tools-check-canary-$$
printf '{"openai": "%s"}\n' "$CANARY" >"$CONFIG/keys.json"

# --- the fake provider, in a holder container's namespace ---------------------
docker run -d --rm --name "$RUN-net" --label "$LABEL" --network none --user 1000:1000 \
  --cap-drop ALL --read-only --entrypoint /bin/sleep "$DEBUG_IMAGE" 600 >/dev/null ||
  die "cannot start the holder container from $DEBUG_IMAGE"
netpid=$(docker inspect -f '{{.State.Pid}}' "$RUN-net")
nsenter -t "$netpid" -n python3 "$ROOT/tests/fake_provider/server.py" \
  --container-netns "$(readlink "/proc/$netpid/ns/net")" --port-file "$TMP/port" \
  --log "$TMP/provider.jsonl" >/dev/null 2>"$TMP/server.err" &
SERVER_PID=$!
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
PORT=$(cat "$TMP/port" 2>/dev/null) || die "the fake provider did not start: $(oneline <"$TMP/server.err")"
{
  for tool in probe_write probe_read probe_status mcp_probe_write; do
    printf -- '- model_id: fake-toolcall-%s\n  model_name: fake-toolcall-%s\n' "$tool" "$tool"
    printf '  api_base: http://127.0.0.1:%s/v1\n  api_key_name: openai\n' "$PORT"
  done
} >"$CONFIG/extra-openai-models.yaml"
chown -R 1000:1000 "$WS" "$CONFIG"
chmod 0700 "$CONFIG"
chmod 0600 "$CONFIG/keys.json"
chmod 0755 "$CONFIG/tools"
chmod 0644 "$CONFIG"/tools/*.yaml "$CONFIG/extra-openai-models.yaml"

# llm_run ENABLED ARGS...: the client in the hardened container (deploy/wrapper.sh's
# flags), custom tools enabled when ENABLED is true; stdout to $TMP/out, stderr
# to $TMP/err.
llm_run() {
  disable=true
  [ "$1" = true ] && disable=false
  shift
  docker run --rm --init --label "$LABEL" \
    --user 1000:1000 \
    --read-only \
    --cap-drop ALL \
    --security-opt no-new-privileges:true \
    --security-opt "seccomp=$ROOT/deploy/seccomp.json" \
    --memory 1g --memory-swap 1g \
    --cpus 0.5 \
    --pids-limit 64 \
    --ulimit nofile=1024:1024 \
    --ulimit fsize=1073741824:1073741824 \
    --ulimit core=0:0 \
    --tmpfs /tmp:rw,noexec,nosuid,nodev,size=64m,mode=1777 \
    --network "container:$RUN-net" \
    --env "LLM_DISABLE_CUSTOM_TOOLS=$disable" \
    --mount "type=bind,source=$WS,target=/workspace" \
    --mount "type=bind,source=$CONFIG,target=$CONFIG_IN" \
    ${LLM_BINARY:+--mount "type=bind,source=$LLM_BINARY,target=/usr/local/bin/llm,readonly"} \
    "$IMAGE" "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
}
# call ENABLED TOOL PATH: the model asks for probe_TOOL (or TOOL when it
# starts with mcp_) with {"path": PATH}.
call() {
  name=probe_$2
  case $2 in mcp_*) name=$2 ;; esac
  offered=$name
  [ "$1" = true ] || offered=llm_version
  llm_run "$1" -m "fake-toolcall-$name" -T "$offered" "{\"path\": \"$3\"}"
}
evidence() { printf 'status %s; stdout: %s; stderr: %s' "$1" "$(oneline <"$TMP/out")" "$(oneline <"$TMP/err")"; }
TOOL_RUNS=0
LANDLOCK_WARNINGS=0
# After a call: count it when the tool's output came back, and any Landlock warning.
note_run() {
  if grep -q '^tool results: ' "$TMP/out"; then TOOL_RUNS=$((TOOL_RUNS + 1)); fi
  if grep -q 'Landlock not applied' "$TMP/err"; then LANDLOCK_WARNINGS=$((LANDLOCK_WARNINGS + 1)); fi
}

# --- checks -------------------------------------------------------------------
llm_run false tools list
rc=$?
if [ $rc -eq 0 ] && ! grep -q probe_ "$TMP/out"; then
  pass tools-disabled-by-default "tools list without LLM_DISABLE_CUSTOM_TOOLS=false shows no probe_* tool"
else
  fail tools-disabled-by-default "$(evidence $rc)"
fi

llm_run true tools list
rc=$?
if [ $rc -eq 0 ] && grep -q 'probe_write(path: str) (plugin: llmbox.custom_tools)' "$TMP/out"; then
  pass tools-enabled-listed "tools list with LLM_DISABLE_CUSTOM_TOOLS=false shows probe_write (llmbox.custom_tools)"
else
  fail tools-enabled-listed "$(evidence $rc)"
fi

call true write /workspace/inside.txt
rc=$?
note_run
if [ $rc -eq 0 ] && grep -q 'wrote /workspace/inside.txt' "$TMP/out" &&
  [ "$(cat "$WS/inside.txt" 2>/dev/null)" = probe ]; then
  pass tool-runs-in-container "static tool wrote /workspace/inside.txt (host file holds 'probe'); $(oneline <"$TMP/out")"
else
  fail tool-runs-in-container "$(evidence $rc)"
fi

call true write "$CONFIG_IN/escaped"
rc=$?
note_run
if [ $rc -eq 0 ] && grep -q "cannot write $CONFIG_IN/escaped: Permission denied" "$TMP/out" &&
  [ ! -e "$CONFIG/escaped" ]; then
  pass write-outside-workspace-stopped "write to the config dir (uid 1000's own, writable without the sandbox) refused, no file on the host; $(oneline <"$TMP/out")"
else
  fail write-outside-workspace-stopped "$(evidence $rc); host file: $(find "$CONFIG" -name escaped | oneline)"
fi

call true read "$CONFIG_IN/keys.json"
rc=$?
note_run
if [ $rc -eq 0 ] && grep -q "cannot read $CONFIG_IN/keys.json: Permission denied" "$TMP/out" &&
  ! grep -q "$CANARY" "$TMP/out" "$TMP/err"; then
  pass keys-unreadable-by-tool "keys.json (readable by uid 1000) refused to the tool; $(oneline <"$TMP/out")"
else
  fail keys-unreadable-by-tool "$(evidence $rc)"
fi

call true status /
rc=$?
note_run
if [ $rc -eq 0 ] && grep -q 'no_new_privs=1 seccomp=2 socket=Operation not permitted' "$TMP/out"; then
  pass tool-seccomp-and-nnp "(tool in the config dir's tools/) $(oneline <"$TMP/out")"
else
  fail tool-seccomp-and-nnp "$(evidence $rc)"
fi

call false write /workspace/disabled.txt
rc=$?
if [ $rc -eq 0 ] && grep -q 'Error: tool \\"probe_write\\" does not exist' "$TMP/out" &&
  grep -q 'custom tools are disabled' "$TMP/err" && [ ! -e "$WS/disabled.txt" ]; then
  pass disabled-tool-not-run "model's call refused while disabled, no /workspace/disabled.txt; $(oneline <"$TMP/err")"
else
  fail disabled-tool-not-run "$(evidence $rc)"
fi

# --- an MCP server: the same binary as `tool_probe mcp`, beside the tools -------
printf 'mcp_server: probe\ncommand: [./tool_probe, mcp]\n' >"$CONFIG/tools/mcp_probe.yaml"
chown 1000:1000 "$CONFIG/tools/mcp_probe.yaml"
chmod 0644 "$CONFIG/tools/mcp_probe.yaml"
llm_run false tools list
disabled_rc=$?
disabled_out=$(oneline <"$TMP/out")
started_while_disabled=$(find "$WS" -name mcp-started)
llm_run true tools list
rc=$?
if grep -q "unknown key 'mcp_server'" "$TMP/err"; then
  skip mcp "the client in $IMAGE predates MCP servers (make build, or LLM_BINARY=build/bin/llm)"
  EXPECTED_RUNS=4
else
  EXPECTED_RUNS=6
  if [ $disabled_rc -eq 0 ] && [ -n "$disabled_out" ] &&
    ! printf '%s' "$disabled_out" | grep -q mcp_probe && [ -z "$started_while_disabled" ]; then
    pass mcp-disabled-not-started "tools list while disabled neither lists mcp_probe_write nor starts the server"
  else
    fail mcp-disabled-not-started "status $disabled_rc; stdout: $disabled_out; marker: $started_while_disabled"
  fi
  if [ $rc -eq 0 ] && grep -q 'mcp_probe_write(path: str) (plugin: llmbox.mcp.probe)' "$TMP/out" &&
    [ -e "$WS/mcp-started" ]; then
    pass mcp-listed "initialize + tools/list over stdio in the sandbox: mcp_probe_write (plugin: llmbox.mcp.probe)"
  else
    fail mcp-listed "$(evidence $rc)"
  fi

  call true mcp_probe_write /workspace/inside-mcp.txt
  rc=$?
  note_run
  if [ $rc -eq 0 ] && grep -q 'wrote /workspace/inside-mcp.txt' "$TMP/out" &&
    [ "$(cat "$WS/inside-mcp.txt" 2>/dev/null)" = probe ]; then
    pass mcp-tool-runs-in-container "static MCP server's tool wrote /workspace/inside-mcp.txt; $(oneline <"$TMP/out")"
  else
    fail mcp-tool-runs-in-container "$(evidence $rc)"
  fi

  call true mcp_probe_write "$CONFIG_IN/escaped-mcp"
  rc=$?
  note_run
  if [ $rc -eq 0 ] && grep -q "Error: cannot write $CONFIG_IN/escaped-mcp: Permission denied" "$TMP/out" &&
    [ ! -e "$CONFIG/escaped-mcp" ]; then
    pass mcp-write-outside-workspace-stopped "the MCP server's write to the config dir refused (isError), no file on the host; $(oneline <"$TMP/out")"
  else
    fail mcp-write-outside-workspace-stopped "$(evidence $rc)"
  fi
fi

if [ "$TOOL_RUNS" -eq "$EXPECTED_RUNS" ] && [ "$LANDLOCK_WARNINGS" -eq 0 ]; then
  pass landlock-applied "$TOOL_RUNS tool runs, none warned 'Landlock not applied' (deploy/seccomp.json lets landlock_* through)"
else
  fail landlock-applied "$TOOL_RUNS of $EXPECTED_RUNS tool runs answered; $LANDLOCK_WARNINGS warned that Landlock was not applied"
fi

printf '%s passed, %s failed\n' "$PASSES" "$FAILS"
[ "$FAILS" -eq 0 ]
