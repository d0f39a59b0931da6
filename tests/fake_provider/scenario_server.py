#!/usr/bin/python3
"""The fake provider (server.py) with scenarios for clients whose model names are fixed, such
as Anthropic's: a first path segment naming a synthetic model chooses it whatever the body's
model is (POST /fake-cut/v1/messages serves fake-cut), so a test points ANTHROPIC_BASE_URL at
http://127.0.0.1:PORT/fake-cut/v1 and prompts a real Claude model. Adds to server.py's models:

  fake-529               HTTP 529 with the provider's overloaded error body
  fake-error-event       an error in the stream before any text (Anthropic: `event: error`,
                         overloaded_error; OpenAI: a data chunk holding an error object)
  fake-error-after-text  one text chunk (ERROR_AFTER_TEXT), then that error, then nothing
  fake-thinking-tool     Anthropic with thinking: checks the request as the API does where
                         thinking is concerned (a 400 invalid_request_error naming the rule
                         otherwise), then answers a signed thinking block (THOUGHT, SIGNATURE)
                         and a tool_use of the first offered tool, or, once the last user
                         turn carries a tool_result (or no tool is offered, or tool_choice
                         is none), THOUGHT and the text THINKING_ANSWER

Same options and output as server.py; loopback only.
"""
import json
import re
import sys

import server as base

ERROR_AFTER_TEXT = "Partial"
STREAM_ERROR_MESSAGE = "Overloaded"
THOUGHT = "Thinking it over."
SIGNATURE = "sig-fake-0123456789"
THINKING_ANSWER = "Thought-through answer"
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
        if model == "fake-thinking-tool" and anthropic:
            problem = thinking_request_problem(body)
            if problem:
                payload = json.dumps({"type": "error", "error": {"type": "invalid_request_error",
                                                                 "message": problem}})
                return self._send_whole(400, "application/json", payload.encode())
            return self._stream(list(thinking_events(body)))
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


def thinking_request_problem(body):
    """What the Messages API would refuse in `body` around thinking and tool turns, or None."""
    messages = body.get("messages") or []
    blocks = [b for m in messages if isinstance(m.get("content"), list) for b in m["content"]]
    if not body.get("tools") and any(b.get("type") in ("tool_use", "tool_result") for b in blocks):
        return "Requests which include `tool_use` or `tool_result` blocks must define tools."
    for i, m in enumerate(messages):
        content = m.get("content")
        if not content:
            return f"messages.{i}: all messages must have non-empty content"
        if not isinstance(content, list):
            continue
        for j, block in enumerate(content):
            if block.get("type") == "thinking" and not block.get("signature"):
                return f"messages.{i}.content.{j}.thinking.signature: Field required"
        uses = [b["id"] for b in content if b.get("type") == "tool_use"]
        if m.get("role") == "assistant" and uses:
            if content[0].get("type") not in ("thinking", "redacted_thinking"):
                return (f"messages.{i}.content.0.type: Expected `thinking` or "
                        f"`redacted_thinking`, but found `{content[0].get('type')}`")
            following = messages[i + 1]["content"] if i + 1 < len(messages) else []
            answered = {b.get("tool_use_id") for b in following if isinstance(b, dict)}
            if not set(uses) <= answered:
                return f"messages.{i}: tool_use ids were found without tool_result blocks"
    return None


def thinking_events(body):
    model = body.get("model")
    last = (body.get("messages") or [{}])[-1].get("content") or []
    answered = any(isinstance(b, dict) and b.get("type") == "tool_result" for b in last)
    tools = body.get("tools") or []
    use_tool = bool(tools) and not answered and (body.get("tool_choice") or {}).get("type") != "none"
    sse = base._sse
    yield sse("message_start", {"type": "message_start", "message": {
        "id": "msg_thinking", "type": "message", "role": "assistant", "model": model,
        "content": [], "stop_reason": None, "usage": {"input_tokens": 9, "output_tokens": 1}}})
    yield sse("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {
        "type": "thinking", "thinking": "", "signature": ""}})
    yield sse("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {
        "type": "thinking_delta", "thinking": THOUGHT}})
    yield sse("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {
        "type": "signature_delta", "signature": SIGNATURE}})
    yield sse("content_block_stop", {"type": "content_block_stop", "index": 0})
    if use_tool:
        block = {"type": "tool_use", "id": "toolu_fake_1", "name": tools[0]["name"], "input": {}}
    else:
        block = {"type": "text", "text": THINKING_ANSWER}
    yield sse("content_block_start", {"type": "content_block_start", "index": 1,
                                      "content_block": block})
    yield sse("content_block_stop", {"type": "content_block_stop", "index": 1})
    yield sse("message_delta", {"type": "message_delta", "delta": {
        "stop_reason": "tool_use" if use_tool else "end_turn"}, "usage": {"output_tokens": 5}})
    yield sse("message_stop", {"type": "message_stop"})


if __name__ == "__main__":
    base.Handler = Handler  # server.Server builds its handlers from this name
    sys.exit(base.main())
