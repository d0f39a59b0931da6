#!/bin/sh
# Security self-test of the llmbox container stack, against the real Docker
# engine (`make verify`). Every check prints one line:
#   PASS <check>: <evidence>     FAIL <check>: <evidence>
# (SKIP <check>: <reason> when the client does not have the feature yet.)
# Exits 1 when any check fails.
#
# The containers under test are started the way a user starts them: through
# bin/llm, bin/llm-interactive and compose.yaml, with a private .env, config
# volume, workspace and prompt directory. Process properties are read from the
# host in /proc/<pid>/status; limits from the host's cgroup files. Network
# traffic stays on this host: the fake provider (tests/fake_provider) listens
# on the loopback interface inside a network namespace of a container this
# test starts, and the prompt container joins that namespace.
#
# Needs: root (to read /proc/<pid> of other users' processes and the cgroup
# tree), docker, docker-compose or the compose plugin, python3 with
# python3-yaml, nsenter, readelf. Images: $IMAGE and $DEBUG_IMAGE (make build).

# Single-quoted scripts below run in the container's shell, not this one.
# shellcheck disable=SC2016
set -u

ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd -P)
IMAGE=${IMAGE:-llmbox:latest}
DEBUG_IMAGE=${DEBUG_IMAGE:-llmbox:debug}
RUN=llmbox-verify-$$
TMP=$(mktemp -d "${TMPDIR:-/tmp}/llmbox-verify.XXXXXX")
FAILS=0
PASSES=0

pass() { PASSES=$((PASSES + 1)); printf 'PASS %s: %s\n' "$1" "$2"; }
fail() { FAILS=$((FAILS + 1)); printf 'FAIL %s: %s\n' "$1" "$2"; }
skip() { printf 'SKIP %s: %s\n' "$1" "$2"; }
# check NAME EVIDENCE COMMAND...: PASS when COMMAND succeeds.
check() {
  name=$1
  evidence=$2
  shift 2
  if "$@"; then pass "$name" "$evidence"; else fail "$name" "$evidence"; fi
}
oneline() { tr '\n' ' ' | sed 's/  */ /g; s/ $//' | cut -c1-300; }

