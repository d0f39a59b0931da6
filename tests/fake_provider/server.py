#!/usr/bin/python3
"""A fake OpenAI / Anthropic API server for llmbox's black-box tests and benchmarks.

It replays recorded VCR exchanges (tests/fixtures, recorded by the public test suites of
simonw/llm and simonw/llm-anthropic, Apache-2.0) and serves synthetic failure scenarios
chosen by the model name in the request, so one server serves every test. Loopback only.

Replays: a request is matched to a loaded exchange by method, path (its part after /v1) and
the body's `model` and `stream`; ties go to the exchange whose request has the same tools
presence and message count. The recorded status, content-type / content-encoding and body are
sent as recorded (a gzip body stays gzip, with its header); bodies go out in small chunked
pieces with a flush after each, so a client really reads a stream split across reads.

Synthetic models (Chat Completions at .../chat/completions, Messages at .../messages):
  fake-echo            answers with a JSON dump of the request it got (method, path, headers
                       without the key headers, body) plus "auth": ok|wrong|missing (against
                       --expect-key; without it: present|missing). The key itself never appears.
  fake-401/429/500     that status with the provider's JSON error body; the 401 message echoes
                       the key it received, as a hostile or careless server might
  fake-malformed-sse   a valid chunk, then data lines that are not JSON, then more chunks
  fake-cut             half the stream, then the socket closes without the final chunk
  fake-invalid-utf8    bytes \\xff\\xfe inside a content string
  fake-10mb            a 10 MiB answer in 1,280 chunks
  fake-chunks-N        N small chunks (benchmarks)
  fake-slow[-N]        N chunks (default 10), one per 100 ms
  fake-fenced          FENCED_ANSWER: prose around two fenced code blocks (llm -x / --xl)
  fake-toolcall-A[+B]  Chat Completions with tools: asks for tool A (and B...) with the arguments
                       TOOL_ARGUMENTS, or with the prompt itself when the first user message is
                       a JSON object (streamed: id and name first, arguments in two pieces);
                       once the request carries "tool" messages, answers
                       "tool results: " + JSON list of their contents (see tool_results_text)
  fake-toolloop-A      asks for tool A on every request (chain-limit tests)
  fake-toolrounds-N-A  asks for tool A until the request carries N tool results, then answers
  fake-toolchat-A[+B]  asks for tool A (and B...) whenever the last message is the user's, and
                       answers tool_results_text of the tool messages after it otherwise: a
                       tool call in every turn of a chat

Files: GET and HEAD /files/NAME serve FILES[NAME] (a small PNG and PDF, for attachment URLs,
and a text file, for fragment URLs) with its Content-Type; GET /redirect?to=URL answers 302
with Location: URL (URL percent-decoded, for redirect tests); any other GET is a 404, any other
HEAD a 501, as before.

Every request is appended to the --log JSONL file: method, path, headers (the values of
Authorization and x-api-key replaced by "sha256:" + the first 16 hex digits of the SHA-256 of
the key) and the body (parsed JSON when it is JSON).

Usage: server.py [--port-file F] [--log F] [--replay FILE[#N]]... [--expect-key K]
                 [--require-key] [--tls CERT KEY] [--piece-size N] [--piece-delay S]
                 [--container-netns NS]
Prints the chosen port on stdout (and writes it to --port-file) once it accepts connections.
"""
import argparse
import functools
import hashlib
import http.server
import json
import os
import pathlib
import re
import socket
import ssl
import sys
import threading
import time
import urllib.parse

import yaml

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"

# --- synthetic answers (tests import these to know what to expect) ----------------------

def chunk_texts(n):
    return [f"t{i} " for i in range(n)]


def slow_texts(n=10):
    return [f"s{i} " for i in range(n)]


def cut_texts():
    """All chunks of the fake-cut answer and the prefix that is actually sent."""
    texts = [f"c{i} " for i in range(20)]
    return texts, texts[:10]


FENCED_ANSWER = ("Here is the code:\n```python\nprint('first')\n```\n"
                 "And another:\n```\nsecond block\n```\nThat is all.")

