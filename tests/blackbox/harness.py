"""Shared fixtures for the black-box tests: a fake provider per test, a private config
directory, and a helper that runs the real `llm` binary in a clean environment.

The binary comes from $LLM_BIN (CTest passes $<TARGET_FILE:llm>). Every test gets its own
temporary HOME and LLM_USER_PATH and its own fake server on a free loopback port, so the
suite is safe to run in parallel. Only loopback traffic.
"""
import json
import os
import pathlib
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

HERE = pathlib.Path(__file__).resolve().parent
SERVER = HERE.parent / "fake_provider" / "server.py"
PYTHON = "/usr/bin/python3"
sys.path.insert(0, str(SERVER.parent))
import server as fake  # noqa: E402  (expected synthetic answers)

TEST_KEY = "sk-test-0123456789abcdefTESTKEY"
ANTHROPIC_KEY = "sk-ant-test-0123456789abcdefKEY"

# The recorded exchanges the prompt tests replay, and the answers they recorded.
STREAM_REPLAY = "openai/test_tool_use_basic.yaml#1"          # gpt-4o-mini, stream
STREAM_ANSWER = "The result of \\( 1231 \\times 2331 \\) is \\( 2,869,461 \\)."
STREAM_USAGE = (87, 26)
NOSTREAM_REPLAY = "openai/test_tool_use_chain_of_two_calls.yaml#2"  # gpt-4o-mini, gzip JSON
NOSTREAM_ANSWER = "YES"
NOSTREAM_USAGE = (146, 3)
MINI41_REPLAY = "openai/test_tools_streaming_variant_a.yaml#1"  # gpt-4.1-mini, stream
MINI41_ANSWER = "The current version of *llm* is **0.fixed-version**."
DEFAULT_REPLAYS = (STREAM_REPLAY, NOSTREAM_REPLAY, MINI41_REPLAY)

# Synthetic models served by the fake provider; registered in extra-openai-models.yaml
# because `llm` refuses model names it does not know.
FAKE_MODELS = ("fake-echo", "fake-401", "fake-429", "fake-500", "fake-malformed-sse",
               "fake-cut", "fake-invalid-utf8", "fake-10mb", "fake-chunks-3",
               "fake-chunks-1000", "fake-slow", "fake-slow-20")


def llm_binary():
    path = os.environ.get("LLM_BIN")
    if not path:
        raise RuntimeError("set LLM_BIN to the llm binary under test (CTest does this)")
    return os.path.abspath(path)


