"""Test harness for llm-gate black-box tests: a throwaway CA and certificates
made with openssl at run time (never committed), a local TLS upstream that
records what reaches it and streams SSE slowly, TCP servers that count every
byte they receive, and helpers to run the real llm-gate on a Unix socket.
Network use is loopback only."""

import http.client
import itertools
import json
import os
import random
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GATE_KEY_OPENAI = "sk-gate-openai-KEY-0123456789abcdef"
GATE_KEY_ANTHROPIC = "sk-ant-gate-KEY-0123456789abcdef"
CALLER_TOKEN = "caller-token-0123456789abcdef0123"


def make_ca(directory):
    """Creates ca.pem and server.pem/server.key for upstream.test and 127.0.0.1."""
    def run(*args):
        subprocess.run(args, cwd=directory, check=True, capture_output=True)
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=llmbox test CA")
    run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=upstream.test")
    with open(os.path.join(directory, "san.ext"), "w") as f:
        f.write("subjectAltName=DNS:upstream.test,IP:127.0.0.1\n")
    run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext")
    return os.path.join(directory, "ca.pem")


def pattern(size, seed):
    """Deterministic bytes that show any loss, duplication or reordering."""
    return random.Random(seed).randbytes(size)


class Upstream:
    """A TLS HTTP/1.1 server standing in for a provider. Records each request's
    method, path, headers and body; answers SSE slowly when asked to stream."""

    def __init__(self, directory, event_gap=0.4):
        self.requests = []
        self.ports = []  # the client port of each request: equal ports, one reused connection
        self.event_gap = event_gap
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.requests.append((self.command, self.path, dict(self.headers.items()), b""))
                self._json({"object": "list", "data": []})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                outer.requests.append((self.command, self.path, dict(self.headers.items()), body))
                outer.ports.append(self.client_address[1])
                request = json.loads(body or b"{}")
                if self.path.endswith("/close-after"):
                    # Answer as if keeping the connection, then drop it: an
                    # upstream that closes idle connections.
                    self._json({"usage": {}})
                    self.close_connection = True
                    return
                if self.path.endswith("/big"):
                    return self._big(int(request["bytes"]), int(request["seed"]))
                if self.path.endswith("/big-chunked"):
                    return self._big_chunked(int(request["bytes"]), int(request["seed"]))
                if self.path.endswith("/endless-chunk-header"):
                    return self._endless_chunk_header()
                if self.path.endswith("/close-delimited"):
                    return self._close_delimited(int(request["bytes"]), int(request["seed"]))
                if request.get("stream"):
                    return self._stream(request.get("model", ""))
                self._json({"model": request.get("model", ""), "choices": [],
                            "usage": {"prompt_tokens": 7, "completion_tokens": 5}})

            def _json(self, obj):
                data = json.dumps(obj).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _chunk(self, data):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()

            def _stream(self, model):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for i in range(3):
                    event = {"model": model, "choices": [{"delta": {"content": "part%d" % i}}]}
                    self._chunk(b"data: " + json.dumps(event).encode() + b"\n\n")
                    time.sleep(outer.event_gap)
                usage = {"model": model, "choices": [], "usage": {"prompt_tokens": 11, "completion_tokens": 3}}
                self._chunk(b"data: " + json.dumps(usage).encode() + b"\n\ndata: [DONE]\n\n")
                self.wfile.write(b"0\r\n\r\n")

            def _big(self, size, seed):
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(size))
                self.end_headers()
                self.wfile.write(pattern(size, seed))

            def _big_chunked(self, size, seed):
                # Chunks of many sizes, from one byte to more than the gate reads at once.
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                data, sizes, at = pattern(size, seed), [1, 7, 300, 4096, 16383, 65536, 300000], 0
                for i in itertools.count():
                    if at >= size:
                        break
                    piece = data[at:at + sizes[i % len(sizes)]]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    at += len(piece)
                self.wfile.write(b"0\r\n\r\n")

            def _endless_chunk_header(self):
                # A chunk extension that never ends (1 MB, then silence).
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.wfile.write(b"5\r\nhello\r\n4;ext=" + b"x" * (1 << 20))
                time.sleep(2)

            def _close_delimited(self, size, seed):
                # No length, no chunking: the body ends with the connection
                # (after a TLS close_notify, so the end is a real one).
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(pattern(size, seed))
                self.close_connection = True
                self.connection.unwrap()

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(os.path.join(directory, "server.pem"), os.path.join(directory, "server.key"))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


