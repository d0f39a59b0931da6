"""MCP servers over stdio declared in <config>/tools/*.yaml: listed with tools/list after the
initialize handshake, called with tools/call, run in the custom-tool sandbox, and only when
LLM_DISABLE_CUSTOM_TOOLS is exactly "false". The server is tests/fake_mcp/server.py."""
import json
import os
import pathlib
import shutil
import tempfile

from harness import LlmTestCase, fake, llm_binary

FAKE_MCP = pathlib.Path(__file__).resolve().parent.parent / "fake_mcp" / "server.py"
PLUGIN = "llmbox.mcp.fake"


class McpCase(LlmTestCase):
    mode = "normal"

    def setUp(self):
        super().setUp()
        self.make_tools_dir()
        self.write_tool_file("fake_mcp.py", FAKE_MCP.read_text())
        self.use_mode(self.mode)
        self.register_models("fake-toolcall-mcp_add", "fake-toolcall-mcp_fail", "fake-toolcall-mcp_env",
                             "fake-toolcall-mcp_net", "fake-toolcall-mcp_write", "fake-echo")

    def use_mode(self, mode):
        self.write_tool_file("fake.yaml",
                             f"mcp_server: fake\ncommand: [/usr/bin/python3, ./fake_mcp.py, {mode}]\n")

    def call(self, tool, arguments, enabled=True):
        return self.llm_with_tools("-m", f"fake-toolcall-{tool}", "-T", tool if enabled else "llm_version",
                            json.dumps(arguments), enabled=enabled)

    def transcript(self):
        path = self.workspace / "mcp-transcript.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines()]

    def sent_results(self):
        return [m["content"] for m in self.bodies()[-1]["messages"] if m["role"] == "tool"]


class McpEnabled(McpCase):
    def test_tools_list_shows_the_servers_tools(self):
        r = self.llm_with_tools("tools", "list", "--json")
        self.assertOk(r)
        tools = {t["name"]: t for t in json.loads(r.stdout)["tools"]}
        self.assertEqual(sorted(tools), ["llm_time", "llm_version", "mcp_add", "mcp_env", "mcp_fail",
                                         "mcp_net", "mcp_write"])
        self.assertEqual(tools["mcp_add"]["plugin"], PLUGIN)
        self.assertEqual(tools["mcp_add"]["description"], "Adds two integers")

    def test_handshake_comes_first(self):
        self.assertOk(self.llm_with_tools("tools", "list"))
        sent = self.transcript()
        self.assertEqual([m.get("method") for m in sent],
                         ["initialize", "notifications/initialized", "tools/list"])
        self.assertTrue(all(m["jsonrpc"] == "2.0" for m in sent))
        self.assertEqual(sent[0]["params"]["clientInfo"]["name"], "llmbox")
        self.assertIn("protocolVersion", sent[0]["params"])
        self.assertNotIn("id", sent[1])
        self.assertNotEqual(sent[0]["id"], sent[2]["id"])

    def test_the_model_calls_a_tool_and_gets_its_text(self):
        r = self.call("mcp_add", {"a": 2, "b": 40})
        self.assertOk(r)
        self.assertEqual(r.stdout, fake.tool_results_text(["42"]) + "\n")
        calls = [m for m in self.transcript() if m.get("method") == "tools/call"]
        self.assertEqual([c["params"] for c in calls], [{"name": "mcp_add", "arguments": {"a": 2, "b": 40}}])

    def test_the_tool_is_offered_with_the_servers_schema(self):
        self.assertOk(self.call("mcp_add", {"a": 1, "b": 1}))
        offered = self.bodies()[0]["tools"]
        self.assertEqual(offered[0]["function"]["name"], "mcp_add")
        self.assertEqual(offered[0]["function"]["parameters"]["required"], ["a", "b"])

    def test_calls_and_results_are_logged_with_the_servers_plugin(self):
        self.assertOk(self.call("mcp_add", {"a": 1, "b": 2}))
        tools = self.table_rows("tools")
        self.assertEqual([(t["name"], t["plugin"]) for t in tools], [("mcp_add", PLUGIN)])
        results = self.table_rows("tool_results")
        self.assertEqual([(x["name"], x["output"], x["tool_id"], x["exception"]) for x in results],
                         [("mcp_add", "3", tools[0]["id"], None)])

    def test_is_error_goes_back_as_an_error_and_is_logged(self):
        r = self.call("mcp_fail", {})
        self.assertOk(r)
        self.assertEqual(self.sent_results(), ["Error: the fake tool failed on purpose"])
        self.assertEqual(self.table_rows("tool_results")[0]["exception"],
                         "ToolError: the fake tool failed on purpose")

    def test_the_server_gets_a_clean_environment(self):
        self.assertOk(self.call("mcp_env", {}))
        self.assertEqual(self.sent_results(), ["HOME,LANG,PATH"])

    def test_the_server_cannot_open_a_socket(self):
        self.assertOk(self.call("mcp_net", {}))
        self.assertEqual(self.sent_results(), ["Error: socket: Operation not permitted"])

    def test_writing_in_the_workspace_works(self):
        self.assertOk(self.call("mcp_write", {"path": "note.txt", "text": "hello"}))
        self.assertEqual(self.sent_results(), ["written"])
        self.assertEqual((self.workspace / "note.txt").read_text(), "hello")

    def test_writing_outside_the_workspace_is_stopped(self):
        # A directory anyone may write to, outside the workspace and /tmp (which tools may
        # use): only the sandbox (Landlock) stands in the way. In the build tree.
        open_dir = pathlib.Path(tempfile.mkdtemp(prefix="mcp-open-", dir=pathlib.Path(llm_binary()).parent))
        self.addCleanup(shutil.rmtree, open_dir, True)
        if str(open_dir).startswith("/tmp/"):
            self.skipTest("the build tree is under /tmp, which tools may write to")
        os.chmod(open_dir, 0o777)
        outside = open_dir / "outside.txt"
        self.assertOk(self.call("mcp_write", {"path": str(outside), "text": "escaped"}))
        self.assertFalse(outside.exists())
        [result] = self.sent_results()
        self.assertEqual(result, f"Error: cannot write {outside}: Permission denied")

    def test_each_call_is_its_own_session(self):
        self.assertOk(self.call("mcp_add", {"a": 1, "b": 1}))
        methods = [m.get("method") for m in self.transcript()]
        # one session to list the tools, one for the call
        self.assertEqual(methods, ["initialize", "notifications/initialized", "tools/list",
                                   "initialize", "notifications/initialized", "tools/call"])


