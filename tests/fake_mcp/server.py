#!/usr/bin/python3
"""A tiny fake MCP server for llmbox's tests: JSON-RPC 2.0 over stdio, one message per line.
No network; stdlib only.

It insists on the lifecycle (initialize first, then notifications/initialized, then
requests) and appends every message it receives to ./mcp-transcript.jsonl (its working
directory is the sandbox's workspace), so tests can check what the client sent.

Tools: mcp_add (a + b), mcp_fail (isError), mcp_write (writes `text` to `path`, reports
the OS error as isError), mcp_env (the names of its environment variables), mcp_net (opens a
TCP socket, never connects; reports the OS error as isError).

Usage: server.py [MODE]; MODE is one of
  normal     the above (default)
  chatty     also sends a notification and a server log line before each answer
  bad-name   tools/list names a tool "../evil"
  garbage    answers initialize with a line that is not JSON
  exit       exits without answering initialize
  crash      answers initialize, then dies (exit status 1, a message on stderr) on tools/list
  ping       sends a ping request before each answer and waits for the client's reply
  unknown    sends a roots/list request before each answer and waits for the client's reply
  flood      sends 100 ping requests before each answer without waiting for replies
  hang       reads what the client sends and never answers (the sandbox's timeout stops it)
  hold L     holds an exclusive lock on ./hold-L.lock until ./release exists (at most 20 s),
             then exits without answering
  count-holds  normal, but before answering tools/list waits (at most 20 s) for two hold
             servers to have started, writes how many hold locks are held to ./holds-seen,
             then creates ./release
  release    normal, but holds a lock on ./release.lock while it runs and creates ./release
             before answering tools/list
  after-release  normal, but answers tools/list only once ./release exists and no release
             server holds ./release.lock any more, i.e. the client has its answer (at most 20 s)
The client's replies to its requests are appended to the transcript too. Every start
appends "MODE [LABEL]" to ./mcp-starts.log, so tests can tell which servers were started.
"""
import fcntl
import glob
import json
import os
import socket
import sys
import time

