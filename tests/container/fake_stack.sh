# shellcheck shell=sh
# SERVER_PID, PORT and NET are for the caller:
# shellcheck disable=SC2034
# Sourced by tests/container/verify.sh and bench/container_bench.sh: the
# provider the stack talks to, a fake behind compose.yaml's real gate.
#
# A holder container on llm-network owns a network namespace; the fake provider
# (tests/fake_provider/server.py, TLS with a CA made now, expecting $CANARY as
# the key) listens in it, on that namespace's addresses only. The gate that
# bin/llm starts (compose.yaml's `gate` service, with this run's container
# name, socket volume and token) gets a config naming that fake as the OpenAI
# upstream, and the test CA through a compose override file. Prompts then go:
# client (no network) -> socket -> gate (adds the key from .env) -> fake.
# Traffic stays between containers the caller started.
#
# Needs: ROOT RUN TMP CANARY DEBUG_IMAGE. Sets NET PORT SERVER_PID and exports
# the wrapper's gate settings. The caller removes "$RUN-gate", "$RUN-sock" and
# the containers labelled $1 when done.
fake_stack_start() {  # LABEL (key=value) for the holder container
  export LLMBOX_GATE_CONTAINER="$RUN-gate" LLMBOX_GATE_SOCKET_VOLUME="$RUN-sock" \
    LLM_GATEWAY_TOKEN_HOST_FILE="$TMP/secrets/llm_gateway_token" LLMBOX_GATE_CONFIG="$TMP/gate.json" \
    COMPOSE_FILE="$ROOT/compose.yaml:$TMP/gate-test.yaml"
  docker network inspect llm-network >/dev/null 2>&1 ||
    docker network create --driver bridge --label com.docker.compose.project="$RUN" \
      --label com.docker.compose.network=llm-network llm-network >/dev/null
  NET=$RUN-net
  docker run -d --rm --name "$NET" --label "$1" --network llm-network \
    --user 1000:1000 --cap-drop ALL --read-only --entrypoint /bin/sleep "$DEBUG_IMAGE" 900 >/dev/null
  netpid=$(docker inspect -f '{{.State.Pid}}' "$NET")
  NET_IP=$(docker inspect -f '{{(index .NetworkSettings.Networks "llm-network").IPAddress}}' "$NET")
  (
    cd "$TMP" || exit 1
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
      -days 1 -subj /CN=llmbox-test-ca && \
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr \
      -subj /CN=upstream.test && \
    echo "subjectAltName=DNS:upstream.test" >san.ext && \
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 \
      -extfile san.ext
  ) >/dev/null 2>&1
  chmod 0644 "$TMP/ca.pem"
  nsenter -t "$netpid" -n python3 "$ROOT/tests/fake_provider/server.py" \
    --container-netns "$(readlink "/proc/$netpid/ns/net")" \
    --port-file "$TMP/port" --tls "$TMP/server.pem" "$TMP/server.key" --expect-key "$CANARY" \
    --log "$TMP/provider.jsonl" >/dev/null 2>"$TMP/server.err" &
  SERVER_PID=$!
  i=0
  while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
  PORT=$(cat "$TMP/port" 2>/dev/null)
  cat >"$TMP/gate.json" <<JSON
{
  "listen": {"unix": {"path": "/run/llm-gate/gate.sock", "mode": "0660"}},
  "caller_token": {"file": "/run/secrets/llm_gateway_token"},
  "providers": {"openai": {"upstream": "https://upstream.test:$PORT", "key": {"env": "OPENAI_API_KEY"}}},
  "hosts": {"upstream.test": ["$NET_IP"]},
  "tls": {"ca_file": "/etc/ssl/certs/ca-certificates.crt", "extra_ca_file": "/etc/llm-gate/test-ca.pem"},
  "audit": {"path": "-"}
}
JSON
  printf 'services:\n  gate:\n    volumes:\n      - %s:/etc/llm-gate/test-ca.pem:ro\n' "$TMP/ca.pem" >"$TMP/gate-test.yaml"
  chmod 0644 "$TMP/gate.json" "$TMP/gate-test.yaml"
}
