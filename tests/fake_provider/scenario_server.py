#!/usr/bin/python3
"""The fake provider (server.py) with scenarios for clients whose model names are fixed, such
as Anthropic's: a first path segment naming a synthetic model chooses it whatever the body's
model is (POST /fake-cut/v1/messages serves fake-cut), so a test points ANTHROPIC_BASE_URL at
http://127.0.0.1:PORT/fake-cut/v1 and prompts a real Claude model. Adds to server.py's models:

  fake-529               HTTP 529 with the provider's overloaded error body
  fake-error-event       an error in the stream before any text (Anthropic: `event: error`,
                         overloaded_error; OpenAI: a data chunk holding an error object)
  fake-error-after-text  one text chunk (ERROR_AFTER_TEXT), then that error, then nothing

Same options and output as server.py; loopback only.
"""
import json
import re
import sys

import server as base

ERROR_AFTER_TEXT = "Partial"
STREAM_ERROR_MESSAGE = "Overloaded"
SCENARIO_PATH = re.compile(r"^/(fake-[A-Za-z0-9-]+)(/.*)$")


class Handler(base.Handler):
    def do_POST(self):
        scenario = SCENARIO_PATH.match(self.path)
        if not scenario:
            return super().do_POST()
        body, headers = self._record(self._read_body())
        return self._synthetic(scenario.group(1), body, headers)

    def _synthetic(self, model, body, headers):
        anthropic = self.path.rstrip("/").endswith("/messages")
        if model == "fake-529":
            payload = json.dumps({"type": "error", "error": {"type": "overloaded_error",
                                                             "message": STREAM_ERROR_MESSAGE}})
            return self._send_whole(529, "application/json", payload.encode())
        if model in ("fake-error-event", "fake-error-after-text"):
            return self._stream_error(model, anthropic, model == "fake-error-after-text")
        return super()._synthetic(model, body, headers)

    def _stream_error(self, model, anthropic, after_text):
        events = base.anthropic_events if anthropic else base.openai_events
        ev = list(events(model, [ERROR_AFTER_TEXT], False))
        head = (3 if anthropic else 2) if after_text else (1 if anthropic else 0)
        if anthropic:
            error = base._sse("error", {"type": "error", "error": {
                "type": "overloaded_error", "message": STREAM_ERROR_MESSAGE}})
        else:
            error = b"data: " + json.dumps({"error": {"message": STREAM_ERROR_MESSAGE,
                                                      "type": "server_error"}}).encode() + b"\n\n"
        self._stream(ev[:head] + [error])


if __name__ == "__main__":
    base.Handler = Handler  # server.Server builds its handlers from this name
    sys.exit(base.main())