cleanup() {
  ids=$(docker ps -aq --filter "label=io.llmbox.verify=$RUN")
  # shellcheck disable=SC2086 # one id per word
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1
  [ -z "${SERVER_PID:-}" ] || kill "$SERVER_PID" 2>/dev/null
  docker rm -f "$RUN-gate" >/dev/null 2>&1
  docker volume rm -f "$RUN-config" "$RUN-sock" >/dev/null 2>&1
  docker image rm -f "$RUN-canary:latest" >/dev/null 2>&1
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$(id -u)" -ne 0 ]; then
  echo "verify.sh: run as root (it reads /proc/<pid>/status of container processes)" >&2
  exit 2
fi
GATE_IMAGE=${GATE_IMAGE:-llmbox-gate:latest}
for img in "$IMAGE" "$DEBUG_IMAGE" "$GATE_IMAGE"; do
  docker image inspect "$img" >/dev/null 2>&1 || { echo "verify.sh: no image $img; run make build" >&2; exit 2; }
done

# --- the private environment every wrapper run below uses -------------------
WS=$TMP/workspace
PROMPTS=$TMP/prompts
mkdir -p "$WS" "$PROMPTS"
echo "a trusted prompt" >"$PROMPTS/trusted.txt"
chmod 0755 "$TMP" "$PROMPTS"
chmod 0644 "$PROMPTS/trusted.txt"
# As root, the wrappers run the container as 1000:1000.
CUID=1000
CGID=1000
chown "$CUID:$CGID" "$WS"
CANARY="sk-llmbox-canary-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
ENV_FILE=$TMP/env
printf 'OPENAI_API_KEY=%s\nLLM_DISABLE_CUSTOM_TOOLS=true\n' "$CANARY" >"$ENV_FILE"
chmod 0600 "$ENV_FILE"
export LLMBOX_HOME="$ROOT" LLMBOX_ENV_FILE="$ENV_FILE" LLMBOX_CONFIG_VOLUME="$RUN-config" \
  LLMBOX_PROMPTS="$PROMPTS" LLMBOX_RUN_LABEL="io.llmbox.verify=$RUN" \
  LLMBOX_IMAGE="$IMAGE" LLMBOX_DEBUG_IMAGE="$DEBUG_IMAGE" COMPOSE_PROJECT_NAME="$RUN"

# --- the provider the stack talks to: a fake, behind compose.yaml's gate -------
# shellcheck source=tests/container/fake_stack.sh
. "$ROOT/tests/container/fake_stack.sh"
fake_stack_start "io.llmbox.verify=$RUN"

llm() { (cd "$WS" && "$ROOT/bin/llm" "$@"); }
shell() { (cd "$WS" && "$ROOT/bin/llm-interactive" --shell -c "$1" </dev/null); }

# Waits for a container of this run with label io.llmbox.mode=$1 to be
# running; prints its id.
wait_container() {
  i=0
  while [ $i -lt 100 ]; do
    id=$(docker ps -q --filter "label=io.llmbox.verify=$RUN" --filter "label=io.llmbox.mode=$1" | head -n 1)
    if [ -n "$id" ]; then echo "$id"; return 0; fi
    i=$((i + 1))
    sleep 0.1
  done
  return 1
}
# The host pid of the container's main process (the child of docker-init).
main_pid() {
  init=$(docker inspect -f '{{.State.Pid}}' "$1")
  i=0
  while [ $i -lt 50 ]; do
    child=$(awk '{print $1}' "/proc/$init/task/$init/children" 2>/dev/null)
    if [ -n "$child" ]; then echo "$child"; return 0; fi
    i=$((i + 1))
    sleep 0.1
  done
  return 1
}
status_field() { awk -v k="$2:" '$1 == k {$1=""; sub(/^ /, ""); print}' "/proc/$1/status"; }
cgroup_dir() { # PID CONTROLLER -> host directory of that controller's cgroup
  v1=$(awk -F: -v c="$2" '{n=split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3}' "/proc/$1/cgroup")
  if [ -n "$v1" ]; then
    for d in /sys/fs/cgroup/"$2" /sys/fs/cgroup/cpu,cpuacct /sys/fs/cgroup/cpuacct,cpu; do
      [ -d "$d$v1" ] && { echo "$d$v1"; return; }
    done
  fi
  echo "/sys/fs/cgroup$(awk -F: '$1 == "0" {print $3}' "/proc/$1/cgroup")"
}

# Checks the process properties of a running container's main process.
# check_process PATH-NAME PID
check_process() {
  p=$2
  uid=$(status_field "$p" Uid)
  gid=$(status_field "$p" Gid)
  check "$1 uid/gid 1000" "$(cat "/proc/$p/comm") pid $p Uid: $uid Gid: $gid" \
    test "$(printf '%s %s' "$uid" "$gid" | tr -s ' \t' '\n' | sort -u | tr '\n' ' ')" = "1000 "
  for f in CapEff CapPrm CapBnd CapInh CapAmb; do
    v=$(status_field "$p" $f)
    check "$1 $f zero" "$f: $v" test "$v" = 0000000000000000
  done
  v=$(status_field "$p" NoNewPrivs)
  check "$1 NoNewPrivs" "NoNewPrivs: $v" test "$v" = 1
  v=$(status_field "$p" Seccomp)
  check "$1 seccomp filter" "Seccomp: $v (2 = filter mode), Seccomp_filters: $(status_field "$p" Seccomp_filters)" test "$v" = 2
}

# Is the inspect output's seccomp option exactly deploy/seccomp.json?
seccomp_is_project_profile() {
  docker inspect -f '{{json .HostConfig.SecurityOpt}}' "$1" >"$TMP/secopt.json"
  python3 - "$TMP/secopt.json" "$ROOT/deploy/seccomp.json" <<'EOF'
import json, sys
opts = json.load(open(sys.argv[1]))
want = json.load(open(sys.argv[2]))
got = [json.loads(o.split("=", 1)[1]) for o in opts if o.startswith("seccomp=")]
sys.exit(0 if got == [want] else 1)
EOF
}

# The hardening settings of a container, normalized for comparison.
hardening() {
  docker inspect "$1" | python3 -c '
import json, sys
c = json.load(sys.stdin)[0]
h = c["HostConfig"]
opts = sorted("seccomp=<%d syscall rules>" % len(json.loads(o[8:])["syscalls"]) if o.startswith("seccomp=") else o
              for o in h["SecurityOpt"] or [])
print("user=%s groups=%s network=%s read_only=%s cap_drop=%s cap_add=%s privileged=%s security_opt=%s "
      "memory=%s swap=%s nano_cpus=%s pids=%s init=%s ulimits=%s tmpfs=%s" % (
    c["Config"]["User"], h["GroupAdd"], h["NetworkMode"], h["ReadonlyRootfs"], h["CapDrop"], h["CapAdd"],
    h["Privileged"], opts,
    h["Memory"], h["MemorySwap"], h["NanoCpus"], h["PidsLimit"], h["Init"],
    sorted("%s=%s:%s" % (u["Name"], u["Soft"], u["Hard"]) for u in h["Ulimits"] or []), h["Tmpfs"]))'
}

echo "# llmbox security self-test: $IMAGE, $DEBUG_IMAGE; docker $(docker version -f '{{.Server.Version}}' 2>/dev/null)"

# === 1. the image ===========================================================
cfg() { docker image inspect -f "$1" "$IMAGE"; }
check "image user" "Config.User=$(cfg '{{.Config.User}}')" test "$(cfg '{{.Config.User}}')" = 1000:1000
env_list=$(cfg '{{range .Config.Env}}{{println .}}{{end}}')
for kv in LLM_USER_PATH=/home/llmuser/.config/llm LLM_DISABLE_CUSTOM_TOOLS=true \
  LLM_WORKSPACE=/workspace LLM_PROMPTS_PATH=/prompts SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt; do
  check "image env ${kv%%=*}" "$kv" sh -c 'printf "%s\n" "$1" | grep -qxF "$2"' _ "$env_list" "$kv"
done
hc=$(cfg '{{json .Config.Healthcheck.Test}}')
check "image healthcheck exec form" "Healthcheck.Test=$hc" test "$hc" = '["CMD","/usr/local/bin/llm","healthcheck"]'
ep=$(cfg '{{json .Config.Entrypoint}}')
check "image entrypoint" "Entrypoint=$ep" test "$ep" = '["/usr/local/bin/llm"]'
for l in source version revision; do
  v=$(cfg "{{index .Config.Labels \"org.opencontainers.image.$l\"}}")
  check "image label $l" "org.opencontainers.image.$l=$v" test -n "$v"
done

cid=$(docker create "$IMAGE")
docker export "$cid" >"$TMP/rootfs.tar"
docker rm "$cid" >/dev/null
tar --numeric-owner -tvf "$TMP/rootfs.tar" >"$TMP/rootfs.list"
mkdir -p "$TMP/rootfs" && tar -xf "$TMP/rootfs.tar" -C "$TMP/rootfs" etc/passwd etc/group usr/local/bin/llm
# Files Docker itself adds to every container (.dockerenv, etc/hosts, ...) aside,
# the image holds exactly these files.
# Terminal descriptions (lib/terminfo) are data, counted apart; none may be
# executable, nor may anything but the client.
files=$(tar -tf "$TMP/rootfs.tar" | grep -v '/$' |
  grep -vxE '\.dockerenv|etc/(hostname|hosts|resolv\.conf|mtab)|dev/.*|proc/.*|sys/.*' |
  grep -vxE 'lib/terminfo/[a-z]/[a-z0-9.+-]+' | sort | oneline)
terminfo=$(grep -cE ' lib/terminfo/[a-z]/' "$TMP/rootfs.list")
execs=$(awk '$1 ~ /^-/ && $1 ~ /x/ {print $NF}' "$TMP/rootfs.list" |
  grep -vxE '\.dockerenv|etc/(hostname|hosts|resolv\.conf|mtab)|dev/.*' | oneline)
check "image files" "non-directory entries besides Docker's own: $files + $terminfo terminfo entries; executable: $execs" \
  sh -c 'test "$1" = "etc/group etc/passwd etc/ssl/certs/ca-certificates.crt usr/lib/locale/C.utf8/LC_CTYPE usr/local/bin/llm" &&
    test "$2" = usr/local/bin/llm' _ "$files" "$execs"
shells=$(grep -E '(^|/)(sh|bash|dash|ash|zsh|busybox|toybox|python[0-9.]*|perl)$' "$TMP/rootfs.list" | oneline)
check "image no shell" "no sh/bash/busybox/interpreter in $(wc -l <"$TMP/rootfs.list") entries${shells:+; found: $shells}" test -z "$shells"
pkgs=$(grep -E '(^|/)(apt|apt-get|dpkg|apk|rpm|yum|dnf|pip[0-9.]*)$|var/lib/(dpkg|apt)' "$TMP/rootfs.list" | oneline)
check "image no package manager" "no apt/dpkg/apk/rpm/pip${pkgs:+; found: $pkgs}" test -z "$pkgs"
suid=$(awk '$1 ~ /^[^d].*[sS]/ {print $1, $NF}' "$TMP/rootfs.list" | oneline)
check "image no setuid/setgid file" "modes of all entries checked${suid:+; found: $suid}" test -z "$suid"
pw=$(grep '^llmuser:' "$TMP/rootfs/etc/passwd")
check "llmuser shell is nologin" "/etc/passwd: $pw" test "$pw" = "llmuser:x:1000:1000:llmbox:/home/llmuser:/usr/sbin/nologin"
shells=$(awk -F: '$7 != "/usr/sbin/nologin" {print $1 ":" $7}' "$TMP/rootfs/etc/passwd" | oneline)
check "no account has a login shell" "accounts: $(cut -d: -f1,7 "$TMP/rootfs/etc/passwd" | oneline)" test -z "$shells"
own=$(awk '$NF == "home/llmuser/.config/llm/" {print $2}' "$TMP/rootfs.list")
check "config dir owned by 1000:1000" "home/llmuser/.config/llm/ owner $own" test "$own" = 1000/1000
interp=$(readelf -l "$TMP/rootfs/usr/local/bin/llm" 2>&1 | grep -c INTERP)
check "binary fully static" "usr/local/bin/llm: $(readelf -h "$TMP/rootfs/usr/local/bin/llm" | awk '/Type:/ {print $2}'), PT_INTERP headers: $interp" test "$interp" = 0

# === 2. the shell path (llmbox:debug, same hardening) =======================
shell 'sleep 60' >/dev/null 2>&1 &
SHELL_JOB=$!
SHELL_CID=$(wait_container shell) || SHELL_CID=
if [ -z "$SHELL_CID" ]; then
  fail "shell path starts" "no container from bin/llm-interactive --shell"
else
  pid=$(main_pid "$SHELL_CID")
  check_process "shell path" "$pid"
  check "seccomp is the project profile" "HostConfig.SecurityOpt seccomp= equals deploy/seccomp.json" \
    seccomp_is_project_profile "$SHELL_CID"
  net=$(docker inspect -f '{{.HostConfig.NetworkMode}}' "$SHELL_CID")
  ifaces=$(sed -n 's/^ *\([a-z0-9]*\):.*/\1/p' "/proc/$pid/net/dev" | oneline)
  check "no network: only lo" "NetworkMode $net; interfaces in /proc/$pid/net/dev: $ifaces" test "$net $ifaces" = "none lo"
  cg=$(cgroup_dir "$pid" cpu)
  if [ -f "$cg/cpu.cfs_quota_us" ]; then
    q=$(cat "$cg/cpu.cfs_quota_us"); per=$(cat "$cg/cpu.cfs_period_us")
  else
    read -r q per <"$cg/cpu.max"
  fi
  check "cpu quota 0.5" "$cg: quota $q us per $per us = $(awk -v q="$q" -v p="$per" 'BEGIN {print q / p}') CPU" \
    test "$((q * 2))" = "$per"
  cg=$(cgroup_dir "$pid" memory)
  mem=$(cat "$cg/memory.limit_in_bytes" 2>/dev/null || cat "$cg/memory.max")
  check "memory limit 1g" "$cg: limit $mem bytes" test "$mem" = 1073741824
  cg=$(cgroup_dir "$pid" pids)
  pmax=$(cat "$cg/pids.max")
  check "pids limit" "$cg/pids.max: $pmax" test "$pmax" = 64
  lim=$(awk '/^Max open files/ {print "nofile=" $4 "/" $5} /^Max file size/ {print "fsize=" $4 "/" $5}
    /^Max core file size/ {print "core=" $5 "/" $6}' "/proc/$pid/limits" | sort | oneline)
  check "ulimits nofile, fsize, core" "/proc/$pid/limits: $lim" \
    test "$lim" = "core=0/0 fsize=1073741824/1073741824 nofile=1024/1024"
  docker rm -f "$SHELL_CID" >/dev/null 2>&1
fi
wait "$SHELL_JOB"

out=$(shell 'echo x >/probe; echo "rc=$?"' 2>&1 | oneline)
check "writing / fails" "sh: echo x >/probe -> $out" sh -c 'echo "$1" | grep -q "Read-only file system" && echo "$1" | grep -q "rc=1"' _ "$out"
out=$(shell 'mount | grep " /tmp "; echo x >/tmp/f && cp /bin/busybox /tmp/b && /tmp/b true; echo "rc=$?"' 2>&1 | oneline)
check "/tmp is noexec,nosuid,nodev tmpfs" "$out" sh -c 'for o in "tmpfs on /tmp type tmpfs" rw nosuid nodev noexec \
  "Permission denied" rc=126; do echo "$1" | grep -q "$o" || exit 1; done' _ "$out"
out=$(shell 'cat /prompts/trusted.txt; echo x >/prompts/new; echo "rc=$?"' 2>&1 | oneline)
check "/prompts read-only" "$out" sh -c 'echo "$1" | grep -q "a trusted prompt" && echo "$1" | grep -q "Read-only file system" &&
  echo "$1" | grep -q "rc=1"' _ "$out"
out=$(LLMBOX_PROMPTS="$TMP/no-such-dir" shell 'ls -ld /prompts; echo "rc=$?"' 2>&1 | oneline)
check "/prompts optional" "LLMBOX_PROMPTS missing: $out" sh -c 'echo "$1" | grep -q "rc=0"' _ "$out"
out=$(shell 'echo written >/workspace/from-container; echo "rc=$?"' 2>&1 | oneline)
owner=$(stat -c '%u:%g' "$WS/from-container" 2>/dev/null)
check "/workspace writable" "$out; host file owner $owner (root on the host maps to 1000:1000)" \
  test "$(cat "$WS/from-container" 2>/dev/null):$owner" = "written:$CUID:$CGID"
shell 'echo persisted >/home/llmuser/.config/llm/verify-marker' >/dev/null 2>&1
out=$(shell 'cat /home/llmuser/.config/llm/verify-marker' 2>&1 | oneline)
check "config volume writable and persists" "volume $RUN-config, second run read: $out" test "$out" = persisted
out=$(shell 'nc -l -p 8080 -w 1; echo "rc=$?"' 2>&1 | oneline)
check "seccomp denies listening sockets" "nc -l -p 8080: $out" sh -c 'echo "$1" | grep -q "Operation not permitted"' _ "$out"

# Memory: allocate more than the limit in one buffer (dd bs=1100M).
since=$(date +%s)
out=$(shell 'dd if=/dev/zero of=/dev/null bs=1100M count=1; echo "dd rc=$?"' 2>&1 | oneline)
# Events are delivered asynchronously: read them up to a second from now.
oom=$(docker events --since "$since" --until "$(($(date +%s) + 1))" --filter event=oom \
  --filter "label=io.llmbox.verify=$RUN" --format '{{.Action}}' | head -n 1)
avail=$(awk '/MemAvailable/ {printf "%d MB", $2 / 1024}' /proc/meminfo)
check "memory over the limit is killed" "dd bs=1100M: ${out:-killed}; docker event: ${oom:-none}; host MemAvailable $avail, docker answers: $(docker version -f '{{.Server.Version}}')" \
  sh -c 'test "$1" = oom && echo "$2" | grep -q "dd rc=137" && docker info >/dev/null' _ "$oom" "$out"

# PIDs: start background sleeps until fork fails (busybox sh then exits).
shell 'n=0; while [ $n -lt 200 ]; do sleep 30 & echo "forked $!"; n=$((n + 1)); done' >"$TMP/fork.out" 2>&1
started=$(grep -c '^forked' "$TMP/fork.out")
check "fork loop stops at the pid limit" "200 background sleeps tried, $started started (limit 64 with init and sh): $(grep -v '^forked' "$TMP/fork.out" | oneline)" \
  sh -c 'test "$1" -le 62 && test "$1" -ge 50' _ "$started"

# === 3. the prompt and chat paths (the real client) ========================
# The gate bin/llm started: compose.yaml's service, hardened, the only holder
# of the key, which reached the fake provider.
gate_check() {
  g=$RUN-gate
  svc=$(docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}} {{index .Config.Labels "com.docker.compose.project"}}' "$g" 2>/dev/null)
  check "bin/llm started compose.yaml's gate" "container $g: service, project: $svc" test "$svc" = "gate $RUN"
  hard=$(docker inspect -f 'user={{.Config.User}} ro={{.HostConfig.ReadonlyRootfs}} caps={{.HostConfig.CapDrop}} sec={{.HostConfig.SecurityOpt}} pids={{.HostConfig.PidsLimit}} net={{.HostConfig.NetworkMode}}' "$g")
  check "gate container is hardened" "$hard" test "$hard" = "user=1001:1001 ro=true caps=[ALL] sec=[no-new-privileges:true] pids=64 net=llm-network"
  keys=$(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$g" | grep -cxF "OPENAI_API_KEY=$CANARY")
  digest=$(printf '%s' "$CANARY" | sha256sum | cut -c1-16)
  seen=$(grep -c "sha256:$digest" "$TMP/provider.jsonl" 2>/dev/null)
  check "the key lives in the gate and reaches the provider" "gate env holds .env's key: $keys; provider requests with it: $seen" \
    sh -c 'test "$1" = 1 && test "$2" -ge 1' _ "$keys" "$seen"
  tok=$(stat -c '%a %u:%g' "$LLM_GATEWAY_TOKEN_HOST_FILE" 2>/dev/null)
  check "caller token made by bin/llm" "$LLM_GATEWAY_TOKEN_HOST_FILE: mode, owner: $tok" test "$tok" = "640 0:1001"
  allowed=$(docker logs "$g" 2>/dev/null | grep -c '"decision":"allow"')
  check "gate audit log records the prompt" "docker logs $g: $allowed allowed requests" test "$allowed" -ge 1
}
printf '%s\n' '[{"model_id": "fake-slow-30", "model_name": "fake-slow-30", "api_key_name": "openai"},' \
  ' {"model_id": "fake-slow-3", "model_name": "fake-slow-3", "api_key_name": "openai"}]' |
  (cd "$WS" && "$ROOT/bin/llm-interactive" --shell -c 'cat >/home/llmuser/.config/llm/extra-openai-models.yaml') >/dev/null 2>&1

if ! llm --help 2>/dev/null | grep -qiE '(^| )prompt'; then
  skip "prompt path" "the client has no prompt command yet"
elif [ -z "$PORT" ]; then
  fail "prompt path" "fake provider did not start: $(oneline <"$TMP/server.err")"
else
  leak=
  llm -m fake-slow-30 'say hello' >"$TMP/prompt.out" 2>"$TMP/prompt.err" &
  PROMPT_PID=$!
  if cid=$(wait_container prompt) && pid=$(main_pid "$cid"); then
    check "prompt path runs the client" "main process: $(tr '\0' ' ' <"/proc/$pid/cmdline")" \
      test "$(cat "/proc/$pid/comm")" = llm
    check_process "prompt path" "$pid"
    leak=
    docker inspect "$cid" | grep -qF "$CANARY" && leak="$leak docker-inspect"
    for p in $(docker inspect -f '{{.State.Pid}}' "$cid") "$pid"; do
      grep -qaF "$CANARY" "/proc/$p/environ" && leak="$leak /proc/$p/environ"
    done
    sleep 1
    cg=$(cgroup_dir "$pid" memory)
    peak=$(cat "$cg/memory.max_usage_in_bytes" 2>/dev/null || cat "$cg/memory.peak" 2>/dev/null)
    echo "# prompt container memory so far: $((peak / 1024)) KiB (cgroup peak)"
  else
    fail "prompt path" "no running prompt container"
  fi
  wait "$PROMPT_PID"
  rc=$?
  check "prompt path streams the answer" "exit $rc, output: $(head -c 80 "$TMP/prompt.out" | oneline) $(head -c 200 "$TMP/prompt.err" | oneline)" \
    sh -c 'test "$1" = 0 && grep -q "s0 s1" "$2"' _ "$rc" "$TMP/prompt.out"
  gate_check
  grep -qF "$CANARY" "$TMP/prompt.out" "$TMP/prompt.err" && leak="$leak stdout/stderr"
  shell 'cat /home/llmuser/.config/llm/* 2>/dev/null' 2>/dev/null | grep -qaF "$CANARY" && leak="$leak config-volume/logs.db"
  check "key absent from the client (inspect, /proc/*/environ, output, logs.db)" \
    "canary from .env searched in the prompt container; leaks:${leak:- none}" test -z "$leak"
  # Ctrl-C: SIGINT to the docker client (what a terminal sends it) stops the answer.
  llm -m fake-slow-30 'say hello' >"$TMP/int.out" 2>&1 &
  PROMPT_PID=$!
  if cid=$(wait_container prompt) && main_pid "$cid" >/dev/null; then
    sleep 1
    client=$(pgrep -P "$PROMPT_PID" -x docker | head -n 1)
    t0=$(date +%s)
    kill -INT "${client:-$PROMPT_PID}"
    wait "$PROMPT_PID"
    rc=$?
    took=$(($(date +%s) - t0))
    sleep 0.5
    left=$(docker ps -q --filter "id=$cid")
    check "Ctrl-C stops the answer" "SIGINT to docker run after 1 s of a 3 s answer: exit $rc after ${took}s, container ${left:+still running}${left:-removed}; printed: $(head -c 60 "$TMP/int.out" | oneline)" \
      sh -c 'test "$1" -ne 0 && test "$2" -le 2 && test -z "$3"' _ "$rc" "$took" "$left"
  else
    fail "Ctrl-C stops the answer" "no running prompt container"
  fi
  out=$(shell 'ls /home/llmuser/.config/llm/' 2>&1 | oneline)
  check "logs.db persists in the config volume" "config dir after the prompt: $out" sh -c 'echo "$1" | grep -q logs.db' _ "$out"
fi

if ! llm --help 2>/dev/null | grep -qE '^ +chat( |$)'; then
  skip "chat path" "the client has no chat command yet"
else
mkfifo "$TMP/chat.in"
(cd "$WS" && "$ROOT/bin/llm-interactive" -m fake-slow-30 \
  <"$TMP/chat.in" >"$TMP/chat.out" 2>&1) &
CHAT_PID=$!
exec 3>"$TMP/chat.in"
if cid=$(wait_container chat) && sleep 1 && docker ps -q --no-trunc | grep -q "^$cid" &&
  pid=$(main_pid "$cid") && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = llm ]; then
  check_process "chat path" "$pid"
else
  skip "chat path" "llm chat did not stay running: $(head -c 160 "$TMP/chat.out" | oneline)"
fi
exec 3>&-
wait "$CHAT_PID" 2>/dev/null
fi

# A real terminal: bin/llm-interactive in tmux. Text typed with non-ASCII
# letters, then the cursor moved to the start of the line (terminfo) and more
# typed there, must be what the model is sent and what the screen shows.
if ! command -v tmux >/dev/null 2>&1; then
  skip "chat on a terminal" "tmux is not installed"
else
  TX="llmbox-verify-$$"
  tmux -L "$TX" new-session -d -x 150 -y 30 \
    "cd '$WS' && '$ROOT/bin/llm-interactive' -m fake-slow-3; echo CHAT-EXIT=\$?; sleep 60"
  pane() { tmux -L "$TX" capture-pane -p -t 0 2>/dev/null; }
  until_pane() { i=0; while [ $i -lt 150 ]; do pane | grep -q "$1" && return 0; i=$((i + 1)); sleep 0.2; done; return 1; }
  if until_pane "Type 'exit'"; then
    tmux -L "$TX" send-keys -t 0 -l 'wörld ✓'
    tmux -L "$TX" send-keys -t 0 Home
    tmux -L "$TX" send-keys -t 0 -l 'héllo '
    tmux -L "$TX" send-keys -t 0 Enter
    until_pane 's2' || true
    tmux -L "$TX" send-keys -t 0 -l 'exit'
    tmux -L "$TX" send-keys -t 0 Enter
    until_pane 'CHAT-EXIT=' || true
  fi
  screen=$(pane)
  sent=$(python3 -c 'import json, sys
print(sum("héllo wörld ✓" in json.dumps(json.loads(l), ensure_ascii=False) for l in open(sys.argv[1])))' \
    "$TMP/provider.jsonl" 2>/dev/null)
  check "chat on a terminal: UTF-8 and line editing" \
    "screen: $(echo "$screen" | grep -v '^$' | oneline); provider got the edited line: $sent" \
    sh -c 'echo "$1" | grep -qF "> héllo wörld ✓" && echo "$1" | grep -q "s0 s1 s2" &&
      echo "$1" | grep -q "CHAT-EXIT=0" && test "$2" -ge 1' _ "$screen" "$sent"
  tmux -L "$TX" kill-server 2>/dev/null
fi

# === 4. health, and compose and the wrappers agree ===========================
out=$(docker run --rm --entrypoint /usr/local/bin/llm "$IMAGE" healthcheck 2>&1 | oneline)
if [ "$out" = ok ]; then
  out=$(docker run --rm -e SSL_CERT_FILE=/nonexistent "$IMAGE" healthcheck 2>&1; echo "rc=$?")
  check "healthcheck fails without CA bundle" "$(echo "$out" | oneline)" sh -c 'echo "$1" | grep -q "rc=1"' _ "$out"
  out=$(docker run --rm --read-only -v "$RUN-ro:/home/llmuser/.config/llm:ro" "$IMAGE" healthcheck 2>&1; echo "rc=$?")
  docker volume rm -f "$RUN-ro" >/dev/null 2>&1
  check "healthcheck fails with read-only config dir" "$(echo "$out" | oneline)" sh -c 'echo "$1" | grep -q "rc=1"' _ "$out"
else
  skip "healthcheck negative cases" "llm healthcheck printed: $out"
fi
(cd "$WS" && LLMBOX_USE_COMPOSE=1 LLM_HEALTH_INTERVAL=1s "$ROOT/bin/llm-interactive" --shell -c 'sleep 60' \
  </dev/null >"$TMP/compose.out" 2>&1) &
COMPOSE_PID=$!
i=0
health=
while [ $i -lt 60 ]; do
  cid=$(docker ps -q --filter "label=io.llmbox.verify=$RUN" --filter label=com.docker.compose.service=llm | head -n 1)
  [ -z "$cid" ] || health=$(docker inspect -f '{{.State.Health.Status}}' "$cid" 2>/dev/null)
  [ "$health" = healthy ] && break
  i=$((i + 1))
  sleep 1
done
if [ -n "$cid" ]; then
  log=$(docker inspect -f '{{with .State.Health}}{{range .Log}}{{.ExitCode}}:{{.Output}} {{end}}{{end}}' "$cid" | oneline)
  check "health status healthy" "compose container after ${i}s: $health; log: $log" test "$health" = healthy
  pid=$(main_pid "$cid")
  check_process "compose service" "$pid"
  check "compose uses the project seccomp profile" "HostConfig.SecurityOpt of the compose container" \
    seccomp_is_project_profile "$cid"
  # The wrapper's container and the compose service's: same hardening.
  shell 'sleep 60' >/dev/null 2>&1 &
  wcid=$(wait_container shell)
  a=$(hardening "$cid")
  b=$(hardening "$wcid")
  check "compose and bin/llm apply the same hardening" "compose: $a; wrapper: $b" test "$a" = "$b"
  docker rm -f "$cid" "$wcid" >/dev/null 2>&1
else
  fail "health status healthy" "no compose container: $(head -c 300 "$TMP/compose.out" | oneline)"
fi
wait "$COMPOSE_PID" 2>/dev/null

# Limits from .env (here the environment) reach both paths; pids_limit too,
# which compose.yaml cannot interpolate under Compose v1 (the wrapper writes an
# override file instead).
(cd "$WS" && LLM_PIDS_LIMIT=48 LLMBOX_USE_COMPOSE=1 "$ROOT/bin/llm-interactive" --shell -c 'sleep 60' \
  </dev/null >/dev/null 2>&1) &
(cd "$WS" && LLM_PIDS_LIMIT=48 "$ROOT/bin/llm-interactive" --shell -c 'sleep 60' </dev/null >/dev/null 2>&1) &
i=0
ccid=
wcid=
while [ $i -lt 150 ] && { [ -z "$ccid" ] || [ -z "$wcid" ]; }; do
  ccid=$(docker ps -q --filter "label=io.llmbox.verify=$RUN" --filter label=com.docker.compose.service=llm | head -n 1)
  wcid=$(docker ps -q --filter "label=io.llmbox.verify=$RUN" --filter label=io.llmbox.mode=shell | head -n 1)
  i=$((i + 1))
  sleep 0.2
done
lim=$(for c in $ccid $wcid; do docker inspect -f '{{.HostConfig.PidsLimit}}' "$c"; done | oneline)
check "LLM_PIDS_LIMIT reaches compose and bin/llm" "PidsLimit of the compose, wrapper container: $lim" test "$lim" = "48 48"
# shellcheck disable=SC2086 # ids, one a word
[ -z "$ccid$wcid" ] || docker rm -f $ccid $wcid >/dev/null 2>&1
rm -f "$ROOT/.llmbox-limits.yaml"

# === 5. the wrappers =========================================================
out=$( (cd "$WS" && "$ROOT/bin/llm-interactive" --shell -c 'printf "[%s]" "$@"' sh 'a b' '$HOME' "x
y" '"q" '"'"'s'"'"'' '' '*' </dev/null) 2>&1)
want='[a b][$HOME][x
y]["q" '"'"'s'"'"'][][*]'
check "wrapper passes arguments unchanged" "$(printf '%s' "$out" | oneline)" test "$out" = "$want"
out=$(printf 'line1\nline2\n' | (cd "$WS" && "$ROOT/bin/llm-interactive" --shell -c 'wc -l') 2>&1 | oneline)
check "wrapper pipes stdin" "printf 2 lines | sh -c 'wc -l' -> $out" test "$out" = 2
shell 'exit 7' >/dev/null 2>&1
rc=$?
check "wrapper propagates the exit status" "sh -c 'exit 7' -> $rc" test "$rc" = 7
chmod 0644 "$ENV_FILE"
out=$(shell true 2>&1 | oneline)
check "wrapper warns about a readable .env" "mode 0644: $out" sh -c 'echo "$1" | grep -q "readable by group or others"' _ "$out"
chmod 0600 "$ENV_FILE"
out=$(shell true 2>&1 | oneline)
check "no warning for a private .env" "mode 0600: ${out:-(nothing on stderr)}" test -z "$out"
# A non-root caller (uid 4242 in the docker group): the container runs as that
# uid, files it writes are the caller's, its own config volume is writable.
docker_gid=$(getent group docker | cut -d: -f3)
if [ -n "$docker_gid" ] && command -v setpriv >/dev/null 2>&1; then
  mkdir -p "$TMP/nonroot/ws" && chown -R 4242:4242 "$TMP/nonroot" && chmod 0755 "$TMP/nonroot"
  chmod 0644 "$ENV_FILE"  # the caller must be able to read the env file
  out=$( (cd "$TMP/nonroot/ws" && HOME="$TMP/nonroot" LLMBOX_CONFIG_VOLUME="$RUN-config-4242" \
    setpriv --reuid=4242 --regid=4242 --groups="$docker_gid" "$ROOT/bin/llm-interactive" --shell \
    -c 'id -u; echo hi >/workspace/mine; echo x >/home/llmuser/.config/llm/marker && /usr/local/bin/llm healthcheck' \
    </dev/null) 2>/dev/null | oneline)
  chmod 0600 "$ENV_FILE"
  docker volume rm -f "$RUN-config-4242" >/dev/null 2>&1
  owner=$(stat -c '%u:%g' "$TMP/nonroot/ws/mine" 2>/dev/null)
  check "non-root caller owns what the client writes" "uid 4242: container uid, healthcheck: $out; /workspace/mine owned by $owner on the host" \
    test "$out:$owner" = "4242 ok:4242:4242"
else
  skip "non-root caller owns what the client writes" "no docker group or no setpriv"
fi
out=$(LLMBOX_ENV_FILE="$TMP/no-such.env" shell 'echo "rc=$?"' 2>&1 | oneline)
check "wrapper works without .env" "docker run path: $out" test "$out" = rc=0
out=$(LLMBOX_ENV_FILE="$TMP/no-such.env" LLMBOX_USE_COMPOSE=1 shell 'echo "rc=$?"' 2>&1 | tail -n 1)
check "compose path works without .env" "compose run: $out" test "$out" = rc=0

# === 6. no key in the image ====================================================
# Build the image from a context that holds a .env and a secrets file with a
# canary key, then look for the canary in every layer, the config and history.
base=${BUILDER_IMAGE:-$(cd "$ROOT" && make -s --no-print-directory print-builder-base)}
# The context `make build` sent (or a new snapshot of the working tree), plus
# the canary files. A directory context, so .dockerignore applies.
if [ -d "$ROOT/build-docker/context" ]; then
  cp -a "$ROOT/build-docker/context" "$TMP/ctx"
else
  sh "$ROOT/scripts/docker-context.sh" "$TMP/ctx"
fi
printf 'OPENAI_API_KEY=%s\n' "$CANARY" >"$TMP/ctx/.env"
mkdir -p "$TMP/ctx/secrets" && printf '{"openai": "%s"}\n' "$CANARY" >"$TMP/ctx/secrets/keys.json"
# What the daemon receives: a throwaway image of the whole context.
printf 'FROM scratch\nCOPY . /context/\n' >"$TMP/context.Dockerfile"
if DOCKER_BUILDKIT=0 docker build -q --force-rm -f "$TMP/context.Dockerfile" -t "$RUN-context:latest" \
  "$TMP/ctx" >"$TMP/context-build.log" 2>&1; then
  docker save "$RUN-context:latest" | tar -xO --wildcards '*/layer.tar' | tar -t >"$TMP/context.list"
  docker image rm -f "$RUN-context:latest" >/dev/null 2>&1
  leaked=$(grep -E '^context/(\.env|secrets)' "$TMP/context.list" | oneline)
  check "build context excludes .env and secrets" "$(wc -l <"$TMP/context.list") entries sent to the daemon (CMakeLists.txt among them: $(grep -c '^context/CMakeLists.txt$' "$TMP/context.list"))${leaked:+; leaked: $leaked}" \
    sh -c 'test -z "$1" && grep -q "^context/CMakeLists.txt$" "$2"' _ "$leaked" "$TMP/context.list"
else
  fail "build context excludes .env and secrets" "$(tail -n 3 "$TMP/context-build.log" | oneline)"
fi
if DOCKER_BUILDKIT=0 docker build -q --force-rm --target runtime --build-arg BUILDER_IMAGE="$base" \
  -t "$RUN-canary:latest" "$TMP/ctx" >"$TMP/canary-build.log" 2>&1; then
  docker save "$RUN-canary:latest" "$IMAGE" -o "$TMP/images.tar"
  mkdir -p "$TMP/saved" && tar -xf "$TMP/images.tar" -C "$TMP/saved"
  layers=$(find "$TMP/saved" -name layer.tar | wc -l)
  found=$(grep -rlaF "$CANARY" "$TMP/saved" | oneline)
  hist=$(docker history --no-trunc "$RUN-canary:latest" "$IMAGE" 2>/dev/null | grep -cF "$CANARY")
  check "no key in layers, labels or history" "canary in .env and secrets/ of the build context; searched $layers layers, configs, manifests ($(du -sh "$TMP/saved" | cut -f1)), history: ${found:-not found}, history hits $hist" \
    test -z "$found" -a "$hist" = 0
else
  fail "no key in layers, labels or history" "canary build failed: $(tail -n 3 "$TMP/canary-build.log" | oneline)"
fi

# === 7. custom tools inside the container ====================================
# tests/container/tools_check.sh starts its own containers; its checks count here.
IMAGE=$IMAGE DEBUG_IMAGE=$DEBUG_IMAGE sh "$ROOT/tests/container/tools_check.sh" >"$TMP/tools.out" 2>&1
tools_rc=$?
grep -E '^(PASS|FAIL|SKIP) ' "$TMP/tools.out" | sed -E 's/^(PASS|FAIL|SKIP) /\1 tools: /'
tools_pass=$(grep -c '^PASS ' "$TMP/tools.out")
tools_fail=$(grep -c '^FAIL ' "$TMP/tools.out")
PASSES=$((PASSES + tools_pass))
FAILS=$((FAILS + tools_fail))
if [ "$tools_rc" -ne 0 ] && [ "$tools_fail" -eq 0 ]; then
  fail "tools check" "tools_check.sh exited $tools_rc: $(tail -n 2 "$TMP/tools.out" | oneline)"
fi

echo "# $PASSES passed, $FAILS failed"
[ "$FAILS" -eq 0 ]
