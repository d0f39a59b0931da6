#!/bin/sh
# Container test of llm-gate with the real images (issue 4's stack checks).
# Prints PASS/FAIL lines like tests/container/verify.sh and exits 1 on any FAIL.
#
#   tests/gate/stack_test.sh        (as root; images llmbox:latest, llmbox:debug
#                                    and llmbox-gate:latest from `make build`)
#
# Layout, all started here and removed at the end (network traffic stays on
# this host): a holder container on an --internal network owns a network
# namespace; the fake provider (tests/fake_provider, --tls with a CA made now)
# listens on its loopback; the gate container joins that namespace, hardened
# as in deploy/compose.gate.yaml. The client container has --network none and
# reaches the gate only through the socket volume. A second container on the
# internal network is the forbidden destination; it counts every byte it gets.
# shellcheck disable=SC2016
set -u

ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd -P)
IMAGE=${IMAGE:-llmbox:latest}
DEBUG_IMAGE=${DEBUG_IMAGE:-llmbox:debug}
GATE_IMAGE=${GATE_IMAGE:-llmbox-gate:latest}
RUN=llmbox-gate-stack-$$
TMP=$(mktemp -d "${TMPDIR:-/tmp}/llmbox-gate-stack.XXXXXX")
FAILS=0
pass() { printf 'PASS %s: %s\n' "$1" "$2"; }
fail() { FAILS=$((FAILS + 1)); printf 'FAIL %s: %s\n' "$1" "$2"; }
check() { name=$1 evidence=$2; shift 2; if "$@"; then pass "$name" "$evidence"; else fail "$name" "$evidence"; fi; }
oneline() { tr '\n' ' ' | cut -c1-300; }

cleanup() {
  ids=$(docker ps -aq --filter "label=io.llmbox.gate-stack=$RUN")
  # shellcheck disable=SC2086
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1
  for p in ${BG_PIDS:-}; do kill "$p" 2>/dev/null; done
  docker volume rm -f "$RUN-sock" "$RUN-config" >/dev/null 2>&1
  docker network rm "$RUN-net" >/dev/null 2>&1
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
[ "$(id -u)" -eq 0 ] || { echo "stack_test.sh: run as root" >&2; exit 2; }
for img in "$IMAGE" "$DEBUG_IMAGE" "$GATE_IMAGE"; do
  docker image inspect "$img" >/dev/null 2>&1 || { echo "stack_test.sh: no image $img" >&2; exit 2; }
done

# --- secrets and certificates made for this run --------------------------------
CANARY="sk-llmbox-gate-canary-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
TOKEN=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
cd "$TMP" || exit 2
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
  -days 1 -subj /CN=stack-ca 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr \
  -subj /CN=upstream.test 2>/dev/null
echo "subjectAltName=DNS:upstream.test" >san.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 \
  -extfile san.ext 2>/dev/null
printf '%s\n' "$TOKEN" >token
chown 0:1001 token && chmod 0640 token
chmod 0644 ca.pem && chmod 0755 "$TMP"

# --- network, holder, fake provider, forbidden destination ---------------------
docker network create --internal "$RUN-net" >/dev/null
LABEL="io.llmbox.gate-stack=$RUN"
holder() {  # name: a container that only owns a network namespace
  docker run -d --rm --name "$1" --label "$LABEL" --network "$RUN-net" --user 1000:1000 \
    --cap-drop ALL --read-only --entrypoint /bin/sleep "$DEBUG_IMAGE" 900 >/dev/null
  docker inspect -f '{{.State.Pid}}' "$1"
}
netpid=$(holder "$RUN-holder")
nsenter -t "$netpid" -n python3 "$ROOT/tests/fake_provider/server.py" --host 127.0.0.1 \
  --port-file "$TMP/port" --tls server.pem server.key --expect-key "$CANARY" \
  --log "$TMP/provider.jsonl" >/dev/null 2>"$TMP/provider.err" &
BG_PIDS="$!"
forbidden_pid=$(holder "$RUN-forbidden")
FORBIDDEN_IP=$(docker inspect -f "{{(index .NetworkSettings.Networks \"$RUN-net\").IPAddress}}" "$RUN-forbidden")
nsenter -t "$forbidden_pid" -n python3 -c '
import socket, sys, threading
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 8080)); s.listen(16)
def count(c):
    n = 0
    while True:
        d = c.recv(65536)
        if not d: break
        n += len(d)
    open(sys.argv[1], "a").write("connection %d bytes\n" % n)
