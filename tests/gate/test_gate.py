"""Black-box tests of llm-gate: the real binary on a Unix socket in a temp
dir, a local TLS upstream with a CA made at run time, and TCP servers on
loopback acting as allowed and forbidden destinations. Loopback only.

Usage: python3 test_gate.py --gate PATH/TO/llm-gate [unittest args]
   or: LLM_GATE_BIN=PATH/TO/llm-gate python3 -m unittest test_gate.HostileRequests"""

import json
import os
import shutil
import socket
import stat
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gate_harness as h  # noqa: E402

GATE_BINARY = os.environ.get("LLM_GATE_BIN")
ENV = {}


def setUpModule():
    ENV["dir"] = tempfile.mkdtemp(prefix="llmbox-gate-test-")
    ca = h.make_ca(ENV["dir"])
    ENV["upstream"] = h.Upstream(ENV["dir"])
    ENV["forbidden"] = h.CountingServer("127.0.0.1")
    ENV["allowed"] = h.CountingServer("127.0.0.2", echo=True)
    up = ENV["upstream"].port
    config = {
        "providers": {
            "openai": {"upstream": "https://upstream.test:%d" % up, "key": {"env": "TEST_OPENAI_KEY"},
                       "models": ["gpt-4o-mini", "test-*"]},
            "anthropic": {"upstream": "https://127.0.0.1:%d/anthropic-base" % up,
                          "key": {"env": "TEST_ANTHROPIC_KEY"}},
        },
        "hosts": {"upstream.test": ["127.0.0.1"], "private.test": ["10.0.0.1"],
                  "loop.test": ["127.0.0.1"], "allowed.test": ["127.0.0.2"],
                  "metadata.test": ["169.254.169.254"], "forbidden.test": ["127.0.0.1"]},
        "allow_hosts": ["private.test", "loop.test", "allowed.test", "metadata.test"],
        "allow_ports": [443, ENV["forbidden"].port, ENV["allowed"].port],
        "allow_addresses": ["127.0.0.2/32"],
        "tls": {"ca_file": "", "extra_ca_file": ca},
        "limits": {"max_header_bytes": 8192, "max_body_bytes": 65536},
        "timeouts": {"header_seconds": 1.0, "idle_seconds": 5, "connect_seconds": 2},
        # GATE_TEST_THREADS=4 runs the same tests against a multi-threaded gate.
        "threads": int(os.environ.get("GATE_TEST_THREADS", "1")),
    }
    ENV["gate"] = h.Gate(GATE_BINARY, ENV["dir"], config)


def tearDownModule():
    try:
        ENV["gate"].stop()
    finally:
        ENV["upstream"].stop()
        ENV["forbidden"].stop()
        ENV["allowed"].stop()
        shutil.rmtree(ENV["dir"], ignore_errors=True)  # holds the run's throwaway CA key


def gate():
    return ENV["gate"]


def chat_body(model="gpt-4o-mini", stream=False):
    return json.dumps({"model": model, "stream": stream,
                       "messages": [{"role": "user", "content": "hi"}]}).encode()


