"""Anthropic Messages models: every recorded llm-anthropic exchange replayed (streamed and
--no-stream, thinking shown on stderr or hidden with -R, gzip bodies, tool calls), failures
served by the fake provider's synthetic scenarios, ANTHROPIC_BASE_URL, the `anthropic` key
from the environment, keys.json or ANTHROPIC_API_KEY_FILE, and the key never in output or
logs.db."""
import base64
import json
import os
import pathlib
import pty
import select
import subprocess
import sys

import yaml

from harness import ANTHROPIC_KEY as KEY
from harness import SERVER, AnthropicTestCase, fake, llm_binary, marked_incomplete

sys.dont_write_bytecode = True
sys.path.insert(0, str(SERVER.parent))
import scenario_server  # noqa: E402  (expected answers of the added scenarios)

FIXTURES = pathlib.Path(fake.FIXTURES) / "anthropic"
PELICAN = "Two names for a pet pelican, be brief"
PELICAN_ANSWER = "- Captain\n- Scoop"
# API model names in the recordings -> the llm alias that sends them.
ALIAS = {"claude-sonnet-4-5": "claude-sonnet-4.5", "claude-haiku-4-5-20251001": "claude-haiku-4.5"}


def recorded(name, index=0):
    """(request body, decoded response text, gzip?) of a recorded exchange."""
    exchange = yaml.safe_load((FIXTURES / name).read_text())["interactions"][index]
    body = exchange["response"]["body"]["string"]
    gz = isinstance(body, bytes)
    if gz:
        import gzip
        body = gzip.decompress(body).decode()
    return json.loads(exchange["request"]["body"]), body, gz


def recorded_message(stream_text):
    """The message_start message and the answer text of a recorded event stream."""
    message, text = None, ""
    for line in stream_text.splitlines():
        if not line.startswith("data: "):
            continue
        data = json.loads(line[6:])
        if data["type"] == "message_start":
            message = data["message"]
        elif data["type"] == "content_block_delta" and data["delta"]["type"] == "text_delta":
            text += data["delta"]["text"]
    return message, text


class AnthropicCase(AnthropicTestCase):
    replays = ("anthropic",)

    def scenario_url(self, scenario):
        return f"http://127.0.0.1:{self.server.port}/{scenario}/v1"

    def run_scenario(self, scenario, *args):
        return self.llm("-m", "claude-haiku-4.5", *args, "hi",
                        env={"ANTHROPIC_BASE_URL": self.scenario_url(scenario)})

    def logged_json(self, row):
        return json.loads(row["response_json"])