class McpDisabled(McpCase):
    def test_the_server_is_never_started(self):
        for env in ({}, {"LLM_DISABLE_CUSTOM_TOOLS": "true"}, {"LLM_DISABLE_CUSTOM_TOOLS": "False"}):
            with self.subTest(env=env):
                r = self.llm("tools", "list", "--json", env={"LLM_WORKSPACE": str(self.workspace), **env})
                self.assertOk(r)
                self.assertEqual([t["name"] for t in json.loads(r.stdout)["tools"]],
                                 ["llm_time", "llm_version"])
        self.assertEqual(self.transcript(), [])

    def test_offering_an_mcp_tool_is_an_error(self):
        r = self.llm_with_tools("-m", "fake-echo", "-T", "mcp_add", "hi", enabled=False)
        line = self.assertOneErrorLine(r)
        self.assertIn("custom tools are disabled", line)
        self.assertEqual(self.server.requests(), [])

    def test_a_model_calling_an_mcp_tool_gets_a_refusal(self):
        r = self.call("mcp_write", {"path": "note.txt", "text": "x"}, enabled=False)
        self.assertOk(r)
        self.assertEqual(self.sent_results(), ['Error: tool "mcp_write" does not exist'])
        self.assertFalse((self.workspace / "note.txt").exists())
        self.assertEqual(self.transcript(), [])


class McpChatty(McpCase):
    """Notifications, answers to other ids and stderr noise before each answer are skipped."""
    mode = "chatty"

    def test_the_call_still_gets_its_answer(self):
        r = self.call("mcp_add", {"a": 5, "b": 5})
        self.assertOk(r)
        self.assertEqual(r.stdout, fake.tool_results_text(["10"]) + "\n")


class McpServerRequests(McpCase):
    """Requests the server sends the client mid-session are answered: ping with an empty
    result, anything else with error -32601; a flood of them is stopped."""

    def replies(self):
        return [m for m in self.transcript() if "method" not in m]

    def test_ping_gets_an_empty_result(self):
        self.use_mode("ping")
        r = self.call("mcp_add", {"a": 1, "b": 2})
        self.assertOk(r)
        self.assertEqual(r.stdout, fake.tool_results_text(["3"]) + "\n")
        replies = self.replies()
        self.assertEqual(len(replies), 4)  # initialize and tools/list, initialize and tools/call
        self.assertEqual(replies[0], {"jsonrpc": "2.0", "id": "srv-ping-1", "result": {}})

    def test_an_unknown_request_gets_method_not_found(self):
        self.use_mode("unknown")
        r = self.call("mcp_add", {"a": 1, "b": 2})
        self.assertOk(r)
        self.assertEqual(r.stdout, fake.tool_results_text(["3"]) + "\n")
        [first, *rest] = self.replies()
        self.assertEqual(first["id"], 1001)
        self.assertEqual(first["error"]["code"], -32601)
        self.assertIn("roots/list", first["error"]["message"])
        self.assertEqual(len(rest), 3)

    def test_a_flood_of_requests_is_stopped(self):
        self.use_mode("flood")
        r = self.llm_with_tools("-m", "fake-echo", "-T", "mcp_add", "hi")
        line = self.assertOneErrorLine(r)
        self.assertIn('MCP server "fake"', line)
        self.assertIn("more than 32 requests of its own", line)
        self.assertEqual(self.server.requests(), [])