class CountingServer:
    """A TCP server that accepts connections and counts every byte received.
    With echo=True it sends back what it gets (an allowed destination)."""

    def __init__(self, host, echo=False):
        self.connections = 0
        self.bytes_received = 0
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.echo = echo
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        with conn:
            while True:
                try:
                    data = conn.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                self.bytes_received += len(data)
                if self.echo:
                    if data.startswith(b"GET "):
                        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
                        return
                    conn.sendall(data)

    def stop(self):
        self.sock.close()


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=10):
        super().__init__("llm-gate", timeout=timeout)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


class Gate:
    """The real llm-gate binary, on a Unix socket in `directory`."""

    def __init__(self, binary, directory, config):
        self.directory = directory
        self.socket_path = os.path.join(directory, "gate.sock")
        self.audit_path = os.path.join(directory, "audit.jsonl")
        config.setdefault("listen", {"unix": {"path": self.socket_path, "mode": "0600"}})
        config.setdefault("audit", {"path": self.audit_path})
        token_file = os.path.join(directory, "token")
        with open(token_file, "w") as f:
            f.write(CALLER_TOKEN + "\n")
        config.setdefault("caller_token", {"file": token_file})
        self.config_path = os.path.join(directory, "gate.json")
        with open(self.config_path, "w") as f:
            json.dump(config, f, indent=2)
        env = dict(os.environ, TEST_OPENAI_KEY=GATE_KEY_OPENAI, TEST_ANTHROPIC_KEY=GATE_KEY_ANTHROPIC)
        self.stderr_path = os.path.join(directory, "gate.stderr")
        self.stderr = open(self.stderr_path, "w")
        self.proc = subprocess.Popen([binary, "--config", self.config_path], env=env,
                                     stdout=subprocess.DEVNULL, stderr=self.stderr)
        deadline = time.time() + 10
        while not self._accepting():
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("llm-gate did not start: " + open(self.stderr_path).read())
            time.sleep(0.02)

    def _accepting(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(self.socket_path)
            return True
        except OSError:
            return False
        finally:
            s.close()

    def stop(self):
        """Stops the gate; raises when it did not exit cleanly (a crash, or a
        sanitizer report when the tests run against the ASan build)."""
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.stderr.close()
        with open(self.stderr_path) as f:
            err = f.read()
        if self.proc.returncode != 0 or "Sanitizer" in err:
            raise AssertionError("llm-gate exited %s: %s" % (self.proc.returncode, err[-3000:]))

    def connection(self, timeout=10):
        return UnixHTTPConnection(self.socket_path, timeout)

    def request(self, method, path, body=None, headers=None, token=True, read_error_ok=False):
        """With read_error_ok, a body cut short comes back as what arrived."""
        conn = self.connection()
        headers = dict(headers or {})
        if token:
            headers.setdefault("X-Llmbox-Token", CALLER_TOKEN)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        try:
            data = response.read()
        except http.client.IncompleteRead as cut:
            if not read_error_ok:
                raise
            data = cut.partial
        conn.close()
        return response, data

    def raw(self, data, timeout=10, pause=None):
        """Sends raw bytes (in pieces with pauses if `pause` is given), returns all bytes received."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(self.socket_path)
        pieces = data if isinstance(data, list) else [data]
        for piece in pieces:
            try:
                s.sendall(piece)
            except OSError:
                break
            if pause:
                time.sleep(pause)
        received = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            received += chunk
        s.close()
        return received

    def audit_lines(self):
        time.sleep(0.05)
        with open(self.audit_path) as f:
            return [json.loads(line) for line in f if line.strip()]