def free_port():
    """A loopback port nobody listens on: bind, read the port, close."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class FakeProvider:
    def __init__(self, workdir, replays=DEFAULT_REPLAYS, expect_key=None, extra_args=(),
                 script=None):
        self.dir = pathlib.Path(workdir)
        self.log_path = self.dir / "requests.jsonl"
        port_file = self.dir / "port"
        cmd = [PYTHON, str(script or SERVER), "--port-file", str(port_file), "--log", str(self.log_path)]
        for r in replays:
            cmd += ["--replay", r]
        if expect_key is not None:
            cmd += ["--expect-key", expect_key]
        cmd += list(extra_args)
        with open(self.dir / "server.err", "wb") as err:
            self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err,
                                         env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
        deadline = time.monotonic() + 10
        while not port_file.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("fake provider did not start: "
                                   + (self.dir / "server.err").read_text(errors="replace"))
            time.sleep(0.01)
        self.port = int(port_file.read_text())
        self.base_url = f"http://127.0.0.1:{self.port}/v1"

    def requests(self):
        if not self.log_path.exists():
            return []
        return [json.loads(line) for line in self.log_path.read_text().splitlines() if line]

    def last_request(self):
        reqs = self.requests()
        if not reqs:
            raise AssertionError("the fake provider received no request")
        return reqs[-1]

    def last_body(self):
        return self.last_request()["body"]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Result:
    def __init__(self, proc, stdout, stderr):
        self.returncode = proc.returncode
        self.stdout_bytes = stdout
        self.stderr_bytes = stderr
        self.stdout = stdout.decode("utf-8", "replace")
        self.stderr = stderr.decode("utf-8", "replace")

    def __repr__(self):
        return (f"<llm exit={self.returncode} stdout={self.stdout[:300]!r} "
                f"stderr={self.stderr[:600]!r}>")


class LlmTestCase(unittest.TestCase):
    """Each test: a temp HOME, a temp LLM_USER_PATH, a fake provider, a clean environment."""

    replays = DEFAULT_REPLAYS
    expect_key = None
    register_fake_models = True
    server_script = None  # None: SERVER; or e.g. fake_provider/scenario_server.py

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="llm-bb-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.home = self.tmp / "home"
        self.user_dir = self.tmp / "config"
        self.home.mkdir()
        self.user_dir.mkdir()
        self.server = FakeProvider(self.tmp, self.replays, self.expect_key,
                                   script=self.server_script)
        self.addCleanup(self.server.stop)
        if self.register_fake_models:
            self.register_models(*FAKE_MODELS)

    # --- environment --------------------------------------------------------------
    def base_env(self):
        return {
            "PATH": "/usr/bin:/bin",
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "LLM_USER_PATH": str(self.user_dir),
            "OPENAI_BASE_URL": self.server.base_url,
            "OPENAI_API_KEY": TEST_KEY,
        }

    def write_extra_models(self, models):
        # JSON is valid YAML; no YAML writer needed.
        (self.user_dir / "extra-openai-models.yaml").write_text(json.dumps(models, indent=2) + "\n")

    def model_entries(self, models, **extra):
        """extra-openai-models.yaml entries: each model served by the fake provider under its
        own name, with the openai key, plus `extra` fields."""
        return [{"model_id": m, "model_name": m, "api_base": self.server.base_url,
                 "api_key_name": "openai", **extra} for m in models]

    def register_models(self, *models):
        """Only these models in extra-openai-models.yaml (replacing what setUp wrote)."""
        self.write_extra_models(self.model_entries(models))

    def write_keys(self, keys, mode=0o600):
        path = self.user_dir / "keys.json"
        data = {"// Note": "This file stores secret API credentials. Do not share!"}
        data.update(keys)
        path.write_text(json.dumps(data, indent=2) + "\n")
        os.chmod(path, mode)
        return path

    def make_tools_dir(self):
        """<config>/tools, and self.workspace (LLM_WORKSPACE) for custom tools; both reachable
        by the sandbox, which runs tools as nobody when the tests run as root."""
        self.workspace = self.tmp / "ws"
        self.workspace.mkdir()
        tools = self.user_dir / "tools"
        tools.mkdir()
        if os.geteuid() == 0:  # the sandbox runs tools as nobody: let it in
            for d in (self.tmp, self.user_dir, tools):
                os.chmod(d, 0o755)
            os.chmod(self.workspace, 0o777)
        return tools

    def write_tool_file(self, name, text, mode=0o644):
        """<config>/tools/<name> (a tool's YAML, or its script with mode 0o755)."""
        path = self.user_dir / "tools" / name
        path.write_text(text)
        os.chmod(path, mode)
        return path

    # --- running llm ----------------------------------------------------------------
    def llm(self, *args, input=b"", env=None, unset=(), timeout=60, user=None):
        e = self.base_env()
        for k in unset:
            e.pop(k, None)
        e.update(env or {})
        if isinstance(input, str):
            input = input.encode()
        kwargs = {}
        if user is not None:
            kwargs = {"user": user, "group": user, "extra_groups": []}
        proc = subprocess.Popen([llm_binary(), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=e, cwd=str(self.tmp), **kwargs)
        try:
            out, err = proc.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            self.fail(f"llm {' '.join(args)} did not finish in {timeout}s; stderr={err[:500]!r}")
        return Result(proc, out, err)

    def llm_with_tools(self, *args, enabled=True):
        """llm in self.workspace, with custom tools enabled (LLM_DISABLE_CUSTOM_TOOLS=false)
        or left at the default (disabled)."""
        env = {"LLM_WORKSPACE": str(self.workspace)}
        if enabled:
            env["LLM_DISABLE_CUSTOM_TOOLS"] = "false"
        return self.llm(*args, env=env)

    def llm_version(self):
        """The version `llm --version` prints (what the llm_version tool answers)."""
        r = self.llm("--version")
        self.assertOk(r)
        return r.stdout.strip().rsplit(" ", 1)[-1]

    def bodies(self):
        """The JSON bodies of the requests the fake provider received, oldest first."""
        return [r["body"] for r in self.server.requests()]

    def assertOk(self, r):
        self.assertEqual(r.returncode, 0, r)

    def assertOneErrorLine(self, r, status=1):
        """The failure contract: exit status, and exactly one line `Error: ...` on stderr."""
        self.assertEqual(r.returncode, status, r)
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, f"expected one stderr line, got {lines!r}")
        self.assertTrue(lines[0].startswith("Error: "), f"stderr line {lines[0]!r} must start 'Error: '")
        return lines[0]

    # --- logs.db ------------------------------------------------------------------
    @property
    def db_path(self):
        return self.user_dir / "logs.db"

    def rows(self, sql="select * from responses order by id", params=()):
        if not self.db_path.exists():
            return []
        con = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in con.execute(sql, params)]
        finally:
            con.close()

    def table_rows(self, table):
        """Every row of a logs.db table, in insertion (rowid) order."""
        return self.rows(f"select * from {table} order by rowid")

    def one_row(self):
        rows = self.rows()
        self.assertEqual(len(rows), 1, f"expected one logged response, got {len(rows)}")
        return rows[0]


class AnthropicTestCase(LlmTestCase):
    """The Anthropic models sent to the fake provider's scenario server (which also replays
    recordings) with ANTHROPIC_API_KEY set to ANTHROPIC_KEY."""

    server_script = SERVER.parent / "scenario_server.py"

    def base_env(self):
        env = super().base_env()
        env["ANTHROPIC_BASE_URL"] = self.server.base_url
        env["ANTHROPIC_API_KEY"] = ANTHROPIC_KEY
        return env


def marked_incomplete(row):
    """True when the row's response_json carries a truthy key naming it incomplete."""
    try:
        data = json.loads(row.get("response_json") or "null")
    except ValueError:
        return False
    if not isinstance(data, dict):
        return False
    return any("incomplete" in k.lower() and bool(v) for k, v in data.items())