# GET/HEAD /files/NAME: (content type, bytes).
FILES = {
    "pelican.png": ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(40))),
    "doc.pdf": ("application/pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"),
    "note.txt": ("text/plain; charset=utf-8", b"a note from the fake server"),
}
TEN_MB_CHUNK = 8192
TEN_MB_CHUNKS = 1280  # 10 MiB


def ten_mb_texts():
    line = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.,:;!?+*/=<>()[]{}|~^%$#@&\n"
    out = []
    for i in range(TEN_MB_CHUNKS):
        head = f"[{i:05d}]"
        body = (line * (TEN_MB_CHUNK // len(line) + 1))[: TEN_MB_CHUNK - len(head)]
        out.append(head + body)
    return out


MALFORMED_BEFORE, MALFORMED_AFTER = "Hello", " world"
INVALID_UTF8_BEFORE, INVALID_UTF8_AFTER = "before ", " after"
PROMPT_TOKENS = 7


TOOL_ARGUMENTS = {"note": "hi"}


def tool_results_text(contents):
    return "tool results: " + json.dumps(contents)


def prompt_tool_arguments(body):
    """The first user message's text when it is a JSON object (fake-toolcall's arguments)."""
    for msg in body.get("messages") or []:
        if isinstance(msg, dict) and msg.get("role") == "user" and isinstance(msg.get("content"), str):
            try:
                value = json.loads(msg["content"])
            except ValueError:
                return None
            return value if isinstance(value, dict) else None
    return None


def key_digest(key):
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]


# --- recorded exchanges ---------------------------------------------------------------

class Exchange:
    def __init__(self, source, req, resp):
        self.source = source
        self.method = req["method"].upper()
        self.path = re.sub(r"^https?://[^/]+", "", req["uri"]).split("?")[0]
        body = req.get("body")
        try:
            parsed = json.loads(body) if isinstance(body, (str, bytes)) and body else {}
        except ValueError:
            parsed = {}
        parsed = parsed if isinstance(parsed, dict) else {}
        self.model = parsed.get("model")
        self.stream = bool(parsed.get("stream"))
        self.has_tools = bool(parsed.get("tools"))
        self.n_messages = len(parsed.get("messages") or parsed.get("input") or [])
        self.status = int(resp["status"]["code"])
        self.reason = resp["status"].get("message") or ""
        self.headers = []
        for name, values in (resp.get("headers") or {}).items():
            low = name.lower()
            if low in ("content-type", "content-encoding") or low.startswith(("x-", "openai-", "anthropic-", "request-id")):
                for v in values if isinstance(values, list) else [values]:
                    self.headers.append((name, str(v)))
        raw = resp["body"].get("string", b"")
        self.body = raw if isinstance(raw, bytes) else raw.encode("utf-8")
        self.gzip = any(k.lower() == "content-encoding" and "gzip" in v for k, v in self.headers)


def load_exchanges(specs):
    out = []
    for spec in specs:
        path, _, index = spec.partition("#")
        p = pathlib.Path(path)
        if not p.is_absolute() and not p.exists():
            p = FIXTURES / path
        files = sorted(p.rglob("*.yaml")) if p.is_dir() else [p]
        for f in files:
            items = yaml.safe_load(f.read_text())["interactions"]
            picked = [int(index)] if index else range(len(items))
            for i in picked:
                out.append(Exchange(f"{f.name}#{i}", items[i]["request"], items[i]["response"]))
    return out


def _api_suffix(path):
    return path.split("/v1", 1)[-1] if "/v1" in path else path


def find_exchange(exchanges, method, path, body):
    body = body if isinstance(body, dict) else {}
    cands = [e for e in exchanges if e.method == method and path.endswith(_api_suffix(e.path))]
    if "model" in body:
        cands = [e for e in cands if e.model == body["model"]]
    cands = [e for e in cands if e.stream == bool(body.get("stream"))]
    if not cands:
        return None
    tools = bool(body.get("tools"))
    n = len(body.get("messages") or body.get("input") or [])
    return min(cands, key=lambda e: (e.has_tools != tools, abs(e.n_messages - n)))


# --- wire formats -----------------------------------------------------------------------

def _usage_openai(n):
    return {"prompt_tokens": PROMPT_TOKENS, "completion_tokens": n, "total_tokens": PROMPT_TOKENS + n}


def openai_chunk(model, delta, finish=None, usage=None, raw_content=None):
    obj = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1700000000,
           "model": model, "choices": [] if delta is None else
           [{"index": 0, "delta": delta, "finish_reason": finish}]}
    if usage is not None:
        obj["usage"] = usage
    data = json.dumps(obj).encode()
    if raw_content is not None:  # splice raw bytes (e.g. invalid UTF-8) into the content string
        data = data.replace(b"@@RAW@@", raw_content)
    return b"data: " + data + b"\n\n"