class Replays(AnthropicCase):
    replays = ("anthropic/test_prompt.yaml",)

    def test_streams_recorded_answer(self):
        r = self.llm("-m", "claude-sonnet-4.5", PELICAN)
        self.assertOk(r)
        self.assertEqual(r.stdout, PELICAN_ANSWER + "\n")
        self.assertEqual(r.stderr, "")

    def test_sends_llm_anthropic_request(self):
        self.assertOk(self.llm("-m", "claude-sonnet-4.5", PELICAN))
        req = self.server.last_request()
        self.assertEqual(req["path"], "/v1/messages")
        self.assertEqual(req["headers"]["anthropic-version"], "2023-06-01")
        self.assertEqual(req["headers"]["x-api-key"], fake.key_digest(KEY))
        self.assertNotIn("authorization", req["headers"])
        want, _, _ = recorded("test_prompt.yaml")
        got = req["body"]
        self.assertEqual(got["messages"], want["messages"])
        self.assertEqual({k: got[k] for k in ("model", "temperature", "stream")},
                         {k: want[k] for k in ("model", "temperature", "stream")})
        self.assertEqual(got["max_tokens"], 64000)  # llm-anthropic's default for Sonnet 4.5

    def test_no_stream_prints_the_same_answer(self):
        r = self.llm("-m", "claude-sonnet-4.5", "--no-stream", PELICAN)
        self.assertOk(r)
        self.assertEqual(r.stdout, PELICAN_ANSWER + "\n")
        self.assertTrue(self.server.last_body()["stream"])  # llm-anthropic always streams

    def test_logs_row_like_llm_anthropic(self):
        self.assertOk(self.llm("-m", "claude-sonnet-4.5", PELICAN))
        row = self.one_row()
        self.assertEqual(row["model"], "anthropic/claude-sonnet-4-5")
        self.assertEqual(row["resolved_model"], "claude-sonnet-4-5-20250929")
        self.assertEqual(row["response"], PELICAN_ANSWER)
        self.assertEqual((row["input_tokens"], row["output_tokens"]), (17, 10))
        self.assertIsNone(row["token_details"])
        data = self.logged_json(row)
        self.assertEqual(data["content"], [{"citations": None, "text": PELICAN_ANSWER,
                                            "type": "text"}])
        self.assertEqual(data["stop_reason"], "end_turn")
        self.assertNotIn("usage", data)

    def test_system_prompt_and_options_reach_the_request(self):
        self.assertOk(self.llm("-m", "claude-sonnet-4.5", "-s", "Be brief", "-o", "temperature",
                               "0.5", "-o", "stop_sequences", "beak", "-o", "max_tokens", "300",
                               PELICAN))
        body = self.server.last_body()
        self.assertEqual(body["system"], "Be brief")
        self.assertEqual(body["temperature"], 0.5)
        self.assertEqual(body["stop_sequences"], ["beak"])
        self.assertEqual(body["max_tokens"], 300)

    def test_continued_conversation_sends_earlier_turns(self):
        self.assertOk(self.llm("-m", "claude-sonnet-4.5", PELICAN))
        self.assertOk(self.llm("-c", PELICAN))
        messages = self.server.last_body()["messages"]
        self.assertEqual([m["role"] for m in messages], ["user", "assistant", "user"])
        self.assertEqual(messages[1]["content"], [{"type": "text", "text": PELICAN_ANSWER}])

    def test_bad_option_is_one_error_line_and_no_request(self):
        r = self.llm("-m", "claude-sonnet-4.5", "-o", "temperature", "1.5", PELICAN)
        self.assertIn("temperature", self.assertOneErrorLine(r))
        r = self.llm("-m", "claude-3.5-haiku", "-o", "thinking", "1", PELICAN)
        self.assertIn("not supported by claude-3-5-haiku-latest", self.assertOneErrorLine(r))
        self.assertEqual(self.server.requests(), [])

    def test_prefill_is_refused_where_the_model_cannot_take_it(self):
        r = self.llm("-m", "claude-opus-4.6", "-o", "prefill", "{", PELICAN)
        self.assertIn("prefill", self.assertOneErrorLine(r))


class EveryRecording(AnthropicCase):
    """Each recorded exchange, alone on the server, replays through the real binary."""

    def test_every_recorded_exchange_replays(self):
        for path in sorted(FIXTURES.glob("*.yaml")):
            count = len(yaml.safe_load(path.read_text())["interactions"])
            for index in range(count):
                with self.subTest(exchange=f"{path.name}#{index}"):
                    self.replay(path.name, index)

    def replay(self, name, index):
        self.server.stop()
        self.server = fake_server(self.tmp / f"{name}-{index}", f"anthropic/{name}#{index}")
        self.addCleanup(self.server.stop)
        want, stream, _ = recorded(name, index)
        message, text = recorded_message(stream)
        args = ["-m", ALIAS[want["model"]], "-n"]
        if "thinking" in want:
            args += ["-o", "thinking", "1"]
        for flag in ([], ["--no-stream"]):
            r = self.llm(*args, *flag, "--json", "hi")
            self.assertOk(r)
            logged = json.loads(r.stdout)
            self.assertEqual(logged["response"].rstrip(" "), text)
            self.assertEqual(self.server.last_request()["path"], "/v1/messages")
            self.assertEqual(self.server.last_body()["model"], want["model"])
        self.assertTrue(message["id"].startswith("msg_"))


