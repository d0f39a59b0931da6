"""Tools (-T, --td, --ta, --cl, llm tools list): the tool-call loop against recorded and
synthetic exchanges, the follow-up requests it sends, the logs.db tool tables, and the
policy for tools the model asks for but the user did not offer."""
import fcntl
import hashlib
import json
import os
import select
import subprocess
import termios
import unittest

import harness
from harness import MINI41_ANSWER, LlmTestCase, fake, llm_binary

BUILTIN_PLUGIN = "llm.default_plugins.default_tools"
NO_ARGS = {"properties": {}, "type": "object"}
VERSION_TOOL = {"type": "function", "function": {
    "name": "llm_version", "description": "Return the installed version of llm", "parameters": NO_ARGS}}


def tool_hash(name, description, schema, plugin):
    """tools.hash as llm computes it (Tool.hash())."""
    data = {"name": name, "description": description, "input_schema": schema}
    if plugin:
        data["plugin"] = plugin
    return hashlib.sha256(json.dumps(data).encode("utf-8")).hexdigest()


class BuiltinToolStreamed(LlmTestCase):
    """Replays a recorded streamed chain in which the model calls llm_version."""
    replays = ("openai/test_tools_streaming_variant_a.yaml",)
    args = ("-m", "gpt-4.1-mini", "-T", "llm_version", "What is the current llm version?")

    def test_runs_the_tool_and_prints_the_final_answer(self):
        r = self.llm(*self.args)
        self.assertOk(r)
        self.assertEqual(r.stdout, MINI41_ANSWER + "\n")
        self.assertEqual(len(self.bodies()), 2)

    def test_both_requests_offer_the_tool_as_a_function(self):
        self.assertOk(self.llm(*self.args))
        for body in self.bodies():
            self.assertEqual(body["tools"], [VERSION_TOOL])

    def test_follow_up_sends_the_call_and_the_result(self):
        self.assertOk(self.llm(*self.args))
        self.assertEqual(self.bodies()[1]["messages"], [
            {"role": "user", "content": "What is the current llm version?"},
            {"role": "assistant", "tool_calls": [{"type": "function", "id": "0", "function": {
                "name": "llm_version", "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": "0", "content": self.llm_version()},
        ])

    def test_each_request_is_its_own_response_row_in_one_conversation(self):
        self.assertOk(self.llm(*self.args))
        rows = self.rows()
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[0]["prompt"], "What is the current llm version?")
        self.assertEqual(rows[0]["response"], "")
        self.assertEqual(rows[1]["prompt"], "")
        self.assertEqual(rows[1]["response"], MINI41_ANSWER)
        self.assertEqual(rows[0]["conversation_id"], rows[1]["conversation_id"])

    def test_logs_the_tool_calls_and_results_as_llm_does(self):
        self.assertOk(self.llm(*self.args))
        first, second = [r["id"] for r in self.rows()]
        tools = self.table_rows("tools")
        self.assertEqual(len(tools), 1)
        tool = tools[0]
        self.assertEqual((tool["name"], tool["plugin"], json.loads(tool["input_schema"])),
                         ("llm_version", BUILTIN_PLUGIN, NO_ARGS))
        self.assertEqual(tool["hash"], tool_hash("llm_version", "Return the installed version of llm",
                                                 NO_ARGS, BUILTIN_PLUGIN))
        links = {(t["tool_id"], t["response_id"]) for t in self.table_rows("tool_responses")}
        self.assertEqual(links, {(tool["id"], first), (tool["id"], second)})
        calls = self.table_rows("tool_calls")
        self.assertEqual([(c["response_id"], c["tool_id"], c["name"], c["arguments"], c["tool_call_id"])
                          for c in calls], [(first, tool["id"], "llm_version", "{}", "0")])
        results = self.table_rows("tool_results")
        self.assertEqual([(x["response_id"], x["tool_id"], x["name"], x["output"], x["tool_call_id"],
                           x["exception"]) for x in results],
                         [(second, tool["id"], "llm_version", self.llm_version(), "0", None)])

    def test_a_second_prompt_reuses_the_tools_row(self):
        self.assertOk(self.llm(*self.args))
        self.assertOk(self.llm(*self.args))
        self.assertEqual(len(self.table_rows("tools")), 1)
        self.assertEqual(len(self.table_rows("tool_responses")), 4)

    def test_td_shows_the_call_and_its_result_on_stderr(self):
        r = self.llm(*self.args, "--td")
        self.assertOk(r)
        self.assertIn(f"\nTool call: llm_version({{}})\n  {self.llm_version()}\n\n", r.stderr)
        self.assertEqual(r.stdout, MINI41_ANSWER + "\n")

    def test_llm_tools_debug_environment_variable_is_td(self):
        r = self.llm(*self.args, env={"LLM_TOOLS_DEBUG": "1"})
        self.assertOk(r)
        self.assertIn("Tool call: llm_version({})", r.stderr)

    def test_without_td_stderr_stays_empty(self):
        r = self.llm(*self.args)
        self.assertOk(r)
        self.assertEqual(r.stderr, "")


class BuiltinToolStreamedVariantB(LlmTestCase):
    """The same chain from a server that sends the whole tool call in one delta."""
    replays = ("openai/test_tools_streaming_variant_b.yaml",)

    def test_single_delta_tool_call_runs(self):
        r = self.llm("-m", "gpt-4.1-mini", "-T", "llm_version", "What is the current llm version?")
        self.assertOk(r)
        self.assertEqual(r.stdout, MINI41_ANSWER + "\n")
        follow_up = self.bodies()[1]["messages"]
        self.assertEqual(follow_up[1]["tool_calls"][0]["function"], {"name": "llm_version", "arguments": "{}"})


class UnofferedToolNotStreamed(LlmTestCase):
    """A recorded non-streamed chain of two calls to tools the user did not offer: each is
    refused, the refusal goes back to the model, and the chain goes on to its answer."""
    replays = ("openai/test_tool_use_chain_of_two_calls.yaml",)
    args = ("-m", "gpt-4o-mini", "--no-stream", "-T", "llm_version",
            "Can the country of Crumpet have dragons? Answer with only YES or NO")

    def test_three_requests_and_the_final_answer(self):
        r = self.llm(*self.args)
        self.assertOk(r)
        self.assertEqual(r.stdout, "YES\n")
        self.assertEqual(len(self.bodies()), 3)
        self.assertTrue(all(b["stream"] is False for b in self.bodies()))

    def test_refusals_are_sent_back_in_place_of_results(self):
        self.assertOk(self.llm(*self.args))
        last = self.bodies()[2]["messages"]
        self.assertEqual([m["role"] for m in last], ["user", "assistant", "tool", "assistant", "tool"])
        self.assertEqual(last[1]["tool_calls"][0]["function"],
                         {"name": "lookup_population", "arguments": '{"country": "Crumpet"}'})
        self.assertEqual(last[2], {"role": "tool", "tool_call_id": "call_TTY8UFNo7rNCaOBUNtlRSvMG",
                                   "content": 'Error: tool "lookup_population" does not exist'})
        self.assertEqual(last[4]["content"], 'Error: tool "can_have_dragons" does not exist')

    def test_each_refusal_is_one_warning_line(self):
        r = self.llm(*self.args)
        warnings = [l for l in r.stderr.splitlines() if l.startswith("Warning:")]
        self.assertEqual(len(warnings), 2, r.stderr)
        self.assertIn('"lookup_population"', warnings[0])
        self.assertIn("not run", warnings[0])

    def test_refusals_are_logged_with_the_exception(self):
        self.assertOk(self.llm(*self.args))
        ids = [r["id"] for r in self.rows()]
        self.assertEqual(len(ids), 3)
        calls = self.table_rows("tool_calls")
        self.assertEqual([(c["response_id"], c["name"], c["tool_id"]) for c in calls],
                         [(ids[0], "lookup_population", None), (ids[1], "can_have_dragons", None)])
        results = self.table_rows("tool_results")
        self.assertEqual([(x["response_id"], x["name"], x["tool_id"]) for x in results],
                         [(ids[1], "lookup_population", None), (ids[2], "can_have_dragons", None)])
        self.assertEqual(results[0]["exception"], "KeyError: 'tool \"lookup_population\" does not exist'")


class UnofferedToolStreamed(LlmTestCase):
    """The recorded streamed chain in which the model calls multiply, which is not offered."""
    replays = ("openai/test_tool_use_basic.yaml",)

    def test_refused_and_the_answer_still_arrives(self):
        r = self.llm("-m", "gpt-4o-mini", "-T", "llm_time", "What is 1231 * 2331?")
        self.assertOk(r)
        self.assertIn("2,869,461", r.stdout)
        follow_up = self.bodies()[1]["messages"]
        self.assertEqual(follow_up[1]["tool_calls"][0]["function"],
                         {"name": "multiply", "arguments": '{"a": 1231, "b": 2331}'})
        self.assertEqual(follow_up[2]["content"], 'Error: tool "multiply" does not exist')


class ResponsesApiChain(LlmTestCase):
    """The same loop over the OpenAI Responses API: a recorded function call to multiply,
    which is not offered, so the model gets the refusal as function_call_output."""
    replays = ("openai/test_responses_tool_use_streaming.yaml",)

    def test_refusal_goes_back_as_function_call_output_and_the_answer_arrives(self):
        r = self.llm("-m", "gpt-5.5", "-T", "llm_version", "What is 1231 * 2331? Use the multiply tool.")
        self.assertOk(r)
        self.assertIn("2,869,461", r.stdout)
        bodies = self.bodies()
        self.assertEqual(len(bodies), 2)
        self.assertEqual(bodies[0]["tools"], [{"type": "function", "name": "llm_version",
                                               "description": "Return the installed version of llm",
                                               "parameters": NO_ARGS}])
        follow_up = bodies[1]["input"]
        self.assertEqual(follow_up[1]["type"], "function_call")
        self.assertEqual(follow_up[1]["name"], "multiply")
        self.assertEqual(follow_up[2], {"type": "function_call_output",
                                        "call_id": "call_sVidsfFJ6zlzRpelrPkTPlpd",
                                        "output": 'Error: tool "multiply" does not exist'})
        self.assertEqual(len(self.rows()), 2)
        self.assertEqual([c["name"] for c in self.table_rows("tool_calls")], ["multiply"])


class Policy(LlmTestCase):
    def test_custom_tool_name_while_disabled_is_an_error_before_any_request(self):
        for env in ({}, {"LLM_DISABLE_CUSTOM_TOOLS": "true"}, {"LLM_DISABLE_CUSTOM_TOOLS": "False"},
                    {"LLM_DISABLE_CUSTOM_TOOLS": "0"}, {"LLM_DISABLE_CUSTOM_TOOLS": ""}):
            with self.subTest(env=env):
                r = self.llm("-m", "fake-echo", "-T", "word_count", "hi", env=env)
                line = self.assertOneErrorLine(r)
                self.assertIn('custom tools are disabled (LLM_DISABLE_CUSTOM_TOOLS is not "false")', line)
                self.assertIn("word_count", line)
        self.assertEqual(self.server.requests(), [])

    def test_built_in_tools_are_allowed_while_custom_tools_are_disabled(self):
        self.register_models("fake-toolcall-llm_time")
        r = self.llm("-m", "fake-toolcall-llm_time", "-T", "llm_time", "what time is it?")
        self.assertOk(r)
        result = json.loads(json.loads(r.stdout[len("tool results: "):])[0])
        self.assertEqual(list(result), ["utc_time", "utc_time_iso", "local_timezone", "local_time",
                                        "timezone_offset", "is_dst"])
        self.assertTrue(result["utc_time"].endswith(" UTC"))

    def test_unknown_tool_while_enabled_lists_the_available_ones(self):
        r = self.llm("-m", "fake-echo", "-T", "nope", "hi", env={"LLM_DISABLE_CUSTOM_TOOLS": "false"})
        line = self.assertOneErrorLine(r)
        self.assertIn("Tool(s) nope not found. Available tools: llm_time, llm_version", line)

    def test_model_calling_an_unoffered_tool_gets_a_refusal(self):
        self.register_models("fake-toolcall-marker_tool")
        r = self.llm("-m", "fake-toolcall-marker_tool", "-T", "llm_version", "go")
        self.assertOk(r)
        self.assertEqual(r.stdout, fake.tool_results_text(['Error: tool "marker_tool" does not exist']) + "\n")
        self.assertIn('Warning: the model asked for tool "marker_tool", which was not offered with -T '
                      "(custom tools are disabled); it was not run", r.stderr)
        self.assertEqual([x["name"] for x in self.table_rows("tool_results")], ["marker_tool"])

    def test_two_calls_in_one_answer_each_get_a_result_in_order(self):
        self.register_models("fake-toolcall-llm_version+nope")
        r = self.llm("-m", "fake-toolcall-llm_version+nope", "-T", "llm_version", "go")
        self.assertOk(r)
        self.assertEqual(r.stdout, fake.tool_results_text(
            [self.llm_version(), 'Error: tool "nope" does not exist']) + "\n")
        tool_msgs = [m for m in self.bodies()[1]["messages"] if m["role"] == "tool"]
        self.assertEqual([m["tool_call_id"] for m in tool_msgs], ["call_0", "call_1"])

    def test_streamed_arguments_split_across_chunks_are_joined(self):
        self.register_models("fake-toolcall-nope")
        self.assertOk(self.llm("-m", "fake-toolcall-nope", "-T", "llm_version", "go"))
        self.assertEqual(json.loads(self.table_rows("tool_calls")[0]["arguments"]), fake.TOOL_ARGUMENTS)

    def test_without_tools_no_tools_key_is_sent(self):
        self.assertOk(self.llm("-m", "fake-echo", "hi"))
        self.assertNotIn("tools", self.server.last_body())


MARKER_SCRIPT = """#!/bin/sh
# Writes a marker into the workspace (its working directory) and answers.
cat > args.json
echo ran > marker-ran
echo "marker ran"
"""


class CustomTools(LlmTestCase):
    """User tools from <config>/tools/*.yaml, run in the sandbox only when
    LLM_DISABLE_CUSTOM_TOOLS is "false"."""

    def setUp(self):
        super().setUp()
        self.make_tools_dir()
        self.add_tool("marker", "Leaves a marker file", "[./marker.sh]", MARKER_SCRIPT)
        self.add_tool("lookup_population",
                      "Returns the current population of the specified fictional country",
                      "[./population.sh]", "#!/bin/sh\ncat > /dev/null\nprintf 123124\n")
        self.add_tool("can_have_dragons",
                      "Returns True if the specified population can have dragons, False otherwise",
                      "[./dragons.sh]", "#!/bin/sh\ncat > /dev/null\nprintf true\n")
        self.add_tool("failing", "Always fails", "[./failing.sh]",
                      "#!/bin/sh\necho 'no such thing' >&2\nexit 3\n")
        self.register_models("fake-toolcall-marker", "fake-toolcall-failing")

    def add_tool(self, name, description, command, script):
        self.write_tool_file(command.strip("[]./"), script, mode=0o755)
        self.write_tool_file(f"{name}.yaml", f"name: {name}\ndescription: {description}\n"
                             f"parameters:\n  type: object\ncommand: {command}\n")

    @property
    def marker(self):
        return self.workspace / "marker-ran"

    def test_disabled_the_model_calling_a_custom_tool_runs_nothing(self):
        r = self.llm_with_tools("-m", "fake-toolcall-marker", "-T", "llm_version", "go", enabled=False)
        self.assertOk(r)
        self.assertFalse(self.marker.exists())
        self.assertEqual(r.stdout, fake.tool_results_text(['Error: tool "marker" does not exist']) + "\n")
        self.assertIn('Warning: the model asked for tool "marker"', r.stderr)
        results = self.table_rows("tool_results")
        self.assertEqual([(x["name"], x["output"], x["exception"]) for x in results],
                         [("marker", 'Error: tool "marker" does not exist',
                           "KeyError: 'tool \"marker\" does not exist'")])

    def test_disabled_offering_a_custom_tool_is_an_error(self):
        r = self.llm_with_tools("-m", "fake-toolcall-marker", "-T", "marker", "go", enabled=False)
        line = self.assertOneErrorLine(r)
        self.assertIn("custom tools are disabled", line)
        self.assertFalse(self.marker.exists())
        self.assertEqual(self.server.requests(), [])

    def test_disabled_tools_list_shows_only_the_built_ins(self):
        r = self.llm_with_tools("tools", "list", enabled=False)
        self.assertOk(r)
        self.assertNotIn("marker", r.stdout)

    def test_enabled_the_tool_runs_and_its_output_goes_back(self):
        r = self.llm_with_tools("-m", "fake-toolcall-marker", "-T", "marker", "go", enabled=True)
        self.assertOk(r)
        self.assertTrue(self.marker.exists(), r)
        self.assertEqual(json.loads((self.workspace / "args.json").read_text()), fake.TOOL_ARGUMENTS)
        self.assertEqual(r.stdout, fake.tool_results_text(["marker ran\n"]) + "\n")
        tool = self.table_rows("tools")[0]
        self.assertEqual((tool["name"], tool["plugin"]), ("marker", "llmbox.custom_tools"))
        result = self.table_rows("tool_results")[0]
        self.assertEqual((result["tool_id"], result["output"], result["exception"]),
                         (tool["id"], "marker ran\n", None))

    def test_enabled_but_not_offered_is_still_refused(self):
        r = self.llm_with_tools("-m", "fake-toolcall-marker", "-T", "llm_version", "go", enabled=True)
        self.assertOk(r)
        self.assertFalse(self.marker.exists())

    def test_a_failing_tool_reports_its_error_to_the_model(self):
        r = self.llm_with_tools("-m", "fake-toolcall-failing", "-T", "failing", "go", enabled=True)
        self.assertOk(r)
        result = self.table_rows("tool_results")[0]
        self.assertEqual(result["exception"], "ToolError: exit status 3")
        self.assertTrue(result["output"].startswith("Error: exit status 3"), result)
        self.assertIn("no such thing", result["output"])

    def test_enabled_tools_list_includes_custom_tools(self):
        r = self.llm_with_tools("tools", "list", enabled=True)
        self.assertOk(r)
        self.assertIn("marker() (plugin: llmbox.custom_tools)\n\n  Leaves a marker file\n\n", r.stdout)

    def test_recorded_chain_of_two_calls_with_custom_tools(self):
        self.server.stop()
        replay_dir = self.tmp / "replay"
        replay_dir.mkdir()
        self.server = harness.FakeProvider(replay_dir, ("openai/test_tool_use_chain_of_two_calls.yaml",))
        self.addCleanup(self.server.stop)
        env = {"LLM_WORKSPACE": str(self.workspace), "LLM_DISABLE_CUSTOM_TOOLS": "false",
               "OPENAI_BASE_URL": self.server.base_url}
        r = self.llm("-m", "gpt-4o-mini", "--no-stream", "-T", "lookup_population", "-T", "can_have_dragons",
                     "Can the country of Crumpet have dragons? Answer with only YES or NO", env=env)
        self.assertOk(r)
        self.assertEqual(r.stdout, "YES\n")
        last = self.bodies()[2]["messages"]
        self.assertEqual([m.get("content") for m in last if m["role"] == "tool"], ["123124", "true"])


class ChainLimit(LlmTestCase):
    def setUp(self):
        super().setUp()
        self.register_models("fake-toolloop-llm_version")

    def test_stops_with_an_error_after_the_limit(self):
        r = self.llm("-m", "fake-toolloop-llm_version", "-T", "llm_version", "--cl", "2", "go")
        line = self.assertOneErrorLine(r)
        self.assertEqual(line, "Error: Chain limit of 2 exceeded.")
        self.assertEqual(len(self.bodies()), 2)
        self.assertEqual(len(self.rows()), 2)

    def test_default_limit_is_five_requests(self):
        r = self.llm("-m", "fake-toolloop-llm_version", "-T", "llm_version", "go")
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("Chain limit of 5 exceeded.", r.stderr)
        self.assertEqual(len(self.bodies()), 5)

    def test_zero_means_no_limit(self):
        self.register_models("fake-toolrounds-7-llm_version")
        r = self.llm("-m", "fake-toolrounds-7-llm_version", "-T", "llm_version", "--cl", "0", "go")
        self.assertOk(r)
        self.assertEqual(len(self.bodies()), 8)
        self.assertEqual(len(self.rows()), 8)

    def test_a_chain_within_the_limit_succeeds(self):
        self.register_models("fake-toolrounds-2-llm_version")
        r = self.llm("-m", "fake-toolrounds-2-llm_version", "-T", "llm_version", "--cl", "3", "go")
        self.assertOk(r)
        self.assertEqual(len(self.bodies()), 3)


def run_detached(test, args, tty_input=None, stdin=b""):
    """Runs llm in a new session: without a controlling terminal, or with a pseudo-terminal
    as its controlling terminal that answers `tty_input`. Returns (result, terminal text)."""
    env = test.base_env()
    if tty_input is None:
        proc = subprocess.run([llm_binary(), *args], input=stdin, capture_output=True, env=env,
                              cwd=str(test.tmp), timeout=60, start_new_session=True)
        return proc, ""
    master, slave = os.openpty()

    def become_terminal_owner():
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

    os.write(master, tty_input)
    proc = subprocess.Popen([llm_binary(), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=str(test.tmp),
                            preexec_fn=become_terminal_owner, pass_fds=(slave,))
    out, err = proc.communicate(stdin, timeout=60)
    os.close(slave)
    seen = b""
    while select.select([master], [], [], 0.2)[0]:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err), seen.decode("utf-8", "replace")


class Approve(LlmTestCase):
    def setUp(self):
        super().setUp()
        self.register_models("fake-toolcall-llm_version")
        self.args = ("-m", "fake-toolcall-llm_version", "-T", "llm_version", "--ta", "go")

    def sent_result(self):
        return [m["content"] for m in self.bodies()[1]["messages"] if m["role"] == "tool"]

    def test_without_a_terminal_the_call_is_refused(self):
        proc, _ = run_detached(self, self.args)
        self.assertEqual(proc.returncode, 0, proc)
        self.assertEqual(self.sent_result(), ["Cancelled: no terminal to approve the tool call"])
        self.assertIn(b"no terminal to approve", proc.stderr)

    def test_piped_standard_input_cannot_approve(self):
        proc, _ = run_detached(self, self.args, stdin=b"y\ny\n")
        self.assertEqual(proc.returncode, 0, proc)
        self.assertEqual(self.sent_result(), ["Cancelled: no terminal to approve the tool call"])

    def test_yes_on_the_terminal_runs_the_tool(self):
        proc, seen = run_detached(self, self.args, tty_input=b"y\n")
        self.assertEqual(proc.returncode, 0, proc)
        self.assertIn("Approve tool call? [y/N]", seen)
        self.assertIn(b"Tool call: llm_version({'note': 'hi'})", proc.stderr)
        self.assertEqual(self.sent_result(), [self.llm_version()])

    def test_anything_else_on_the_terminal_cancels(self):
        proc, _ = run_detached(self, self.args, tty_input=b"\n")
        self.assertEqual(proc.returncode, 0, proc)
        self.assertEqual(self.sent_result(), ["Cancelled: User cancelled tool call"])
        self.assertEqual(self.table_rows("tool_results")[0]["exception"],
                         "CancelToolCall: User cancelled tool call")


class ToolsList(LlmTestCase):
    EXPECTED = ("llm_time() -> dict (plugin: llm.default_plugins.default_tools)\n\n"
                "  Returns the current time, as local time and UTC\n\n"
                "llm_version() -> str (plugin: llm.default_plugins.default_tools)\n\n"
                "  Return the installed version of llm\n\n")

    def test_lists_the_built_in_tools_as_llm_does(self):
        for args in (("tools", "list"), ("tools",)):
            with self.subTest(args=args):
                r = self.llm(*args)
                self.assertOk(r)
                self.assertEqual(r.stdout, self.EXPECTED)

    def test_json(self):
        r = self.llm("tools", "list", "--json")
        self.assertOk(r)
        self.assertEqual(json.loads(r.stdout), {"tools": [
            {"name": "llm_time", "description": "Returns the current time, as local time and UTC",
             "arguments": NO_ARGS, "plugin": BUILTIN_PLUGIN},
            {"name": "llm_version", "description": "Return the installed version of llm",
             "arguments": NO_ARGS, "plugin": BUILTIN_PLUGIN}], "toolboxes": []})


if __name__ == "__main__":
    unittest.main()