while True:
    c, _ = s.accept()
    threading.Thread(target=count, args=(c,), daemon=True).start()
' "$TMP/forbidden.log" 2>/dev/null &
BG_PIDS="$BG_PIDS $!"
i=0; while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
PORT=$(cat "$TMP/port" 2>/dev/null)
[ -n "$PORT" ] || { fail "fake provider" "did not start: $(oneline <"$TMP/provider.err")"; exit 1; }

# --- the gate, hardened as in deploy/compose.gate.yaml ---------------------------
cat >gate.json <<JSON
{
  "listen": {"unix": {"path": "/run/llm-gate/gate.sock", "mode": "0660"}},
  "caller_token": {"file": "/run/secrets/llm_gateway_token"},
  "providers": {"openai": {"upstream": "https://upstream.test:$PORT", "key": {"env": "OPENAI_API_KEY"}}},
  "hosts": {"upstream.test": ["127.0.0.1"], "private.test": ["10.1.2.3"], "forbidden.test": ["$FORBIDDEN_IP"]},
  "allow_hosts": ["private.test", "forbidden.test"],
  "allow_ports": [443, 8080],
  "tls": {"ca_file": "/etc/ssl/certs/ca-certificates.crt", "extra_ca_file": "/etc/llm-gate/test-ca.pem"},
  "audit": {"path": "-"}
}
JSON
chmod 0644 gate.json
docker run -d --name "$RUN-gate" --label "$LABEL" --network "container:$RUN-holder" \
  --user 1001:1001 --read-only --cap-drop ALL --security-opt no-new-privileges:true \
  --memory 256m --memory-swap 256m --cpus 1 --pids-limit 64 --ulimit nofile=8192:8192 --ulimit core=0:0 \
  --tmpfs /tmp:rw,noexec,nosuid,nodev,size=16m --init \
  -e OPENAI_API_KEY="$CANARY" \
  --mount "type=bind,source=$TMP/gate.json,target=/etc/llm-gate/gate.json,readonly" \
  --mount "type=bind,source=$TMP/ca.pem,target=/etc/llm-gate/test-ca.pem,readonly" \
  --mount "type=bind,source=$TMP/token,target=/run/secrets/llm_gateway_token,readonly" \
  --mount "type=volume,source=$RUN-sock,target=/run/llm-gate" \
  "$GATE_IMAGE" >/dev/null