def fake_server(workdir, replay):
    from harness import FakeProvider
    workdir.mkdir(parents=True, exist_ok=True)
    return FakeProvider(workdir, (replay,), script=SERVER.parent / "scenario_server.py")


class Gzip(AnthropicCase):
    # Both recordings are stored gzip-compressed, with content-encoding: gzip.
    replays = ("anthropic/test_tools.yaml#1",)

    def test_gzip_stream_replays(self):
        _, _, gz = recorded("test_tools.yaml", 1)
        self.assertTrue(gz)
        r = self.llm("-m", "claude-haiku-4.5", "Two names for a pet pelican")
        self.assertOk(r)
        self.assertTrue(r.stdout.startswith("Here are two great names for your pet pelican:"), r)
        self.assertIn("\U0001f985", r.stdout)
        self.assertEqual(self.one_row()["output_tokens"], 82)


class ToolCalls(AnthropicCase):
    replays = ("anthropic/test_stream_events_tool_calls.yaml",)

    def test_tool_use_answer_is_logged_with_its_call(self):
        r = self.llm("-m", "claude-haiku-4.5", "Generate one name for a pet pelican")
        self.assertOk(r)
        self.assertEqual(r.stdout, " \n")  # llm-anthropic's separator after tool calls
        data = self.logged_json(self.one_row())
        self.assertEqual(data["stop_reason"], "tool_use")
        block = data["content"][0]
        self.assertEqual((block["type"], block["name"], block["input"]),
                         ("tool_use", "pelican_name_generator", {}))


