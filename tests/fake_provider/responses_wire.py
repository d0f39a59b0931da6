"""OpenAI Responses API wire format for the fake provider (server.py): the synthetic answers
of the fake-* models as `response.*` server-sent events or one response object, plus
Responses-only scenarios:

  fake-reasoning      a reasoning summary streamed before the answer text
  fake-tool-call      a function call (name "multiply", arguments {"a": 3, "b": 4}), no text
  fake-error-event    an `error` event before any text
  fake-failed         some text, then `response.failed` with an error
"""
import json

REASONING_TEXT = "Thinking about it."
REASONING_ANSWER = "The answer is 42."
FAILED_TEXT = "Partial "
ERROR_MESSAGE = "The fake model is overloaded"
PROMPT_TOKENS = 7

# Events before the first text delta, for scenarios that cut or corrupt a stream.
HEAD_EVENTS = 2


def _sse(obj):
    return f"event: {obj['type']}\ndata: {json.dumps(obj)}\n\n".encode()


def response_object(model, status, output, n_out=1):
    return {"id": "resp_fake", "object": "response", "created_at": 1700000000, "status": status,
            "error": None, "incomplete_details": None, "instructions": None, "model": model,
            "output": output, "store": False, "usage": None if status == "in_progress" else {
                "input_tokens": PROMPT_TOKENS, "input_tokens_details": {"cached_tokens": 0},
                "output_tokens": n_out, "output_tokens_details": {"reasoning_tokens": 0},
                "total_tokens": PROMPT_TOKENS + n_out}}


def _message(text, status="completed"):
    return {"id": "msg_fake", "type": "message", "status": status, "role": "assistant",
            "content": [] if text is None else [{"type": "output_text", "annotations": [], "text": text}]}


def events(model, texts, include_usage=True):
    """A plain text answer as Responses events (usage always comes with response.completed)."""
    yield _sse({"type": "response.created", "response": response_object(model, "in_progress", [])})
    yield _sse({"type": "response.output_item.added", "output_index": 0,
                "item": _message(None, "in_progress")})
    for t in texts:
        yield _sse({"type": "response.output_text.delta", "item_id": "msg_fake", "output_index": 0,
                    "content_index": 0, "delta": t})
    text = "".join(texts)
    yield _sse({"type": "response.output_item.done", "output_index": 0, "item": _message(text)})
    yield _sse({"type": "response.completed",
                "response": response_object(model, "completed", [_message(text)], len(texts))})


def whole(model, text):
    return json.dumps(response_object(model, "completed", [_message(text)])).encode()


def _reasoning_item():
    return {"id": "rs_fake", "type": "reasoning",
            "summary": [{"type": "summary_text", "text": REASONING_TEXT}]}


def _call_item(status="completed"):
    return {"id": "fc_fake", "type": "function_call", "status": status, "call_id": "call_fake",
            "name": "multiply", "arguments": '{"a": 3, "b": 4}' if status == "completed" else ""}


def special(model, stream):
    """(kind, payload) for a Responses-only scenario, or None: kind is "events" or "whole"."""
    if model == "fake-reasoning":
        if not stream:
            return "whole", json.dumps(response_object(
                model, "completed", [_reasoning_item(), _message(REASONING_ANSWER)])).encode()
        half = len(REASONING_TEXT) // 2
        evs = [_sse({"type": "response.created", "response": response_object(model, "in_progress", [])}),
               _sse({"type": "response.output_item.added", "output_index": 0,
                     "item": {"id": "rs_fake", "type": "reasoning", "summary": []}})]
        for piece in (REASONING_TEXT[:half], REASONING_TEXT[half:]):
            evs.append(_sse({"type": "response.reasoning_summary_text.delta", "item_id": "rs_fake",
                             "output_index": 0, "summary_index": 0, "delta": piece}))
        evs.append(_sse({"type": "response.reasoning_summary_text.done", "item_id": "rs_fake",
                         "output_index": 0, "summary_index": 0, "text": REASONING_TEXT}))
        evs.append(_sse({"type": "response.output_item.done", "output_index": 0,
                         "item": _reasoning_item()}))
        evs.append(_sse({"type": "response.output_text.delta", "item_id": "msg_fake",
                         "output_index": 1, "content_index": 0, "delta": REASONING_ANSWER}))
        evs.append(_sse({"type": "response.completed", "response": response_object(
            model, "completed", [_reasoning_item(), _message(REASONING_ANSWER)])}))
        return "events", evs
    if model == "fake-tool-call":
        if not stream:
            return "whole", json.dumps(response_object(model, "completed", [_call_item()])).encode()
        evs = [_sse({"type": "response.created", "response": response_object(model, "in_progress", [])}),
               _sse({"type": "response.output_item.added", "output_index": 0,
                     "item": _call_item("in_progress")})]
        for piece in ('{"a": ', '3, "b": 4}'):
            evs.append(_sse({"type": "response.function_call_arguments.delta", "item_id": "fc_fake",
                             "output_index": 0, "delta": piece}))
        evs.append(_sse({"type": "response.output_item.done", "output_index": 0, "item": _call_item()}))
        evs.append(_sse({"type": "response.completed",
                         "response": response_object(model, "completed", [_call_item()])}))
        return "events", evs
    if model == "fake-error-event":
        return "events", [_sse({"type": "error", "code": "server_error", "message": ERROR_MESSAGE,
                                "param": None, "sequence_number": 0})]
    if model == "fake-failed":
        failed = response_object(model, "failed", [])
        failed["error"] = {"code": "server_error", "message": ERROR_MESSAGE}
        return "events", [
            _sse({"type": "response.created", "response": response_object(model, "in_progress", [])}),
            _sse({"type": "response.output_text.delta", "item_id": "msg_fake", "output_index": 0,
                  "content_index": 0, "delta": FAILED_TEXT}),
            _sse({"type": "response.failed", "response": failed})]
    return None
