#!/bin/sh
# Mode arguments are kept as one string per mode and split on purpose:
# shellcheck disable=SC2086
# llm-gate benchmark: the same local TLS upstream reached directly, through
# llm-gate (provider route, and CONNECT) and through squid (CONNECT, as an
# allowlisting proxy), one run side by side. Loopback only.
#
# usage: bench/gate_bench.sh [BUILD_DIR]      (default: build-gate; needs bin/llm-gate)
#        bench/gate_bench.sh --compare GATE_BIN...
#          route throughput only, the given llm-gate binaries and squid's tunnel
#          in turns, with each proxy's CPU seconds per stream (before/after a change)
# needs: g++, libboost-dev, libssl-dev, openssl, squid (Debian packages)
# env:   LAT_N (requests per latency run, 2000), TP_BYTES (bytes per throughput run, 512 MiB),
#        STREAMS (concurrent streams, 1000)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
compare=""
if [ "${1:-}" = --compare ]; then
  shift
  [ $# -gt 0 ] || { echo "gate_bench: --compare needs llm-gate binaries" >&2; exit 2; }
  for g in "$@"; do compare="$compare $(cd "$(dirname "$g")" && pwd)/$(basename "$g")"; done
  gate_bin=${compare# }; gate_bin=${gate_bin%% *}
else
  build=$(cd "${1:-$root/build-gate}" && pwd)
  gate_bin=$build/bin/llm-gate
fi
lat_n=${LAT_N:-2000}
tp_bytes=${TP_BYTES:-536870912}
streams=${STREAMS:-1000}
[ -x "$gate_bin" ] || { echo "gate_bench: no $gate_bin; build it first" >&2; exit 1; }
command -v squid >/dev/null || { echo "gate_bench: squid is not installed (apt-get install squid)" >&2; exit 1; }

work=$(mktemp -d /tmp/llmbox-gate-bench.XXXXXX)
chmod 0755 "$work"
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
# shellcheck disable=SC3045 # dash and bash both have ulimit -n
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
wait_for() { i=0; until eval "$1"; do i=$((i+1)); [ $i -lt 200 ] || { echo "gate_bench: timed out: $1" >&2; exit 1; }; sleep 0.05; done; }

# Throwaway CA and server certificate (never kept).
cd "$work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
  -days 1 -subj /CN=bench-ca 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr \
  -subj /CN=upstream.test 2>/dev/null
echo "subjectAltName=DNS:upstream.test,IP:127.0.0.1" >san.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 \
  -extfile san.ext 2>/dev/null

echo "building the bench tool..." >&2
g++ -std=c++20 -O2 -DBOOST_BEAST_USE_STD_STRING_VIEW -o tool "$root/bench/gate_bench_tool.cc" -lssl -lcrypto -lpthread

up_port=$(free_port)
./tool upstream "$up_port" server.pem server.key & pids="$pids $!"

token=$(openssl rand -hex 24)
echo "$token" >token
echo "sk-bench-not-a-real-key-0000000000" >openai.key
cat >gate.json <<JSON
{
  "listen": {"unix": {"path": "$work/gate.sock", "mode": "0600"}},
  "caller_token": {"file": "$work/token"},
  "providers": {"openai": {"upstream": "https://upstream.test:$up_port", "key": {"file": "$work/openai.key"}}},
  "hosts": {"upstream.test": ["127.0.0.1"]},
  "allow_hosts": ["upstream.test"],
  "allow_ports": [$up_port],
  "allow_addresses": ["127.0.0.1/32"],
  "tls": {"ca_file": "", "extra_ca_file": "$work/ca.pem"},
  "limits": {"max_connections": 8192, "max_concurrent_requests": 8192, "requests_per_minute": 0},
  "audit": {"path": "$work/audit.jsonl"}
}
JSON
start_gate() {
  "$gate_bin" --config gate.json 2>>gate.stderr & gate_pid=$!; pids="$pids $gate_pid"
  wait_for "python3 -c 'import socket; s=socket.socket(socket.AF_UNIX); s.connect(\"$work/gate.sock\")' 2>/dev/null"
}
stop_gate() { kill "$gate_pid"; wait "$gate_pid" 2>/dev/null || true; }
start_gate

sq_port=$(free_port)
echo "127.0.0.1 upstream.test" >hosts
cat >squid.conf <<CONF
http_port 127.0.0.1:$sq_port
pid_filename $work/squid.pid
cache_log $work/squid-cache.log
access_log stdio:$work/squid-access.log
coredump_dir $work
cache deny all
hosts_file $work/hosts
acl allowed dstdomain upstream.test
acl bench_port port $up_port
http_access allow CONNECT allowed bench_port
http_access deny all
max_filedescriptors 65536
shutdown_lifetime 1 seconds
CONF
chown proxy "$work" 2>/dev/null || true
start_squid() {
  squid -N -f squid.conf 2>>squid.stderr & squid_pid=$!; pids="$pids $squid_pid"
  wait_for "python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", $sq_port), 1)' 2>/dev/null"
}
stop_squid() { kill "$squid_pid"; wait "$squid_pid" 2>/dev/null || true; }
start_squid