class Thinking(AnthropicCase):
    replays = ("anthropic/test_thinking_prompt.yaml",)
    THOUGHT = "The user wants two names for a pet pelican"

    def test_thinking_goes_to_stderr_answer_to_stdout(self):
        r = self.llm("-m", "claude-sonnet-4.5", "-o", "thinking", "1", PELICAN)
        self.assertOk(r)
        self.assertEqual(r.stdout, PELICAN_ANSWER + "\n")
        self.assertTrue(r.stderr.startswith(self.THOUGHT), r)
        self.assertNotIn("\x1b", r.stderr)  # not a terminal: no styling
        body = self.server.last_body()
        self.assertEqual(body["thinking"], {"type": "enabled", "budget_tokens": 1024})

    def test_hide_reasoning_shows_no_thinking_and_asks_for_none(self):
        for flag in ("-R", "--hide-reasoning"):
            r = self.llm("-m", "claude-sonnet-4.5", "-o", "thinking", "1", flag, PELICAN)
            self.assertOk(r)
            self.assertEqual(r.stdout, PELICAN_ANSWER + "\n")
            self.assertEqual(r.stderr, "")
            self.assertEqual(self.server.last_body()["thinking"]["display"], "omitted")

    def test_thinking_is_faint_on_a_terminal(self):
        leader, follower = pty.openpty()
        env = self.base_env()
        proc = subprocess.Popen([llm_binary(), "-m", "claude-sonnet-4.5", "-o", "thinking", "1",
                                 PELICAN], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=follower, env=env, cwd=str(self.tmp))
        os.close(follower)
        err = b""
        while True:
            ready, _, _ = select.select([leader], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        out = proc.stdout.read()
        proc.stdout.close()
        proc.wait(30)
        os.close(leader)
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(out.decode(), PELICAN_ANSWER + "\n")
        self.assertTrue(err.startswith(b"\x1b[2mThe user wants"), err)
        self.assertTrue(err.endswith(b"\x1b[0m\r\n"), err)  # style reset, then a line end
        plain = err.replace(b"\x1b[2m", b"").replace(b"\x1b[0m", b"")
        self.assertTrue(plain.startswith(self.THOUGHT.encode()), plain)

    def test_thinking_is_logged_with_its_signature(self):
        self.assertOk(self.llm("-m", "claude-sonnet-4.5", "-o", "thinking", "1", PELICAN))
        row = self.one_row()
        self.assertEqual(row["response"], PELICAN_ANSWER)
        content = self.logged_json(row)["content"]
        self.assertEqual([b["type"] for b in content], ["thinking", "text"])
        self.assertTrue(content[0]["thinking"].startswith(self.THOUGHT))
        self.assertTrue(content[0]["signature"])
        self.assertEqual((row["input_tokens"], row["output_tokens"]), (46, 84))


class Failures(AnthropicCase):
    def test_http_errors_are_one_line_with_the_provider_message(self):
        for scenario, text in (("fake-401", "Anthropic API error 401"),
                               ("fake-429", "rate limited"),
                               ("fake-500", "The server had an error"),
                               ("fake-529", "overloaded")):
            with self.subTest(scenario=scenario):
                r = self.run_scenario(scenario)
                self.assertIn(text, self.assertOneErrorLine(r))
                self.assertEqual(r.stdout, "")
        self.assertEqual(self.rows(), [])

    def test_401_names_the_anthropic_key_and_hides_the_echoed_key(self):
        r = self.run_scenario("fake-401")
        line = self.assertOneErrorLine(r)
        self.assertIn("llm keys set anthropic", line)
        self.assertNotIn(KEY, line)

    def test_cut_stream_prints_what_arrived_and_logs_it_incomplete(self):
        _, sent = fake.cut_texts()
        r = self.run_scenario("fake-cut")
        self.assertOneErrorLine(r)
        self.assertEqual(r.stdout, "".join(sent) + "\n")
        row = self.one_row()
        self.assertEqual(row["response"], "".join(sent))
        self.assertTrue(marked_incomplete(row))

    def test_malformed_event_keeps_text_before_it(self):
        r = self.run_scenario("fake-malformed-sse")
        self.assertOneErrorLine(r)
        self.assertTrue(r.stdout.startswith(fake.MALFORMED_BEFORE), r)

    def test_error_event_before_text_is_one_provider_error_line(self):
        r = self.run_scenario("fake-error-event")
        self.assertIn("Anthropic API error: " + scenario_server.STREAM_ERROR_MESSAGE,
                      self.assertOneErrorLine(r))
        self.assertEqual(r.stdout, "")
        self.assertEqual(self.rows(), [])

    def test_error_event_after_text_keeps_the_partial_answer(self):
        r = self.run_scenario("fake-error-after-text")
        self.assertIn(scenario_server.STREAM_ERROR_MESSAGE, self.assertOneErrorLine(r))
        self.assertEqual(r.stdout, scenario_server.ERROR_AFTER_TEXT + "\n")
        self.assertTrue(marked_incomplete(self.one_row()))

    def test_invalid_utf8_becomes_replacement_characters(self):
        r = self.run_scenario("fake-invalid-utf8")
        self.assertOk(r)
        self.assertIn(fake.INVALID_UTF8_BEFORE + "\ufffd", r.stdout)

    def test_connection_refused_is_one_error_line(self):
        from harness import free_port
        r = self.llm("-m", "claude-haiku-4.5", "hi",
                     env={"ANTHROPIC_BASE_URL": f"http://127.0.0.1:{free_port()}/v1"})
        self.assertOneErrorLine(r)


class KeysAndBaseUrl(AnthropicCase):
    def echo(self, *args, env=None, unset=()):
        e = {"ANTHROPIC_BASE_URL": self.scenario_url("fake-echo")}
        e.update(env or {})
        r = self.llm("-m", "claude-sonnet-4.5", *args, "hi", env=e, unset=unset)
        self.assertOk(r)
        return json.loads(r.stdout)

    def test_base_url_env_decides_where_requests_go(self):
        echoed = self.echo()
        self.assertEqual(echoed["path"], "/fake-echo/v1/messages")
        self.assertEqual(echoed["auth"], "present")
        self.assertEqual(echoed["headers"]["anthropic-version"], "2023-06-01")

    def test_key_from_keys_json(self):
        self.write_keys({"anthropic": "sk-ant-from-keys-json"})
        self.echo(unset=("ANTHROPIC_API_KEY",))
        self.assertEqual(self.server.last_request()["key_sha256"],
                         fake.key_digest("sk-ant-from-keys-json"))

    def test_key_from_file(self):
        path = self.tmp / "anthropic-key"
        path.write_text("sk-ant-from-file\n")
        self.echo(env={"ANTHROPIC_API_KEY_FILE": str(path)}, unset=("ANTHROPIC_API_KEY",))
        self.assertEqual(self.server.last_request()["key_sha256"],
                         fake.key_digest("sk-ant-from-file"))

    def test_missing_key_names_the_anthropic_key_and_sends_nothing(self):
        r = self.llm("-m", "claude-sonnet-4.5", "hi", unset=("ANTHROPIC_API_KEY",))
        line = self.assertOneErrorLine(r)
        self.assertIn("ANTHROPIC_API_KEY", line)
        self.assertEqual(self.server.requests(), [])

    def test_openai_key_is_not_sent_to_anthropic(self):
        self.echo()
        self.assertEqual(self.server.last_request()["key_sha256"], fake.key_digest(KEY))

    def test_key_never_in_output_or_logs_db(self):
        outputs = [self.llm("-m", "claude-sonnet-4.5", "hi",
                            env={"ANTHROPIC_BASE_URL": self.scenario_url(s)})
                   for s in ("fake-echo", "fake-401", "fake-cut", "fake-error-event")]
        outputs.append(self.llm("logs", "--json"))
        for r in outputs:
            self.assertNotIn(KEY, r.stdout + r.stderr)
        self.assertTrue(self.rows())
        for path in self.user_dir.rglob("*"):
            if path.is_file():
                self.assertNotIn(KEY.encode(), path.read_bytes(), path.name)

    def test_models_lists_claude_models_with_aliases(self):
        r = self.llm("models")
        self.assertOk(r)
        lines = r.stdout.splitlines()
        for line in ("Anthropic Messages: anthropic/claude-sonnet-4-5 (aliases: claude-sonnet-4.5)",
                     "Anthropic Messages: anthropic/claude-haiku-4-5-20251001 "
                     "(aliases: claude-haiku-4.5)",
                     "Anthropic Messages: anthropic/claude-3-5-haiku-latest "
                     "(aliases: claude-3.5-haiku)"):
            self.assertIn(line, lines)


class Attachments(AnthropicCase):
    """Images and PDFs go to Claude as llm-anthropic sends them: base64 blocks before the text."""
    PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(40))
    PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"

    def prompt_with(self, model, *paths):
        args = []
        for path in paths:
            args += ["-a", str(path)]
        return self.llm("-m", model, *args, "describe these",
                        env={"ANTHROPIC_BASE_URL": self.scenario_url("fake-echo")})

    def write(self, name, data):
        path = self.tmp / name
        path.write_bytes(data)
        return path

    def test_image_and_pdf_are_sent_as_base64_blocks_before_the_text(self):
        png, pdf = self.write("pic.png", self.PNG), self.write("doc.pdf", self.PDF)
        r = self.prompt_with("claude-sonnet-4.5", png, pdf)
        self.assertOk(r)
        body = self.server.last_body()
        self.assertEqual(body["model"], "claude-sonnet-4-5")
        self.assertEqual(body["messages"], [{"role": "user", "content": [
            {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                         "data": base64.b64encode(self.PNG).decode()}},
            {"type": "document", "source": {"type": "base64", "media_type": "application/pdf",
                                            "data": base64.b64encode(self.PDF).decode()}},
            {"type": "text", "text": "describe these"}]}])
        rows = self.rows("select a.type, a.path from prompt_attachments pa join attachments a "
                         "on a.id = pa.attachment_id order by pa.\"order\"")
        self.assertEqual([(row["type"], row["path"]) for row in rows],
                         [("image/png", str(png)), ("application/pdf", str(pdf))])

    def test_continue_sends_the_image_again(self):
        png = self.write("pic.png", self.PNG)
        self.assertOk(self.prompt_with("claude-haiku-4.5", png))
        r = self.llm("-c", "and now?", env={"ANTHROPIC_BASE_URL": self.scenario_url("fake-echo")})
        self.assertOk(r)
        first = self.server.last_body()["messages"][0]["content"]
        self.assertEqual(first[0]["type"], "image")
        self.assertEqual(first[0]["source"]["data"], base64.b64encode(self.PNG).decode())

    def test_pdf_is_refused_by_a_model_without_pdf_support(self):
        pdf = self.write("doc.pdf", self.PDF)
        r = self.prompt_with("claude-3-opus", pdf)
        self.assertOneErrorLine(r)
        self.assertIn("application/pdf", r.stderr)
        self.assertEqual(self.server.requests(), [])


