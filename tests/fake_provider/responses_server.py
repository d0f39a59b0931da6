#!/usr/bin/python3
"""The fake provider (server.py, same options) plus the OpenAI Responses API for the synthetic
fake-* models: a POST to .../responses whose model starts with "fake-" is answered with
`response.*` events or one response object (responses_wire.py); everything else, including
replays of recorded /v1/responses exchanges, is server.py's. Loopback only, like server.py.

  fake-echo            the request, as server.py's fake-echo answers it
  fake-401/429/500     that status with OpenAI's error body
  fake-cut             half the answer, then the connection closes without response.completed
  fake-invalid-utf8    bytes \\xff\\xfe inside a text delta
  fake-chunks-N        N small text deltas
  and the Responses-only scenarios of responses_wire.py.
"""
import pathlib
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import responses_wire  # noqa: E402
import server  # noqa: E402


class ResponsesHandler(server.Handler):
    def _synthetic(self, model, body, headers):
        if not self.path.split("?")[0].rstrip("/").endswith("/responses"):
            return super()._synthetic(model, body, headers)
        stream = bool(body.get("stream"))
        special = responses_wire.special(model, stream)
        if special:
            kind, payload = special
            if kind == "whole":
                return self._send_whole(200, "application/json", payload)
            return self._stream(payload)
        m = re.fullmatch(r"fake-(401|429|500)", model)
        if m:
            status = int(m.group(1))
            key = self._key()
            msg = (f"Incorrect API key provided: {key}." if status == 401 and key else
                   f"fake provider: status {status}")
            return self._send_whole(status, "application/json", server.error_body(False, status, msg))
        texts = None
        if model == "fake-echo":
            texts = self._echo_texts(headers, body)
        elif (m := re.fullmatch(r"fake-chunks-(\d+)", model)):
            texts = server.chunk_texts(int(m.group(1)))
        elif model == "fake-cut":
            return self._cut_responses(model, stream)
        elif model == "fake-invalid-utf8":
            raw = server.INVALID_UTF8_BEFORE.encode() + b"\xff\xfe" + server.INVALID_UTF8_AFTER.encode()
            if not stream:
                body = responses_wire.whole(model, "@@RAW@@").replace(b"@@RAW@@", raw)
                return self._send_whole(200, "application/json", body)
            return self._stream([e.replace(b"@@RAW@@", raw)
                                 for e in responses_wire.events(model, ["@@RAW@@", " end"])])
        if texts is None:
            return self._not_found("POST", body)
        if stream:
            return self._stream(responses_wire.events(model, texts))
        self._send_whole(200, "application/json", responses_wire.whole(model, "".join(texts)))

    def _cut_responses(self, model, stream):
        texts, sent = server.cut_texts()
        if not stream:
            full = responses_wire.whole(model, "".join(texts))
            self._start(200, "application/json", length=len(full))
            self.wfile.write(full[: len(full) // 2])
            self.wfile.flush()
            return self._abort()
        self._start(200, "text/event-stream; charset=utf-8")
        events = list(responses_wire.events(model, texts))
        for ev in events[: responses_wire.HEAD_EVENTS + len(sent)]:
            self._chunk(ev)
        self._abort()


if __name__ == "__main__":
    server.Handler = ResponsesHandler  # server.Server serves with the module's Handler
    sys.exit(server.main())