wait_for "python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", $up_port), 1)' 2>/dev/null"
sleep 0.5

direct="direct ca.pem $up_port"
route="route $work/gate.sock $token"
connect="connect $work/gate.sock $token ca.pem $up_port"
squidm="squid $sq_port ca.pem $up_port"

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

if [ -n "$compare" ]; then
  # One gate per binary, each on its own socket; rounds taken in turns.
  cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
  k=0; gate_pids=""
  for g in $compare; do
    k=$((k + 1))
    sed "s|$work/gate.sock|$work/g$k.sock|; s|$work/audit.jsonl|$work/a$k.jsonl|" gate.json >g$k.json
    echo "gate $k: $g" >&2
    "$g" --config g$k.json 2>>gate.stderr & gate_pids="$gate_pids $!"; pids="$pids $!"
    wait_for "python3 -c 'import socket; s=socket.socket(socket.AF_UNIX); s.connect(\"$work/g$k.sock\")' 2>/dev/null"
  done
  run() {  # label pid mode-args...
    label=$1; pid=$2; shift 2
    before=$(cpu_s "$pid"); out=$(./tool throughput "$tp_bytes" "$@"); after=$(cpu_s "$pid")
    echo "| $label | $(echo "$out" | field throughput_MBps) | $(echo "$before $after" | awk '{printf "%.2f", $2 - $1}') |"
  }
  echo "| way | MB/s | proxy CPU s per $((tp_bytes / 1048576)) MiB |"
  echo "|---|---|---|"
  for _ in 1 2 3; do
    k=0
    for g in $compare; do
      k=$((k + 1)); pid=$(echo $gate_pids | cut -d' ' -f$k)
      run "llm-gate route, gate $k" "$pid" route "$work/g$k.sock" "$token"
    done
    run "squid CONNECT" "$squid_pid" $squidm
  done
  echo
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi

echo "| measurement | direct | llm-gate route | llm-gate CONNECT | squid CONNECT |"
echo "|---|---|---|---|---|"
# Latency: all four in turns, so load from elsewhere on the machine hits each alike.
./tool latency-mix "$lat_n" $direct -- $route -- $connect -- $squidm >latency.out
lat() { sed -n "s/^$1 p50=\([0-9]*\) p90=[0-9]* p99=\([0-9]*\)/\1 \/ \2/p" latency.out; }
echo "| p50 / p99 latency, new connection per request (us) | $(lat direct) | $(lat route) | $(lat connect) | $(lat squid) |"
p99() { sed -n "s/^$1 .*p99=\([0-9]*\)/\1/p" latency.out; }
added_route=$(( $(p99 route) - $(p99 direct) )); added_squid=$(( $(p99 squid) - $(p99 direct) ))
# Throughput: three rounds in turns; the median of each.
for _ in 1 2 3; do
  for m in "$direct" "$route" "$connect" "$squidm"; do
    echo "${m%% *} $(./tool throughput "$tp_bytes" $m | field throughput_MBps)"
  done
done >throughput.out
median() { awk -v m="$1" '$1 == m {print $2}' throughput.out | sort -n | sed -n 2p; }
echo "| streamed throughput, one stream, median of 3 (MB/s) | $(median direct) | $(median route) | $(median connect) | $(median squid) |"

# RSS of a freshly started proxy while $streams streams are open (the
# upstream sends one 200-byte event every 0.5 s on each).
measure_streams() {  # pid mode-args...
  pid=$1; shift
  base=$(rss_kb "$pid")
  ./tool streams "$streams" "$@" >streams.out 2>streams.err & tool_pid=$!
  wait_for "grep -q ready streams.out || ! kill -0 $tool_pid 2>/dev/null"
  peak=0
  for _ in 1 2 3 4 5; do r=$(rss_kb "$pid"); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.3; done
  wait $tool_pid || true
  failed=$(field failed <streams.out)
  echo "$((peak / 1024)) MB (idle $((base / 1024)) MB; ${failed:-?} failed)"
}
stop_gate; start_gate; rss_route=$(measure_streams $gate_pid $route)
stop_gate; start_gate; rss_connect=$(measure_streams $gate_pid $connect)
stop_squid; start_squid; rss_squid=$(measure_streams $squid_pid $squidm)
echo "| RSS of the proxy with $streams concurrent streams | - | $rss_route | $rss_connect | $rss_squid |"
echo
echo "added p99 latency vs direct: llm-gate route ${added_route} us, squid ${added_squid} us; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "gate audit lines: $(wc -l <audit.jsonl); squid access lines: $(wc -l <squid-access.log 2>/dev/null || echo 0)" >&2