class McpBrokenServers(McpCase):
    """A broken server fails only a prompt that asks for a tool it would have listed; the
    built-ins and the tools of healthy servers (fake.yaml, normal mode) keep working."""

    def declare_broken(self, mode=None, command=None):
        command = command or f"[/usr/bin/python3, ./fake_mcp.py, {mode}]"
        self.write_tool_file("other.yaml", f"mcp_server: broken\ncommand: {command}\n")

    def assertBrokenOnlyFailsItsOwnTools(self, *expected):
        listed = self.llm_with_tools("tools", "list", "--json")
        self.assertOk(listed)
        self.assertIn("mcp_add", [t["name"] for t in json.loads(listed.stdout)["tools"]])
        [warning] = [l for l in listed.stderr.splitlines() if l.strip()]
        self.assertTrue(warning.startswith("Warning: "), warning)
        self.assertIn('other.yaml: MCP server "broken"', warning)
        self.assertOk(self.llm_with_tools("-m", "fake-echo", "-T", "llm_version", "hi"))
        self.assertOk(self.call("mcp_add", {"a": 1, "b": 1}))
        line = self.assertOneErrorLine(self.llm_with_tools("-m", "fake-echo", "-T", "broken_tool", "hi"))
        self.assertIn("broken_tool not found", line)
        self.assertIn('other.yaml: MCP server "broken"', line)
        for text in expected:
            self.assertIn(text, line)
        return line

    def test_a_server_that_cannot_start(self):
        self.declare_broken(command="[./no-such-server]")
        self.assertBrokenOnlyFailsItsOwnTools("fix or remove the server's file")

    def test_a_server_that_crashes(self):
        self.declare_broken("crash")
        self.assertBrokenOnlyFailsItsOwnTools("exit status 1 (after initialize)",
                                              "fake-mcp crashed on purpose")

    def test_a_server_that_is_not_json_rpc(self):
        self.declare_broken("garbage")
        self.assertBrokenOnlyFailsItsOwnTools("this is not json")

    def test_a_server_that_exits(self):
        self.declare_broken("exit")
        self.assertBrokenOnlyFailsItsOwnTools("exit status 3 (during initialize)")

    def test_a_server_that_floods_requests(self):
        self.declare_broken("flood")
        self.assertBrokenOnlyFailsItsOwnTools("more than 32 requests of its own")

    def test_a_tool_name_that_could_pose_as_another_is_refused(self):
        self.declare_broken("bad-name")
        line = self.assertBrokenOnlyFailsItsOwnTools()
        self.assertIn("../evil", line)

    def test_a_tool_name_another_server_has_is_refused(self):
        self.declare_broken("normal")
        line = self.assertBrokenOnlyFailsItsOwnTools()
        self.assertIn('lists tool "mcp_add", a name another tool already has', line)