def status_of(raw):
    line = raw.split(b"\r\n", 1)[0]
    parts = line.split(b" ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def header_of(raw, name):
    for line in raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name.lower().encode():
            return value.strip().decode()
    return None


class GateTestCase(unittest.TestCase):
    def assert_still_serving(self):
        response, _ = gate().request("POST", "/openai/v1/chat/completions", chat_body())
        self.assertEqual(response.status, 200)

    def last_audit(self, **match):
        for line in reversed(gate().audit_lines()):
            if all(line.get(k) == v for k, v in match.items()):
                return line
        self.fail("no audit line matching %r" % (match,))


class ProviderRoutes(GateTestCase):
    def test_streamed_answer_arrives_chunk_by_chunk_with_injected_key(self):
        request = (b"POST /openai/v1/chat/completions HTTP/1.1\r\nHost: llm-gate\r\n"
                   b"X-Llmbox-Token: " + h.CALLER_TOKEN.encode() + b"\r\nContent-Type: application/json\r\n"
                   b"Content-Length: %d\r\n\r\n" % len(chat_body(stream=True))) + chat_body(stream=True)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect(gate().socket_path)
        s.sendall(request)
        seen, received = {}, b""
        while b"0\r\n\r\n" not in received:
            chunk = s.recv(65536)
            if not chunk:
                break
            received += chunk
            for i in range(3):
                if b"part%d" % i in received and i not in seen:
                    seen[i] = time.monotonic()
        s.close()
        self.assertEqual(status_of(received), 200)
        self.assertEqual(sorted(seen), [0, 1, 2])
        # The upstream waits 0.4 s between events: buffering would deliver them together.
        self.assertGreater(seen[2] - seen[0], 0.6)
        _, path, headers, _ = h_last_request()
        self.assertEqual(path, "/v1/chat/completions")
        self.assertEqual(headers.get("Authorization"), "Bearer " + h.GATE_KEY_OPENAI)
        audit = self.last_audit(kind="route", route="openai", status=200)
        self.assertEqual(audit["model"], "gpt-4o-mini")
        self.assertEqual((audit["input_tokens"], audit["output_tokens"]), (11, 3))

    def assert_relayed_whole(self, path, size, seed, framing):
        response, body = gate().request("POST", "/openai/v1/" + path,
                                        json.dumps({"model": "gpt-4o-mini", "bytes": size, "seed": seed}).encode())
        self.assertEqual(response.status, 200, body[:300])
        self.assertEqual(len(body), size)
        self.assertTrue(body == h.pattern(size, seed), "the relayed body differs from the upstream's")
        self.assertEqual(response.getheader("Transfer-Encoding") == "chunked", framing == "chunked")
        audit = self.last_audit(kind="route", path="/v1/" + path)
        self.assertEqual((audit["status"], audit["bytes_out"], audit["reason"]), (200, size, ""))

    def test_large_chunked_body_arrives_intact(self):
        # Chunks from 1 byte to 300 KB: views into the gate's input buffer must
        # never be overwritten before they are written out.
        self.assert_relayed_whole("big-chunked", 3_000_000, 7, "chunked")

    def test_large_body_with_a_length_arrives_intact(self):
        self.assert_relayed_whole("big", 3_000_000, 0, "length")

    def test_close_delimited_body_arrives_intact_and_ends(self):
        self.assert_relayed_whole("close-delimited", 1_000_000, 9, "chunked")

    def test_endless_upstream_chunk_header_ends_the_relay(self):
        response, body = gate().request("POST", "/openai/v1/endless-chunk-header",
                                        chat_body(), read_error_ok=True)
        self.assertEqual(response.status, 200)
        self.assertEqual(body, b"hello")
        audit = self.last_audit(kind="route", path="/v1/endless-chunk-header")
        self.assertIn("reading the upstream body", audit["reason"])
        self.assert_still_serving()

    def test_caller_credentials_are_replaced_by_the_gates_key(self):
        response, body = gate().request("POST", "/openai/v1/chat/completions", chat_body(), headers={
            "Authorization": "Bearer sk-caller-supplied-key-000000", "x-api-key": "sk-caller-x",
            "Cookie": "a=b", "Content-Type": "application/json"})
        self.assertEqual(response.status, 200)
        _, _, headers, _ = h_last_request()
        lowered = {k.lower(): v for k, v in headers.items()}
        self.assertEqual(lowered["authorization"], "Bearer " + h.GATE_KEY_OPENAI)
        for absent in ("x-api-key", "cookie", "x-llmbox-token"):
            self.assertNotIn(absent, lowered)
        self.assertEqual(lowered["host"], "upstream.test:%d" % ENV["upstream"].port)

    def test_anthropic_route_injects_x_api_key_under_the_base_path(self):
        response, _ = gate().request("POST", "/anthropic/v1/messages", chat_body("claude-x"),
                                     headers={"anthropic-version": "2023-06-01"})
        self.assertEqual(response.status, 200)
        _, path, headers, _ = h_last_request()
        lowered = {k.lower(): v for k, v in headers.items()}
        self.assertEqual(path, "/anthropic-base/v1/messages")
        self.assertEqual(lowered["x-api-key"], h.GATE_KEY_ANTHROPIC)
        self.assertNotIn("authorization", lowered)
        self.assertEqual(lowered["anthropic-version"], "2023-06-01")

    def test_keep_alive_serves_several_requests_on_one_connection(self):
        conn = gate().connection()
        for _ in range(3):
            conn.request("POST", "/openai/v1/chat/completions", chat_body(),
                         headers={"X-Llmbox-Token": h.CALLER_TOKEN})
            response = conn.getresponse()
            response.read()
            self.assertEqual(response.status, 200)
        conn.close()

    def test_missing_or_wrong_token_is_401(self):
        response, body = gate().request("POST", "/openai/v1/chat/completions", chat_body(), token=False)
        self.assertEqual(response.status, 401)
        self.assertEqual(response.getheader("X-Llmbox-Refused"), "unauthenticated")
        response, _ = gate().request("POST", "/openai/v1/chat/completions", chat_body(),
                                     headers={"X-Llmbox-Token": "wrong"}, token=False)
        self.assertEqual(response.status, 401)

    def test_model_outside_the_allowlist_is_refused(self):
        response, body = gate().request("POST", "/openai/v1/chat/completions", chat_body("gpt-4o"))
        self.assertEqual(response.status, 403)
        self.assertEqual(response.getheader("X-Llmbox-Refused"), "model-not-allowed")
        self.assertIn(b"providers.openai.models", body)

    def test_unknown_route_and_path_outside_prefix_are_refused(self):
        response, body = gate().request("GET", "/gemini/v1/models")
        self.assertEqual(response.status, 403)
        self.assertIn(b"/openai/", body)
        response, _ = gate().request("GET", "/openai/v1/../admin")
        self.assertEqual(response.status, 400)

    def test_upstream_connection_is_reused_between_callers(self):
        for _ in range(2):
            response, _ = gate().request("POST", "/openai/v1/chat/completions", chat_body())
            self.assertEqual(response.status, 200)
            # The connection goes back to the pool just after the caller has the
            # answer's last byte; with several gate threads that can lag a little.
            time.sleep(0.1)
        ports = ENV["upstream"].ports
        self.assertEqual(ports[-1], ports[-2])

    def test_pooled_connection_closed_by_the_upstream_is_not_used(self):
        response, _ = gate().request("POST", "/openai/v1/close-after", chat_body())
        self.assertEqual(response.status, 200)
        time.sleep(0.2)
        response, _ = gate().request("POST", "/openai/v1/chat/completions", chat_body())
        self.assertEqual(response.status, 200)
        ports = ENV["upstream"].ports
        self.assertNotEqual(ports[-1], ports[-2])

    def test_health_needs_no_token(self):
        response, body = gate().request("GET", "/healthz", token=False)
        self.assertEqual((response.status, body), (200, b"ok\n"))

    def test_socket_is_not_open_to_other_users(self):
        mode = stat.S_IMODE(os.stat(gate().socket_path).st_mode)
        self.assertEqual(mode & 0o077, 0)


def h_last_request():
    return ENV["upstream"].requests[-1]


class HostileRequests(GateTestCase):
    def refused(self, raw, status, reason=None, **kwargs):
        reply = gate().raw(raw, **kwargs)
        self.assertEqual(status_of(reply), status, reply[:200])
        if reason:
            self.assertEqual(header_of(reply, "X-Llmbox-Refused"), reason)
        self.assert_still_serving()
        return reply

    def test_malformed_request_line(self):
        self.refused(b"GARBAGE\r\n\r\n", 400)
        self.refused(b"GET /openai/v1/models HTTP/9.9\r\n\r\n", 400)
        self.assertEqual(self.last_audit(kind="invalid", status=400)["decision"], "refuse")

    def test_oversized_headers(self):
        self.refused(b"GET /healthz HTTP/1.1\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n", 431, "header-too-large")

    def test_oversized_body(self):
        body = b"x" * 70000
        raw = (b"POST /openai/v1/chat/completions HTTP/1.1\r\nHost: g\r\nX-Llmbox-Token: " +
               h.CALLER_TOKEN.encode() + b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        self.refused(raw, 413, "body-too-large")
        self.assertEqual(self.last_audit(reason="body-too-large")["status"], 413)

    def test_header_crlf_injection(self):
        self.refused(b"GET /healthz HTTP/1.1\r\nX-A: a\rX-Injected: b\r\n\r\n", 400)
        self.refused(b"GET /healthz HTTP/1.1\r\nX-A: a\nX-Injected: b\r\n\r\n", 400)

    def test_content_length_with_transfer_encoding(self):
        raw = (b"POST /openai/v1/chat/completions HTTP/1.1\r\nHost: g\r\nContent-Length: 4\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n")
        reply = self.refused(raw, 400, "ambiguous-framing")
        self.assertEqual(reply.count(b"HTTP/1.1"), 1)
        raw = (b"POST /openai/v1/chat/completions HTTP/1.1\r\nHost: g\r\nTransfer-Encoding: chunked\r\n"
               b"Content-Length: 4\r\n\r\n0\r\n\r\n")
        self.refused(raw, 400, "ambiguous-framing")

    def test_slow_loris(self):
        start = time.monotonic()
        pieces = [b"GET /healthz HTTP/1.1\r\n"] + [b"X-Slow: %d\r\n" % i for i in range(10)]
        self.refused(pieces, 408, "header-timeout", pause=0.3)
        self.assertLess(time.monotonic() - start, 4.5)

    def test_name_resolving_to_a_private_address(self):
        self.refused(self.connect("private.test:443"), 403, "address-private")
        self.refused(self.connect("metadata.test:443"), 403, "address-link-local")
        self.refused(self.connect("loop.test:%d" % ENV["forbidden"].port), 403, "address-loopback")
        line = self.last_audit(reason="address-loopback")
        self.assertEqual(line["kind"], "connect")
        self.assertEqual(line["decision"], "refuse")

    def test_ip_literal(self):
        self.refused(self.connect("127.0.0.1:%d" % ENV["forbidden"].port), 403, "ip-literal")
        self.refused(self.connect("[::1]:443"), 403, "ip-literal")

    def test_disallowed_port(self):
        self.refused(self.connect("allowed.test:22"), 403, "port-not-allowed")

    def test_unlisted_host(self):
        self.refused(self.connect("forbidden.test:%d" % ENV["forbidden"].port), 403, "host-not-allowed")

    @staticmethod
    def connect(authority):
        return (b"CONNECT " + authority.encode() + b" HTTP/1.1\r\nHost: " + authority.encode() +
                b"\r\nProxy-Authorization: Bearer " + h.CALLER_TOKEN.encode() + b"\r\n\r\n")


class ForwardProxy(GateTestCase):
    def test_forbidden_destination_receives_zero_bytes(self):
        port = ENV["forbidden"].port
        token = h.CALLER_TOKEN.encode()
        attempts = [
            b"CONNECT 127.0.0.1:%d HTTP/1.1\r\nProxy-Authorization: Bearer %s\r\n\r\nhello" % (port, token),
            b"CONNECT loop.test:%d HTTP/1.1\r\nProxy-Authorization: Bearer %s\r\n\r\nhello" % (port, token),
            b"CONNECT forbidden.test:%d HTTP/1.1\r\nProxy-Authorization: Bearer %s\r\n\r\n" % (port, token),
            b"GET http://127.0.0.1:%d/ HTTP/1.1\r\nHost: x\r\nProxy-Authorization: Bearer %s\r\n\r\n" % (port, token),
            b"GET http://loop.test:%d/ HTTP/1.1\r\nHost: x\r\nProxy-Authorization: Bearer %s\r\n\r\n" % (port, token),
            b"CONNECT loop.test:%d HTTP/1.1\r\n\r\nhello" % port,  # no token
        ]
        for raw in attempts:
            reply = gate().raw(raw)
            self.assertIn(status_of(reply), (403, 407), raw)
        time.sleep(0.2)
        self.assertEqual(ENV["forbidden"].connections, 0)
        self.assertEqual(ENV["forbidden"].bytes_received, 0)

    def test_connect_to_allowed_destination_tunnels_both_ways(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(5)
        s.connect(gate().socket_path)
        s.sendall(b"CONNECT allowed.test:%d HTTP/1.1\r\nProxy-Authorization: Basic %s\r\n\r\nping" % (
            ENV["allowed"].port, __import__("base64").b64encode(b"llm:" + h.CALLER_TOKEN.encode())))
        received = b""
        while not received.endswith(b"ping"):
            received += s.recv(4096)
        self.assertTrue(received.startswith(b"HTTP/1.1 200"), received)
        s.sendall(b"pong")
        self.assertEqual(s.recv(4096), b"pong")
        s.close()
        time.sleep(0.1)
        line = self.last_audit(kind="connect", status=200)
        self.assertGreaterEqual(line["bytes_in"], 8)

    def test_plain_http_to_allowed_destination(self):
        reply = gate().raw(b"GET http://allowed.test:%d/x?secret=1 HTTP/1.1\r\nHost: allowed.test\r\n"
                           b"Proxy-Authorization: Bearer %s\r\n\r\n" % (ENV["allowed"].port, h.CALLER_TOKEN.encode()))
        self.assertEqual(status_of(reply), 200)
        self.assertTrue(reply.endswith(b"hello"))
        line = self.last_audit(kind="http", status=200)
        self.assertEqual(line["path"], "/x")

    def test_https_absolute_uri_is_told_to_use_connect(self):
        reply = gate().raw(b"GET https://allowed.test/ HTTP/1.1\r\nHost: allowed.test\r\n"
                           b"Proxy-Authorization: Bearer %s\r\n\r\n" % h.CALLER_TOKEN.encode())
        self.assertEqual(status_of(reply), 400)
        self.assertIn(b"CONNECT", reply)


class AuditLog(GateTestCase):
    def test_keys_and_token_never_reach_the_log_or_stderr(self):
        gate().request("POST", "/openai/v1/chat/completions", chat_body(stream=True))
        gate().request("POST", "/openai/v1/chat/completions?key=" + h.CALLER_TOKEN, chat_body())
        with open(gate().audit_path) as f:
            log = f.read()
        with open(gate().stderr_path) as f:
            log += f.read()
        for secret in (h.GATE_KEY_OPENAI, h.GATE_KEY_ANTHROPIC, h.CALLER_TOKEN):
            self.assertNotIn(secret, log)

    def test_every_line_has_every_field(self):
        gate().request("GET", "/openai/v1/models")
        fields = {"time", "caller", "kind", "method", "route", "host", "path", "decision", "reason",
                  "status", "bytes_in", "bytes_out", "duration_ms", "model", "input_tokens", "output_tokens"}
        for line in gate().audit_lines():
            self.assertEqual(set(line), fields)
        self.assertTrue(self.last_audit(path="/v1/models")["caller"].startswith("unix uid="))


if __name__ == "__main__":
    if "--gate" in sys.argv:
        i = sys.argv.index("--gate")
        GATE_BINARY = os.path.abspath(sys.argv[i + 1])
        del sys.argv[i:i + 2]
    if not GATE_BINARY or not os.access(GATE_BINARY, os.X_OK):
        sys.exit("usage: test_gate.py --gate PATH/TO/llm-gate")
    unittest.main(verbosity=2)
elif not GATE_BINARY:
    raise SystemExit("set LLM_GATE_BIN to the llm-gate binary")