TOOLS = [
    {"name": "mcp_add", "description": "Adds two integers",
     "inputSchema": {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                     "required": ["a", "b"]}},
    {"name": "mcp_fail", "description": "Always fails",
     "inputSchema": {"type": "object", "properties": {}}},
    {"name": "mcp_write", "description": "Writes text to a file",
     "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}, "text": {"type": "string"}}}},
    {"name": "mcp_env", "description": "Lists its environment variable names",
     "inputSchema": {"type": "object", "properties": {}}},
    {"name": "mcp_net", "description": "Opens a TCP socket",
     "inputSchema": {"type": "object", "properties": {}}},
]


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def text_result(text, is_error=False):
    result = {"content": [{"type": "text", "text": text}]}
    if is_error:
        result["isError"] = True
    return result


def call_tool(name, args):
    if name == "mcp_add":
        return text_result(str(args["a"] + args["b"]))
    if name == "mcp_fail":
        return text_result("the fake tool failed on purpose", is_error=True)
    if name == "mcp_write":
        try:
            with open(args["path"], "w") as f:
                f.write(args.get("text", ""))
        except OSError as e:
            return text_result(f"cannot write {args['path']}: {e.strerror}", is_error=True)
        return text_result("written")
    if name == "mcp_env":
        return text_result(",".join(sorted(os.environ)))
    if name == "mcp_net":
        try:
            socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
        except OSError as e:
            return text_result(f"socket: {e.strerror}", is_error=True)
        return text_result("socket opened")
    return None


def answer(mode, state, message):
    method = message.get("method")
    if method == "initialize":
        if mode == "garbage":
            sys.stdout.write("this is not json\n")
            sys.stdout.flush()
            return
        state["initialize"] = True
        return {"protocolVersion": message["params"]["protocolVersion"],
                "capabilities": {"tools": {}}, "serverInfo": {"name": "fake-mcp", "version": "1"}}
    if not state.get("initialized"):
        raise ValueError(f"{method} before notifications/initialized")
    if method == "tools/list":
        tools = [dict(TOOLS[0], name="../evil")] if mode == "bad-name" else TOOLS
        return {"tools": tools}
    if method == "tools/call":
        return call_tool(message["params"]["name"], message["params"].get("arguments") or {})
    return None


def record(message):
    with open("mcp-transcript.jsonl", "a") as t:
        t.write(json.dumps(message) + "\n")


def ask(method, request_id):
    """A request of the server's own; returns the client's reply (None if stdin closed)."""
    send({"jsonrpc": "2.0", "id": request_id, "method": method})
    for line in sys.stdin:
        message = json.loads(line)
        record(message)
        if message.get("id") == request_id and "method" not in message:
            return message
        raise ValueError(f"expected the reply to {method}, got {message}")
    return None


def wait_for(predicate, limit=20.0):
    """Polls `predicate` until it holds or `limit` seconds pass (a bound, not an assertion)."""
    end = time.monotonic() + limit
    while not predicate() and time.monotonic() < end:
        time.sleep(0.02)


def starts():
    try:
        with open("mcp-starts.log") as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def held_locks():
    held = 0
    for path in sorted(glob.glob("hold-*.lock")):
        with open(path, "a") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(f, fcntl.LOCK_UN)
            except OSError:
                held += 1
    return held


def hold(label):
    with open(f"hold-{label}.lock", "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        with open("mcp-starts.log", "a") as log:
            log.write(f"hold {label} locked\n")
        wait_for(lambda: os.path.exists("release"))
    return 0


def released():
    if not os.path.exists("release"):
        return False
    with open("release.lock", "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
    return True


def count_holds():
    wait_for(lambda: sum(line.endswith(" locked") for line in starts()) >= 2)
    with open("holds-seen", "w") as f:
        f.write(str(held_locks()))
    open("release", "w").close()


def before_answer(mode, message):
    """What the server does before answering a request."""
    if message.get("method") == "tools/list":
        if mode == "count-holds":
            count_holds()
        elif mode == "after-release":
            wait_for(released)
        elif mode == "release":
            open("release", "w").close()
    if mode == "ping":
        ask("ping", f"srv-ping-{message['id']}")
    elif mode == "unknown":
        ask("roots/list", 1000 + message["id"])
    elif mode == "flood":
        for i in range(100):
            send({"jsonrpc": "2.0", "id": f"flood-{i}", "method": "ping"})
    elif mode == "crash" and message.get("method") == "tools/list":
        sys.exit("fake-mcp crashed on purpose")


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "normal"
    with open("mcp-starts.log", "a") as log:
        log.write(" ".join(sys.argv[1:] or ["normal"]) + "\n")
    if mode == "exit":
        return 3
    if mode == "hold":
        return hold(sys.argv[2])
    if mode == "release":
        lock = open("release.lock", "a")
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the client stops this server
    state = {}
    for line in sys.stdin:
        message = json.loads(line)
        record(message)
        if message.get("method") == "notifications/initialized":
            if not state.get("initialize"):
                raise ValueError("initialized before initialize")
            state["initialized"] = True
            continue
        if mode == "chatty":
            print("fake-mcp: a log line on stdout is not JSON-RPC either", file=sys.stderr)
            send({"jsonrpc": "2.0", "method": "notifications/message",
                  "params": {"level": "info", "data": "working"}})
            send({"jsonrpc": "2.0", "id": 99, "result": {"not": "yours"}})
        if "id" not in message or mode == "hang":
            continue
        before_answer(mode, message)
        result = answer(mode, state, message)
        if result is None:
            send({"jsonrpc": "2.0", "id": message["id"],
                  "error": {"code": -32601, "message": f"no such method or tool: {message.get('method')}"}})
        else:
            send({"jsonrpc": "2.0", "id": message["id"], "result": result})
    return 0


if __name__ == "__main__":
    sys.exit(main())