class McpOnlyWhenNeeded(McpCase):
    """A -T prompt asks the MCP servers for their tools only when some name it offers is not a
    built-in or custom tool, and only until every name is found; a hanging server (hang.yaml)
    then costs nothing. Servers are listed concurrently, answers taken in file order."""

    def setUp(self):
        super().setUp()
        self.declare("hang.yaml", "hang", "hang")
        self.register_models("fake-toolcall-mcp_add", "fake-toolcall-llm_version", "fake-echo")

    def declare(self, file, name, *mode):
        self.write_tool_file(file, f"mcp_server: {name}\ncommand: [/usr/bin/python3, ./fake_mcp.py, "
                                   f"{', '.join(mode)}]\n")

    def starts(self):
        path = self.workspace / "mcp-starts.log"
        return path.read_text().splitlines() if path.exists() else []

    def test_a_builtin_tool_starts_no_server(self):
        r = self.llm_with_tools("-m", "fake-toolcall-llm_version", "-T", "llm_version", "hi")
        self.assertOk(r)
        self.assertEqual(r.stdout, fake.tool_results_text([self.llm_version()]) + "\n")
        self.assertEqual(self.starts(), [])

    def test_a_custom_tool_starts_no_server(self):
        self.write_tool_file("plain.yaml", "name: plain\ndescription: Does nothing\ncommand: [true]\n")
        r = self.llm_with_tools("-m", "fake-echo", "-T", "plain", "-T", "llm_time", "hi")
        self.assertOk(r)
        self.assertEqual([t["function"]["name"] for t in self.bodies()[0]["tools"]], ["plain", "llm_time"])
        self.assertEqual(self.starts(), [])

    def test_chat_with_a_builtin_tool_starts_no_server(self):
        r = self.llm("chat", "-m", "fake-echo", "-T", "llm_version", input="hi\n",
                     env={"LLM_WORKSPACE": str(self.workspace), "LLM_DISABLE_CUSTOM_TOOLS": "false"})
        self.assertOk(r)
        self.assertEqual(len(self.bodies()), 1)
        self.assertEqual(self.starts(), [])

    def test_a_tool_of_an_earlier_server_works_beside_a_hanging_one(self):
        # fake.yaml comes before hang.yaml: once fake answered, hang is stopped (or never
        # started), so it is started at most once and no warning is printed.
        r = self.call("mcp_add", {"a": 2, "b": 40})
        self.assertOk(r)
        self.assertEqual(r.stdout, fake.tool_results_text(["42"]) + "\n")
        self.assertEqual(r.stderr, "")
        self.assertIn(self.starts().count("hang"), (0, 1))
        self.assertEqual(self.starts().count("normal"), 2)  # tools/list, then tools/call

    def test_servers_before_the_tool_are_listed_at_the_same_time(self):
        # Two servers before fake.yaml hold a lock until fake's tools/list has counted the
        # held locks: listed one after another, fake would see none (each hold server would
        # first wait out its sandbox timeout), so N slow servers cost one wait, not N.
        self.declare("a1.yaml", "hold1", "hold", "a1")
        self.declare("a2.yaml", "hold2", "hold", "a2")
        self.use_mode("count-holds")
        r = self.call("mcp_add", {"a": 1, "b": 2})
        self.assertOk(r)
        self.assertEqual(r.stdout, fake.tool_results_text(["3"]) + "\n")
        self.assertEqual((self.workspace / "holds-seen").read_text(), "2")

    def test_the_earlier_server_wins_even_when_it_answers_last(self):
        # a-first.yaml answers tools/list only after the client has fake.yaml's answer.
        self.declare("a-first.yaml", "first", "after-release")
        self.use_mode("release")
        (self.user_dir / "tools" / "hang.yaml").unlink()  # tools list would wait for it
        r = self.call("mcp_add", {"a": 1, "b": 1})
        self.assertOk(r)
        self.assertEqual([t["plugin"] for t in self.table_rows("tools")], ["llmbox.mcp.first"])
        listed = self.llm_with_tools("tools", "list", "--json")
        self.assertOk(listed)
        tools = {t["name"]: t["plugin"] for t in json.loads(listed.stdout)["tools"]}
        self.assertEqual(tools["mcp_add"], "llmbox.mcp.first")

    def test_a_tool_no_server_has_still_fails_naming_every_broken_server(self):
        self.declare("aa.yaml", "crashing", "crash")
        self.declare("hang.yaml", "hang", "exit")  # a quick failure instead of a 30 s hang
        line = self.assertOneErrorLine(self.llm_with_tools("-m", "fake-echo", "-T", "nowhere", "hi"))
        self.assertIn("nowhere not found", line)
        self.assertIn('aa.yaml: MCP server "crashing"', line)
        self.assertIn('hang.yaml: MCP server "hang"', line)
        self.assertLess(line.index("aa.yaml"), line.index("hang.yaml"))
        self.assertEqual(self.server.requests(), [])


class McpHangingServerListed(McpCase):
    """`llm tools list` still asks every server, and warns once about each hanging one; the
    two hang at the same time, so this takes one sandbox timeout."""

    def test_tools_list_warns_once_per_hanging_server(self):
        for file, name in (("hang1.yaml", "hang1"), ("hang2.yaml", "hang2")):
            self.write_tool_file(file, f"mcp_server: {name}\ncommand: [/usr/bin/python3, ./fake_mcp.py, hang]\n")
        r = self.llm_with_tools("tools", "list", "--json")
        self.assertOk(r)
        self.assertIn("mcp_add", [t["name"] for t in json.loads(r.stdout)["tools"]])
        warnings = r.stderr.splitlines()
        self.assertEqual(len(warnings), 2, r.stderr)
        for warning, name in zip(warnings, ("hang1", "hang2")):
            self.assertTrue(warning.startswith(f"Warning: "), warning)
            self.assertIn(f'{name}.yaml: MCP server "{name}": timed out after 30 s', warning)