def openai_events(model, texts, include_usage):
    yield openai_chunk(model, {"role": "assistant", "content": ""})
    for t in texts:
        yield openai_chunk(model, {"content": t})
    yield openai_chunk(model, {}, finish="stop")
    if include_usage:
        yield openai_chunk(model, None, usage=_usage_openai(len(texts)))
    yield b"data: [DONE]\n\n"


def openai_completion(model, text):
    return json.dumps({"id": "chatcmpl-fake", "object": "chat.completion", "created": 1700000000,
                       "model": model, "choices": [{"index": 0, "finish_reason": "stop",
                       "message": {"role": "assistant", "content": text}}],
                       "usage": _usage_openai(1)}).encode()


def _sse(event, obj):
    return f"event: {event}\ndata: {json.dumps(obj)}\n\n".encode()


def anthropic_events(model, texts, include_usage=True):
    yield _sse("message_start", {"type": "message_start", "message": {
        "id": "msg_fake", "type": "message", "role": "assistant", "model": model, "content": [],
        "stop_reason": None, "usage": {"input_tokens": PROMPT_TOKENS, "output_tokens": 1}}})
    yield _sse("content_block_start", {"type": "content_block_start", "index": 0,
                                       "content_block": {"type": "text", "text": ""}})
    for t in texts:
        yield _sse("content_block_delta", {"type": "content_block_delta", "index": 0,
                                           "delta": {"type": "text_delta", "text": t}})
    yield _sse("content_block_stop", {"type": "content_block_stop", "index": 0})
    yield _sse("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn"},
                                 "usage": {"output_tokens": len(texts)}})
    yield _sse("message_stop", {"type": "message_stop"})


def anthropic_message(model, text):
    return json.dumps({"id": "msg_fake", "type": "message", "role": "assistant", "model": model,
                       "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
                       "usage": {"input_tokens": PROMPT_TOKENS, "output_tokens": 1}}).encode()


ERRORS = {
    401: ("invalid_request_error", "invalid_api_key", "authentication_error"),
    429: ("requests", "rate_limit_exceeded", "rate_limit_error"),
    500: ("server_error", None, "api_error"),
}


def error_body(anthropic, status, message):
    oa_type, code, an_type = ERRORS[status]
    if anthropic:
        return json.dumps({"type": "error", "error": {"type": an_type, "message": message}}).encode()
    return json.dumps({"error": {"message": message, "type": oa_type, "param": None, "code": code}},
                      indent=4).encode()


def _frame(data):
    return b"%x\r\n%s\r\n" % (len(data), data)


@functools.lru_cache(maxsize=8)
def framed_stream(anthropic, model, texts, include_usage):
    """Chunk-framed SSE events, cached so big benchmark streams cost only their writes."""
    events = anthropic_events if anthropic else openai_events
    return tuple(_frame(ev) for ev in events(model, list(texts), include_usage))