class ThinkingReplay(AnthropicCase):
    """Signed thinking blocks go back to the API in the assistant turn, as llm-anthropic sends
    them; the fake-thinking-tool scenario answers 400 where the API would refuse the request."""

    def thinking(self, *args):
        return self.llm("-m", "claude-sonnet-4.5", "-o", "thinking", "1", *args,
                        env={"ANTHROPIC_BASE_URL": self.scenario_url("fake-thinking-tool")})

    def signed(self):
        return {"type": "thinking", "thinking": scenario_server.THOUGHT,
                "signature": scenario_server.SIGNATURE}

    def test_tool_chain_starts_the_tool_use_turn_with_the_signed_thinking(self):
        r = self.thinking("-T", "llm_version", "which version?")
        self.assertOk(r)
        self.assertIn(scenario_server.THINKING_ANSWER, r.stdout)
        bodies = self.bodies()
        self.assertEqual(len(bodies), 2)
        assistant = bodies[1]["messages"][1]
        self.assertEqual(assistant["role"], "assistant")
        self.assertEqual(assistant["content"][0], self.signed())
        self.assertEqual(assistant["content"][-1]["type"], "tool_use")

    def test_continue_after_a_thinking_answer_replays_its_thinking(self):
        self.assertOk(self.thinking("hi"))
        r = self.thinking("-c", "and more?")
        self.assertOk(r)
        messages = self.server.last_body()["messages"]
        self.assertEqual([m["role"] for m in messages], ["user", "assistant", "user"])
        self.assertEqual(messages[1]["content"],
                         [self.signed(), {"type": "text", "text": scenario_server.THINKING_ANSWER}])

    def test_continue_after_a_thinking_tool_chain_sends_a_valid_request(self):
        self.assertOk(self.thinking("-T", "llm_version", "which version?"))
        r = self.thinking("-c", "thanks, and now?")
        self.assertOk(r)
        self.assertEqual(r.stdout.strip(), scenario_server.THINKING_ANSWER)
        messages = self.server.last_body()["messages"]
        self.assertEqual(messages[-1]["content"], [{"type": "text", "text": "thanks, and now?"}])
        for m in messages:
            if m["role"] == "assistant":
                self.assertEqual(m["content"][0], self.signed(), m)
        # The API refuses tool blocks in a request without tools: the chain's tool is
        # declared, and tool_choice "none" keeps the model from calling it.
        body = self.server.last_body()
        self.assertIn("tool_use", json.dumps(messages))
        self.assertEqual([t["name"] for t in body["tools"]], ["llm_version"])
        self.assertEqual(body["tool_choice"], {"type": "none"})

    def test_continue_with_tools_replays_the_logged_chain(self):
        self.assertOk(self.thinking("-T", "llm_version", "which version?"))
        r = self.thinking("-T", "llm_version", "-c", "once more")
        self.assertOk(r)
        messages = self.bodies()[2]["messages"]
        self.assertEqual([m["role"] for m in messages],
                         ["user", "assistant", "user", "assistant", "user"])
        self.assertEqual(messages[1]["content"][0], self.signed())
        self.assertEqual(messages[1]["content"][-1]["id"], "toolu_fake_1")
        self.assertEqual([b["type"] for b in messages[2]["content"]], ["tool_result"])
        self.assertEqual(messages[2]["content"][0]["tool_use_id"], "toolu_fake_1")
