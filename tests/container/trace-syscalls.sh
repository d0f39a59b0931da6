#!/bin/sh
# Lists the system calls the container's programs make, and which of them
# deploy/seccomp.json does not allow. This is how the allowlist was derived;
# run it again when the client gains a feature.
#
#   tests/container/trace-syscalls.sh [LLM_BINARY]    (default build/bin/llm)
#
# Traced with strace -f, all on loopback:
#   - syscall_probe.cc: a static program linked like llm (libcurl, OpenSSL,
#     nghttp2, zlib, SQLite, threads): HTTP and HTTPS streams, a WAL and a
#     rollback-journal SQLite write;
#   - the real client: --version, healthcheck, a streamed prompt and
#     `logs -n 1` against tests/fake_provider (if it has those commands);
#   - docker-init (the container's pid 1) running the probe;
#   - busybox sh doing what a debug session does.
# Prints "name count" for every call seen, then the calls outside the profile.
# Exits 1 when a traced call is not allowed. Needs root-free strace, g++,
# openssl, python3 with python3-yaml, busybox, docker-init (docker.io).
set -eu

ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd -P)
LLM=${1:-$ROOT/build/bin/llm}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/llmbox-trace.XXXXXX")
SERVERS=
cleanup() {
  for p in $SERVERS; do kill "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

lib=/usr/lib/x86_64-linux-gnu
curl_prefix=$ROOT/.deps/curl
[ -f "$curl_prefix/lib/libcurl.a" ] || sh "$ROOT/scripts/build-curl.sh" "$curl_prefix"
g++ -std=c++20 -O2 -fPIE -static-pie -DCURL_STATICLIB -I"$curl_prefix/include" \
  "$ROOT/tests/container/syscall_probe.cc" -o "$TMP/probe" "$curl_prefix/lib/libcurl.a" \
  "$lib/libnghttp2.a" "$lib/libssl.a" "$lib/libcrypto.a" "$lib/libz.a" "$lib/libsqlite3.a" \
  -lpthread -ldl -lm 2>"$TMP/link.log" || { cat "$TMP/link.log" >&2; exit 1; }

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/key.pem" -out "$TMP/cert.pem" -days 1 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null
# Started in this shell (not in a $(...) subshell) so that cleanup knows the pids.
start_server() { # PORTFILE [--tls CERT KEY]
  pf=$1
  shift
  python3 "$ROOT/tests/fake_provider/server.py" --port-file "$pf" "$@" >/dev/null 2>&1 &
  SERVERS="$SERVERS $!"
  i=0
  while [ ! -s "$pf" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
}
start_server "$TMP/port"
start_server "$TMP/tls_port" --tls "$TMP/cert.pem" "$TMP/key.pem"
port=$(cat "$TMP/port")
tls_port=$(cat "$TMP/tls_port")
body_url=http://localhost:$port/v1/chat/completions

n=0
trace() {
  n=$((n + 1))
  strace -f -qq -o "$TMP/trace.$n" "$@" >/dev/null 2>&1 || true
}
trace "$TMP/probe" "$body_url" "$TMP/cert.pem" "$TMP/db1.sqlite"
trace "$TMP/probe" "https://localhost:$tls_port/v1/chat/completions" "$TMP/cert.pem" "$TMP/db2.sqlite"
trace /usr/bin/docker-init -- "$TMP/probe" "$body_url" "$TMP/cert.pem" "$TMP/db3.sqlite"
# shellcheck disable=SC2016 # the script is busybox's
trace busybox sh -c 'id; ls -la / >/dev/null; cd /tmp; echo x >"$1/f"; cat "$1/f"; rm "$1/f";
  mkdir "$1/d"; rmdir "$1/d"; sleep 0.1; ps >/dev/null; env | wc -l; ulimit -a >/dev/null;
  dd if=/dev/zero of=/dev/null bs=1M count=2 2>/dev/null; find "$1" -name x; true & wait' sh "$TMP"

if [ -x "$LLM" ]; then
  export LLM_USER_PATH="$TMP/config" HOME="$TMP" OPENAI_API_KEY=sk-trace \
    OPENAI_BASE_URL="http://127.0.0.1:$port/v1" SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
  mkdir -p "$LLM_USER_PATH"
  printf '[{"model_id": "fake-slow-5", "model_name": "fake-slow-5", "api_base": "%s", "api_key_name": "openai"}]\n' \
    "$OPENAI_BASE_URL" >"$LLM_USER_PATH/extra-openai-models.yaml"
  trace "$LLM" --version
  trace "$LLM" healthcheck
  trace "$LLM" -m fake-slow-5 "say hello"
  trace "$LLM" logs -n 1
else
  echo "# $LLM not built: client calls not traced" >&2
fi

cat "$TMP"/trace.* | sed -n 's/^[0-9]\{1,\} \{1,\}\([a-z0-9_]\{1,\}\)(.*/\1/p' | sort | uniq -c |
  awk '{print $2, $1}' >"$TMP/seen"
cat "$TMP/seen"
python3 - "$ROOT/deploy/seccomp.json" "$TMP/seen" <<'EOF'
import json, sys
profile = json.load(open(sys.argv[1]))
allowed = {n for rule in profile["syscalls"] if rule["action"] == "SCMP_ACT_ALLOW" for n in rule["names"]}
seen = [line.split()[0] for line in open(sys.argv[2])]
# clone3 gets ENOSYS on purpose (glibc falls back to clone, whose flags are checked).
missing = [s for s in seen if s not in allowed and s != "clone3"]
print("# not in deploy/seccomp.json:", " ".join(missing) or "none")
sys.exit(1 if missing else 0)
EOF