SOCK_DIR=$(docker volume inspect -f '{{.Mountpoint}}' "$RUN-sock")
i=0; while [ ! -S "$SOCK_DIR/gate.sock" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
check "gate starts and listens on the socket volume" "$(docker logs "$RUN-gate" 2>&1 | head -n 2 | oneline)" \
  test -S "$SOCK_DIR/gate.sock"
sock_mode=$(stat -c '%a %u:%g' "$SOCK_DIR/gate.sock" 2>/dev/null)
check "socket is 0660 llmgate:llmgate" "$sock_mode" test "$sock_mode" = "660 1001:1001"
hard=$(docker inspect -f 'user={{.Config.User}} ro={{.HostConfig.ReadonlyRootfs}} caps={{.HostConfig.CapDrop}} sec={{.HostConfig.SecurityOpt}} mem={{.HostConfig.Memory}} pids={{.HostConfig.PidsLimit}}' "$RUN-gate")
check "gate container is hardened" "$hard" sh -c 'case "$1" in *"user=1001:1001 ro=true caps=[ALL] sec=[no-new-privileges:true] mem=268435456 pids=64"*) true ;; *) false ;; esac' _ "$hard"
gpid=$(docker inspect -f '{{.State.Pid}}' "$RUN-gate")
gate_main=$(pgrep -P "$gpid" | head -n 1)
status=$(grep -E '^(Uid|CapEff|NoNewPrivs)' "/proc/${gate_main:-$gpid}/status" | oneline)
check "gate process: uid 1001, no capabilities, no_new_privs" "$status" \
  sh -c 'echo "$1" | grep -q "Uid: 1001" && echo "$1" | grep -q "CapEff: 0000000000000000" && echo "$1" | grep -q "NoNewPrivs: 1"' _ "$(echo "$status" | tr -s '\t ' '  ')"
health=$(docker run --rm --label "$LABEL" --network none --user 1001:1001 --entrypoint /usr/local/bin/llm-gate \
  --mount "type=bind,source=$TMP/gate.json,target=/etc/llm-gate/gate.json,readonly" \
  --mount "type=volume,source=$RUN-sock,target=/run/llm-gate" "$GATE_IMAGE" --healthcheck --config /etc/llm-gate/gate.json 2>&1; echo "exit $?")
check "gate health check answers" "$(echo "$health" | oneline)" sh -c 'echo "$1" | grep -q "exit 0"' _ "$health"

# --- the client: no network, no key, only the socket --------------------------------
docker volume create "$RUN-config" >/dev/null
printf '[{"model_id": "fake-echo", "model_name": "fake-echo", "api_key_name": "openai"}, {"model_id": "fake-slow-10", "model_name": "fake-slow-10", "api_key_name": "openai"}]\n' >models.json
docker run --rm --label "$LABEL" --network none --user 1000:1000 --entrypoint /bin/sh \
  --mount "type=bind,source=$TMP/models.json,target=/in/models.json,readonly" \
  --mount "type=volume,source=$RUN-config,target=/home/llmuser/.config/llm" "$DEBUG_IMAGE" \
  -c 'cp /in/models.json /home/llmuser/.config/llm/extra-openai-models.yaml' >/dev/null 2>&1
client() {  # extra docker options..., then -- llm args
  opts=""
  while [ "$1" != -- ]; do opts="$opts $1"; shift; done; shift
  # shellcheck disable=SC2086
  docker run --rm --label "$LABEL" $opts --network none --user 1000:1000 --group-add 1001 \
    --read-only --cap-drop ALL --security-opt no-new-privileges:true \
    --security-opt "seccomp=$ROOT/deploy/seccomp.json" --tmpfs /tmp:rw,noexec,nosuid,nodev,size=16m \
    -e LLM_GATEWAY=/run/llm-gate/gate.sock -e LLM_GATEWAY_TOKEN_FILE=/run/secrets/llm_gateway_token \
    --mount "type=bind,source=$TMP/token,target=/run/secrets/llm_gateway_token,readonly" \
    --mount "type=volume,source=$RUN-sock,target=/run/llm-gate" \
    --mount "type=volume,source=$RUN-config,target=/home/llmuser/.config/llm" "$IMAGE" "$@"
}
client -- -m fake-echo 'hello through the gate' >prompt.out 2>prompt.err
rc=$?
check "prompt succeeds through the gate with the gate's key" "exit $rc, $(head -c 200 prompt.out | oneline) $(head -c 200 prompt.err | oneline)" \
  sh -c 'test "$1" = 0 && grep -q "\"auth\": *\"ok\"" prompt.out' _ "$rc"
# The client image has no shell; use the debug image with the same network mode.
ifaces=$(docker run --rm --label "$LABEL" --network none --entrypoint /bin/cat "$DEBUG_IMAGE" /proc/net/dev | sed -n 's/^ *\([a-z0-9]*\):.*/\1/p' | oneline)
check "client network namespace has only lo" "interfaces: $ifaces" test "$ifaces" = "lo "

# A streaming prompt, held open to read the client's /proc and docker inspect.
client --name "$RUN-client" -- -m fake-slow-10 'stream slowly' >stream.out 2>stream.err &
CLIENT_JOB=$!
i=0; while ! docker inspect "$RUN-client" >/dev/null 2>&1 && [ $i -lt 50 ]; do i=$((i + 1)); sleep 0.1; done
sleep 0.3
cpid=$(docker inspect -f '{{.State.Pid}}' "$RUN-client" 2>/dev/null)
leak=""
docker inspect "$RUN-client" 2>/dev/null | grep -q "$CANARY" && leak="$leak docker-inspect"
for p in $(pgrep -P "$cpid" 2>/dev/null) $cpid; do grep -qa "$CANARY" "/proc/$p/environ" 2>/dev/null && leak="$leak environ:$p"; done
wait "$CLIENT_JOB"
check "streamed prompt through the gate" "$(head -c 80 stream.out | oneline)" grep -q "s0 s1" stream.out
cat prompt.out prompt.err stream.out stream.err | grep -q "$CANARY" && leak="$leak stdout/stderr"
docker run --rm --label "$LABEL" --network none --user 1000:1000 --entrypoint /bin/sh \
  --mount "type=volume,source=$RUN-config,target=/c,readonly" "$DEBUG_IMAGE" -c 'cat /c/* 2>/dev/null' |
  grep -qa "$CANARY" && leak="$leak config-volume/logs.db"
check "key absent from the client (env, /proc/*/environ, inspect, logs.db, output)" "leaks:${leak:- none}" test -z "$leak"

# --- the forward proxy: forbidden destinations get nothing --------------------------
raw() { python3 - "$SOCK_DIR/gate.sock" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(5); s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
out = b""
try:
    while True:
        d = s.recv(65536)
        if not d: break
        out += d
except OSError:
    pass
print(out.split(b"\r\n")[0].decode(errors="replace"), [l for l in out.split(b"\r\n") if l.lower().startswith(b"x-llmbox")])
PY
}
AUTH="Proxy-Authorization: Bearer $TOKEN"
for target in "CONNECT $FORBIDDEN_IP:8080" "CONNECT forbidden.test:8080" "GET http://$FORBIDDEN_IP:8080/" \
  "GET http://forbidden.test:8080/x" "CONNECT private.test:443" "CONNECT forbidden.test:22"; do
  reply=$(raw "$target HTTP/1.1\\r\\nHost: x\\r\\n$AUTH\\r\\n\\r\\nhello")
  check "refused: $target" "$reply" sh -c 'echo "$1" | grep -q "HTTP/1.1 403"' _ "$reply"
done
reply=$(raw "GET /openai/v1/models HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
check "refused: provider route without the caller token" "$reply" sh -c 'echo "$1" | grep -q "HTTP/1.1 401"' _ "$reply"
sleep 0.5
got=$([ ! -f "$TMP/forbidden.log" ] || oneline <"$TMP/forbidden.log")
check "forbidden destination received zero bytes" "${got:-no connections}" test -z "$got"

# --- the audit log --------------------------------------------------------------------
docker logs "$RUN-gate" >audit.log 2>&1
check "audit log records decisions" "$(grep -c '"decision":"refuse"' audit.log) refusals, $(grep -c '"decision":"allow"' audit.log) allowed" \
  sh -c 'grep -q "\"reason\":\"ip-literal\"" audit.log && grep -q "\"reason\":\"address-private\"" audit.log && grep -q "\"route\":\"openai\".*\"status\":200" audit.log'
check "audit log never holds the key or the token" "$(wc -l <audit.log) lines" \
  sh -c '! grep -q "$1" audit.log && ! grep -q "$2" audit.log' _ "$CANARY" "$TOKEN"

echo "stack_test: $FAILS failed"
[ "$FAILS" -eq 0 ]