# --- the server -------------------------------------------------------------------------

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-provider/1"

    def setup(self):
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def log_message(self, fmt, *args):  # keep stderr quiet; the JSONL log is the record
        pass

    # request plumbing
    def _read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _key(self):
        auth = self.headers.get("Authorization")
        if auth is not None:
            return auth[7:] if auth.lower().startswith("bearer ") else auth
        return self.headers.get("x-api-key")

    def _record(self, raw):
        headers = {}
        for name, value in self.headers.items():
            low = name.lower()
            if low in ("authorization", "x-api-key"):
                value = key_digest(value[7:] if value.lower().startswith("bearer ") else value)
            headers[low] = value
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        key = self._key()
        entry = {"time": time.time(), "method": self.command, "path": self.path, "headers": headers,
                 "key_sha256": key_digest(key) if key is not None else None, "body": body}
        self.server.write_log(entry)
        return body if isinstance(body, dict) else {}, headers

    # response plumbing
    def _start(self, status, ctype, extra=(), length=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in extra:
            self.send_header(k, v)
        if length is None:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def _chunk(self, data):
        if data:
            self.wfile.write(_frame(data))
            self.wfile.flush()

    def _end(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _abort(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _send_whole(self, status, ctype, body, extra=()):
        self._start(status, ctype, extra, length=len(body))
        self.wfile.write(body)
        self.wfile.flush()

    def _stream(self, events, delay=0.0):
        self._start(200, "text/event-stream; charset=utf-8")
        for ev in events:
            self._chunk(ev)
            if delay:
                time.sleep(delay)
        self._end()

    def _stream_framed(self, framed):
        self._start(200, "text/event-stream; charset=utf-8")
        write = self.wfile.write
        for piece in framed:
            write(piece)
        self._end()

    # dispatch
    def do_GET(self):
        self._record(b"")
        if self._redirect():
            return
        if not self._serve_file(with_body=True):
            self._not_found("GET", {})

    def _redirect(self):
        prefix = "/redirect?to="
        if not self.path.startswith(prefix):
            return False
        location = urllib.parse.unquote(self.path[len(prefix):])
        self._start(302, "text/plain", extra=[("Location", location)], length=0)
        self.wfile.flush()
        return True

    def do_HEAD(self):
        self._record(b"")
        if not self._serve_file(with_body=False):
            self.send_error(501)

    def _serve_file(self, with_body):
        name = self.path[len("/files/"):] if self.path.startswith("/files/") else None
        if name not in FILES:
            return False
        ctype, data = FILES[name]
        self._start(200, ctype, length=len(data))
        if with_body:
            self.wfile.write(data)
        self.wfile.flush()
        return True

    def do_POST(self):
        raw = self._read_body()
        body, headers = self._record(raw)
        model = str(body.get("model") or "")
        if model.startswith("fake-"):
            return self._synthetic(model, body, headers)
        key = self._key()
        if self.server.require_key and key != self.server.expect_key:
            anthropic = self.path.rstrip("/").endswith("/messages")
            msg = "fake provider: missing or wrong API key"
            return self._send_whole(401, "application/json", error_body(anthropic, 401, msg))
        ex = find_exchange(self.server.exchanges, "POST", self.path, body)
        if ex is None:
            return self._not_found("POST", body)
        self._replay(ex)

    def _not_found(self, method, body):
        msg = (f"fake provider: no recorded exchange for {method} {self.path} "
               f"model={body.get('model')!r} stream={bool(body.get('stream'))}")
        self._send_whole(404, "application/json", json.dumps({"error": {
            "message": msg, "type": "invalid_request_error", "param": None, "code": None}}).encode())

    def _replay(self, ex):
        self.send_response(ex.status, ex.reason)
        for k, v in ex.headers:
            self.send_header(k, v)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        size, delay = self.server.piece_size, self.server.piece_delay
        for i in range(0, len(ex.body), size):
            self._chunk(ex.body[i:i + size])
            if delay:
                time.sleep(delay)
        self._end()

    def _synthetic(self, model, body, headers):
        anthropic = self.path.rstrip("/").endswith("/messages")
        stream = bool(body.get("stream"))
        include_usage = anthropic or bool((body.get("stream_options") or {}).get("include_usage"))
        events = anthropic_events if anthropic else openai_events
        whole = anthropic_message if anthropic else openai_completion
        key = self._key()

        m = re.fullmatch(r"fake-(401|429|500)", model)
        if m:
            status = int(m.group(1))
            msg = {401: (f"Incorrect API key provided: {key}. You can find your API key at "
                         "https://platform.openai.com/account/api-keys.") if key else
                        "You didn't provide an API key.",
                   429: f"Rate limit reached for {model} on requests per min (RPM): Limit 3, Used 3, Requested 1.",
                   500: "The server had an error while processing your request. Sorry about that!"}[status]
            return self._send_whole(status, "application/json", error_body(anthropic, status, msg))

        texts = None
        delay = 0.0
        if model == "fake-echo":
            texts = self._echo_texts(headers, body)
        elif model == "fake-fenced":
            texts = [FENCED_ANSWER[:20], FENCED_ANSWER[20:]]
        elif (m := re.fullmatch(r"fake-chunks-(\d+)", model)):
            texts = chunk_texts(int(m.group(1)))
            if stream:
                return self._stream_framed(framed_stream(anthropic, model, tuple(texts), include_usage))
        elif (m := re.fullmatch(r"fake-slow(?:-(\d+))?", model)):
            texts, delay = slow_texts(int(m.group(1) or 10)), 0.1
        elif model == "fake-10mb":
            texts = ten_mb_texts()
            if stream:
                return self._stream_framed(framed_stream(anthropic, model, tuple(texts), include_usage))
        elif (m := re.fullmatch(r"fake-toolchat-([A-Za-z0-9_+-]+)", model)):
            msgs = [msg for msg in body.get("messages") or [] if isinstance(msg, dict)]
            users = [i for i, msg in enumerate(msgs) if msg.get("role") == "user"]
            if not msgs or msgs[-1].get("role") == "user" or not users:
                return self._tool_calls(model, m.group(1).split("+"), stream, body)
            texts = [tool_results_text([msg.get("content") for msg in msgs[users[-1]:]
                                        if msg.get("role") == "tool"])]
        elif (m := re.fullmatch(r"fake-tool(call|loop|rounds-(\d+))-([A-Za-z0-9_+-]+)", model)):
            results = [msg.get("content") for msg in body.get("messages") or []
                       if isinstance(msg, dict) and msg.get("role") == "tool"]
            rounds = 1 if m.group(1) == "call" else int(m.group(2) or 0)
            if results and m.group(1) != "loop" and len(results) >= rounds:
                texts = [tool_results_text(results)]
            else:
                return self._tool_calls(model, m.group(3).split("+"), stream, body)
        elif model == "fake-cut":
            return self._cut(model, stream, anthropic, include_usage)
        elif model == "fake-malformed-sse":
            return self._malformed(model, stream, anthropic)
        elif model == "fake-invalid-utf8":
            return self._invalid_utf8(model, stream, anthropic, include_usage)
        if texts is None:
            return self._not_found("POST", body)
        if stream:
            return self._stream(events(model, texts, include_usage), delay)
        if delay:
            time.sleep(delay * len(texts))
        self._send_whole(200, "application/json", whole(model, "".join(texts)))

    def _echo_texts(self, headers, body):
        """fake-echo's answer in three pieces: the request it got (without the key headers) and
        whether its key was present or missing (or, with --expect-key, ok or wrong)."""
        key = self._key()
        if self.server.expect_key is None:
            auth = "present" if key is not None else "missing"
        else:
            auth = "missing" if key is None else ("ok" if key == self.server.expect_key else "wrong")
        shown = {k: v for k, v in headers.items() if k not in ("authorization", "x-api-key")}
        text = json.dumps({"method": self.command, "path": self.path, "headers": shown,
                           "body": body, "auth": auth}, sort_keys=True)
        third = max(1, len(text) // 3)
        return [text[:third], text[third:2 * third], text[2 * third:]]

    def _tool_calls(self, model, names, stream, body):
        args = json.dumps(prompt_tool_arguments(body) or TOOL_ARGUMENTS)
        calls = [{"id": f"call_{i}", "type": "function", "function": {"name": n, "arguments": args}}
                 for i, n in enumerate(names)]
        if not stream:
            return self._send_whole(200, "application/json", json.dumps({
                "id": "chatcmpl-fake", "object": "chat.completion", "created": 1700000000,
                "model": model, "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
                    "role": "assistant", "content": None, "tool_calls": calls}}],
                "usage": _usage_openai(1)}).encode())
        half = len(args) // 2
        events = [openai_chunk(model, {"role": "assistant", "content": None})]
        for i, n in enumerate(names):
            events.append(openai_chunk(model, {"tool_calls": [{"index": i, "id": f"call_{i}", "type": "function",
                                                               "function": {"name": n, "arguments": ""}}]}))
            for piece in (args[:half], args[half:]):
                events.append(openai_chunk(model, {"tool_calls": [{"index": i, "function": {"arguments": piece}}]}))
        events.append(openai_chunk(model, {}, finish="tool_calls"))
        events.append(openai_chunk(model, None, usage=_usage_openai(1)))
        events.append(b"data: [DONE]\n\n")
        self._stream(events)

    def _cut(self, model, stream, anthropic, include_usage):
        texts, sent = cut_texts()
        if not stream:
            full = (anthropic_message if anthropic else openai_completion)(model, "".join(texts))
            self._start(200, "application/json", length=len(full))
            self.wfile.write(full[: len(full) // 2])
            self.wfile.flush()
            return self._abort()
        self._start(200, "text/event-stream; charset=utf-8")
        events = list((anthropic_events if anthropic else openai_events)(model, texts, include_usage))
        head = 2 if anthropic else 1  # events before the first text chunk
        for ev in events[: head + len(sent)]:
            self._chunk(ev)
        self._abort()

    def _malformed(self, model, stream, anthropic):
        if not stream:
            return self._send_whole(200, "application/json", b'{"id": "chatcmpl-fake", "choices": [{"mess')
        ev = list((anthropic_events if anthropic else openai_events)(model, [MALFORMED_BEFORE, MALFORMED_AFTER], False))
        head = 3 if anthropic else 2  # up to and including the first text chunk
        garbage = [b"data: {this is not json\n\n", b"data: \x00\x01 ]]] garbage\n\n",
                   b'data: {"choices": [{"delta": {"content": 12\n\n']
        self._stream(ev[:head] + garbage + ev[head:])

    def _invalid_utf8(self, model, stream, anthropic, include_usage):
        raw = INVALID_UTF8_BEFORE.encode() + b"\xff\xfe" + INVALID_UTF8_AFTER.encode()
        if not stream:
            body = (anthropic_message if anthropic else openai_completion)(model, "@@RAW@@")
            return self._send_whole(200, "application/json", body.replace(b"@@RAW@@", raw))
        ev = list((anthropic_events if anthropic else openai_events)(model, ["@@RAW@@", " end"], include_usage))
        head = 2 if anthropic else 1
        ev[head] = ev[head].replace(b"@@RAW@@", raw)
        self._stream(ev)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False
    request_queue_size = 128

    def __init__(self, addr, args):
        super().__init__(addr, Handler)
        self.exchanges = load_exchanges(args.replay or [str(FIXTURES)])
        self.expect_key = args.expect_key
        self.require_key = args.require_key
        self.piece_size = max(1, args.piece_size)
        self.piece_delay = args.piece_delay
        self._lock = threading.Lock()
        self._log = open(args.log, "a", encoding="utf-8") if args.log else None
        if args.tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(args.tls[0], args.tls[1])
            self.socket = ctx.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)

    def write_log(self, entry):
        if self._log is None:
            return
        line = json.dumps(entry, ensure_ascii=True) + "\n"
        with self._lock:
            self._log.write(line)
            self._log.flush()

    def handle_error(self, request, client_address):
        # A client that hangs up mid-stream is a normal event in these tests.
        pass


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--log", help="append every request as a JSON line to this file")
    ap.add_argument("--replay", action="append",
                    help="fixture file or directory (relative to tests/fixtures or cwd), optionally FILE#INDEX; repeatable; default: all fixtures")
    ap.add_argument("--expect-key", help="the key fake-echo compares against")
    ap.add_argument("--require-key", action="store_true", help="answer 401 to replays without --expect-key")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--piece-size", type=int, default=64, help="bytes per chunk when replaying")
    ap.add_argument("--piece-delay", type=float, default=0.001, help="seconds between replayed pieces")
    ap.add_argument("--container-netns", metavar="NS",
                    help="listen on every address of the network namespace this runs in, which must be NS "
                         "(as readlink /proc/<pid>/ns/net prints it): a container the test created, "
                         "never the host's")
    args = ap.parse_args(argv)
    if args.container_netns:
        if os.readlink("/proc/self/ns/net") != args.container_netns:
            ap.error("--container-netns: not running in network namespace %s" % args.container_netns)
        args.host = "0.0.0.0"
    elif args.host not in ("127.0.0.1", "::1", "localhost"):
        ap.error("the fake provider serves loopback only")
    server = Server((args.host, args.port), args)
    port = server.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.replace(tmp, args.port_file)
    print(port, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
