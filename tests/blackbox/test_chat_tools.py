"""`llm chat` with tools (-T, --td, --cl, templates that bring tools, --functions refused) and
`!edit` (the prompt written in $EDITOR), driven from piped standard input."""
import json
import os

from harness import FAKE_MODELS, AnthropicTestCase, LlmTestCase, fake
from test_tools import run_detached

CHAT_MODEL = "fake-toolchat-llm_version"  # asks for llm_version in every turn
NO_ARGS = {"properties": {}, "type": "object"}
VERSION_TOOL = {"type": "function", "function": {
    "name": "llm_version", "description": "Return the installed version of llm", "parameters": NO_ARGS}}
CALL = {"role": "assistant", "tool_calls": [{"type": "function", "id": "call_0", "function": {
    "name": "llm_version", "arguments": json.dumps(fake.TOOL_ARGUMENTS)}}]}
BANNER = ("Chatting with {}\nType 'exit' or 'quit' to exit\n"
          "Type '!multi' to enter multiple lines, then '!end' to finish\n"
          "Type '!edit' to open your default editor and modify the prompt\n"
          "Type '!fragment <my_fragment> [<another_fragment> ...]' to insert one or more fragments\n")


class ChatCase(LlmTestCase):
    extra_models = ()

    def setUp(self):
        super().setUp()
        self.register_models(*FAKE_MODELS, *self.extra_models)


class ChatToolTurns(ChatCase):
    """Two turns, each running a tool chain of two requests."""
    extra_models = (CHAT_MODEL, "fake-toolloop-llm_version", "fake-toolchat-marker")

    def chat(self, *extra, env=None):
        return self.llm("chat", "-m", CHAT_MODEL, "-T", "llm_version", *extra,
                        input="first\nsecond\n", env=env)

    def answer(self):
        return fake.tool_results_text([self.llm_version()])

    def test_each_turn_runs_its_chain_and_prints_the_answer(self):
        r = self.chat()
        self.assertOk(r)
        self.assertEqual(r.stdout, BANNER.format(CHAT_MODEL)
                         + f"> {self.answer()}\n> {self.answer()}\n> \n")
        self.assertEqual(r.stderr, "")

    def test_exact_requests_send_the_whole_history_with_calls_and_results(self):
        self.assertOk(self.chat())
        bodies = self.bodies()
        self.assertEqual(len(bodies), 4)
        result = {"role": "tool", "tool_call_id": "call_0", "content": self.llm_version()}
        first_chain = [{"role": "user", "content": "first"}, CALL, result]
        second_chain = first_chain + [{"role": "assistant", "content": self.answer()},
                                      {"role": "user", "content": "second"}]
        self.assertEqual([b["messages"] for b in bodies], [
            first_chain[:1], first_chain, second_chain, second_chain + [CALL, result]])
        for body in bodies:
            self.assertEqual(body["tools"], [VERSION_TOOL])
            self.assertEqual(body["model"], CHAT_MODEL)

    def test_each_request_is_a_row_of_one_conversation_with_its_tool_rows(self):
        self.assertOk(self.chat())
        rows = self.table_rows("responses")
        self.assertEqual([r["prompt"] for r in rows], ["first", "", "second", ""])
        self.assertEqual([r["response"] for r in rows], ["", self.answer(), "", self.answer()])
        self.assertEqual(len({r["conversation_id"] for r in rows}), 1)
        ids = [r["id"] for r in rows]
        tools = self.table_rows("tools")
        self.assertEqual([(t["name"], t["plugin"]) for t in tools],
                         [("llm_version", "llm.default_plugins.default_tools")])
        self.assertEqual({(t["tool_id"], t["response_id"]) for t in self.table_rows("tool_responses")},
                         {(tools[0]["id"], i) for i in ids})
        self.assertEqual([(c["response_id"], c["name"], json.loads(c["arguments"]), c["tool_call_id"])
                          for c in self.table_rows("tool_calls")],
                         [(ids[0], "llm_version", fake.TOOL_ARGUMENTS, "call_0"),
                          (ids[2], "llm_version", fake.TOOL_ARGUMENTS, "call_0")])
        self.assertEqual([(x["response_id"], x["output"], x["exception"])
                          for x in self.table_rows("tool_results")],
                         [(ids[1], self.llm_version(), None), (ids[3], self.llm_version(), None)])

    def test_td_shows_every_call_on_stderr(self):
        r = self.chat("--td")
        self.assertOk(r)
        shown = f"\nTool call: llm_version({{'note': 'hi'}})\n  {self.llm_version()}\n\n"
        self.assertEqual(r.stderr, shown * 2)
        self.assertEqual(r.stdout.count(self.answer()), 2)

    def test_llm_tools_debug_is_td(self):
        r = self.chat(env={"LLM_TOOLS_DEBUG": "1"})
        self.assertOk(r)
        self.assertEqual(r.stderr.count("Tool call: llm_version("), 2)

    def test_ta_asks_on_the_terminal_in_every_turn(self):
        proc, seen = run_detached(self, ("chat", "-m", CHAT_MODEL, "-T", "llm_version", "--ta"),
                                  tty_input=b"y\nn\n", stdin=b"one\ntwo\n")
        self.assertEqual(proc.returncode, 0, proc)
        self.assertEqual(seen.count("Approve tool call? [y/N]"), 2, seen)
        self.assertEqual([(x["output"], x["exception"]) for x in self.table_rows("tool_results")],
                         [(self.llm_version(), None),
                          ("Cancelled: User cancelled tool call",
                           "CancelToolCall: User cancelled tool call")])

    def test_chain_limit_is_one_error_line_per_turn_and_the_chat_goes_on(self):
        r = self.llm("chat", "-m", "fake-toolloop-llm_version", "-T", "llm_version", "--cl", "2",
                     input="one\ntwo\n")
        self.assertOk(r)
        self.assertEqual(r.stderr.splitlines(), ["Error: Chain limit of 2 exceeded."] * 2)
        bodies = self.bodies()
        self.assertEqual(len(bodies), 4)
        self.assertEqual(len(self.rows()), 4)
        # The second turn sends the answered call and its result again, but not the call the
        # limit left unanswered (the API refuses a call without its result), as -c does.
        self.assertEqual(bodies[2]["messages"], bodies[1]["messages"] + [
            {"role": "user", "content": "two"}])
        self.assertEqual([m["role"] for m in bodies[1]["messages"]], ["user", "assistant", "tool"])

    def test_a_tool_not_offered_is_refused_in_every_turn(self):
        r = self.llm("chat", "-m", "fake-toolchat-marker", "-T", "llm_version", input="one\ntwo\n")
        self.assertOk(r)
        refusal = 'Error: tool "marker" does not exist'
        self.assertEqual(r.stdout.count(fake.tool_results_text([refusal])), 2)
        warnings = [l for l in r.stderr.splitlines() if l.startswith("Warning:")]
        self.assertEqual(len(warnings), 2, r.stderr)
        self.assertIn('the model asked for tool "marker"', warnings[0])
        self.assertEqual([x["output"] for x in self.table_rows("tool_results")], [refusal, refusal])

    def test_without_t_no_tools_are_offered(self):
        r = self.llm("chat", "-m", "fake-echo", input="hi\n")
        self.assertOk(r)
        self.assertNotIn("tools", self.server.last_body())

    def test_custom_tool_while_disabled_is_an_error_before_the_banner(self):
        r = self.llm("chat", "-m", CHAT_MODEL, "-T", "word_count", input="hi\n")
        self.assertIn("custom tools are disabled", self.assertOneErrorLine(r))
        self.assertEqual(r.stdout, "")
        self.assertEqual(self.server.requests(), [])

    def test_functions_is_refused_with_a_pointer_to_custom_tools(self):
        for args in (("chat", "-m", "fake-echo", "--functions", "def f(): pass"),
                     ("-m", "fake-echo", "--functions", "def f(): pass", "hi")):
            with self.subTest(args=args):
                line = self.assertOneErrorLine(self.llm(*args, input="hi\n"), status=2)
                self.assertIn("Python", line)
                self.assertIn("custom tool", line)
        self.assertEqual(self.server.requests(), [])


class ChatResponsesChain(ChatCase):
    """A recorded Responses API chain (multiply, not offered: refused) in the first turn of a
    chat; the second turn sends the function_call and its output again."""
    replays = ("openai/test_responses_tool_use_streaming.yaml",)

    def test_second_turn_sends_the_chain_again(self):
        r = self.llm("chat", "-m", "gpt-5.5", "-T", "llm_version",
                     input="What is 1231 * 2331? Use the multiply tool.\nThanks\n")
        self.assertOk(r)
        bodies = self.bodies()
        self.assertEqual(len(bodies), 3)
        rows = self.table_rows("responses")
        self.assertEqual(len({row["conversation_id"] for row in rows}), 1)
        self.assertEqual(bodies[2]["input"], bodies[1]["input"] + [
            {"role": "assistant", "content": rows[1]["response"]},
            {"role": "user", "content": "Thanks"}])
        self.assertEqual(bodies[2]["input"][2]["output"], 'Error: tool "multiply" does not exist')


class ChatAnthropicChain(ChatCase, AnthropicTestCase):
    """llm-anthropic's recorded chain (pelican_name_generator, not offered: refused twice) in
    the first turn of a chat; the second turn sends the tool_use and tool_result blocks again."""
    replays = ("anthropic/test_tools.yaml",)

    def test_second_turn_sends_the_chain_again(self):
        r = self.llm("chat", "-m", "claude-haiku-4.5", "-T", "llm_version",
                     input="Two names for a pet pelican\nThanks\n")
        self.assertOk(r)
        bodies = self.bodies()
        self.assertEqual(len(bodies), 3)
        rows = self.table_rows("responses")
        self.assertEqual([row["prompt"] for row in rows], ["Two names for a pet pelican", "", "Thanks"])
        self.assertEqual(len({row["conversation_id"] for row in rows}), 1)
        self.assertEqual(bodies[2]["messages"], bodies[1]["messages"] + [
            {"role": "assistant", "content": [{"type": "text", "text": rows[1]["response"]}]},
            {"role": "user", "content": [{"type": "text", "text": "Thanks"}]}])
        self.assertEqual([b["type"] for b in bodies[2]["messages"][2]["content"]],
                         ["tool_result", "tool_result"])
        self.assertEqual(len(self.table_rows("tool_calls")), 2)
        self.assertEqual(len(self.table_rows("tool_results")), 2)


MARKER_SCRIPT = """#!/bin/sh
cat > /dev/null
echo ran >> marker-ran
printf 'marker ran'
"""


class ChatTemplateTools(ChatCase):
    """chat -t with a template that brings tools: config templates may, library ones may not."""
    extra_models = (CHAT_MODEL, "fake-toolchat-marker")

    def setUp(self):
        super().setUp()
        self.templates = self.user_dir / "templates"
        self.templates.mkdir()
        self.library = self.tmp / "library"
        self.library.mkdir()
        self.make_tools_dir()
        self.write_tool_file("marker.sh", MARKER_SCRIPT, mode=0o755)
        self.write_tool_file("marker.yaml", "name: marker\ndescription: Leaves a marker file\n"
                                            "parameters:\n  type: object\ncommand: [./marker.sh]\n")

    def base_env(self):
        env = super().base_env()
        env["LLM_PROMPTS_PATH"] = str(self.library)
        env["LLM_WORKSPACE"] = str(self.workspace)
        return env

    def test_config_template_with_a_builtin_tool_runs_it(self):
        (self.templates / "ver.yaml").write_text(f"model: {CHAT_MODEL}\ntools:\n- llm_version\n")
        r = self.llm("chat", "-t", "ver", input="one\n")
        self.assertOk(r)
        self.assertIn(fake.tool_results_text([self.llm_version()]), r.stdout)
        self.assertEqual([b["tools"][0]["function"]["name"] for b in self.bodies()],
                         ["llm_version", "llm_version"])

    def test_config_template_with_a_custom_tool_runs_it_when_enabled(self):
        (self.templates / "mark.yaml").write_text(
            "model: fake-toolchat-marker\ntools:\n- marker\n")
        r = self.llm("chat", "-t", "mark", input="one\ntwo\n",
                     env={"LLM_DISABLE_CUSTOM_TOOLS": "false"})
        self.assertOk(r)
        self.assertEqual(r.stdout.count(fake.tool_results_text(["marker ran"])), 2, r)
        self.assertEqual((self.workspace / "marker-ran").read_text(), "ran\nran\n")

    def test_config_template_with_a_custom_tool_while_disabled_is_an_error(self):
        (self.templates / "mark.yaml").write_text("model: fake-toolchat-marker\ntools:\n- marker\n")
        r = self.llm("chat", "-t", "mark", input="one\n")
        self.assertIn("custom tools are disabled", self.assertOneErrorLine(r))
        self.assertFalse((self.workspace / "marker-ran").exists())
        self.assertEqual(self.server.requests(), [])

    def test_library_template_with_tools_is_refused(self):
        (self.library / "lib.yaml").write_text(f"model: {CHAT_MODEL}\ntools:\n- llm_version\n")
        r = self.llm("chat", "-t", "lib", input="one\n",
                     env={"LLM_DISABLE_CUSTOM_TOOLS": "false"})
        self.assertIn("prompt library cannot bring tools", self.assertOneErrorLine(r))
        self.assertEqual(self.server.requests(), [])


EDITOR_SCRIPT = """#!/bin/sh
# A fake $EDITOR: records the file it was given and its mode, then writes $EDITED_TEXT into it
# (or leaves it alone when EDITED_TEXT is unset).
printf '%s\\n' "$1" >> "$EDITOR_LOG"
stat -c %a "$1" >> "$EDITOR_LOG"
if [ "${EDITED_TEXT+set}" = set ]; then printf '%s' "$EDITED_TEXT" > "$1"; fi
"""


class ChatEdit(ChatCase):
    def setUp(self):
        super().setUp()
        self.editor = self.tmp / "editor.sh"
        self.editor.write_text(EDITOR_SCRIPT)
        os.chmod(self.editor, 0o755)
        self.log = self.tmp / "editor.log"
        self.tmpdir = self.tmp / "t"
        self.tmpdir.mkdir()

    def chat(self, input, **env):
        e = {"EDITOR": str(self.editor), "EDITOR_LOG": str(self.log), "TMPDIR": str(self.tmpdir)}
        e.update(env)
        return self.llm("chat", "-m", "fake-echo", input=input, env=e)

    def sent_prompts(self):
        return [b["messages"][-1]["content"] for b in self.bodies()]

    def test_what_was_saved_is_the_next_prompt(self):
        r = self.chat("!edit\nafter\n", EDITED_TEXT="line one\nline two\n")
        self.assertOk(r)
        self.assertEqual(self.sent_prompts(), ["line one\nline two", "after"])
        self.assertEqual([row["prompt"] for row in self.rows()], ["line one\nline two", "after"])
        self.assertTrue(r.stdout.startswith(BANNER.format("fake-echo")), r)

    def test_the_file_is_private_in_tmpdir_and_removed(self):
        self.assertOk(self.chat("!edit\n", EDITED_TEXT="hi"))
        path, mode = self.log.read_text().splitlines()
        self.assertEqual(os.path.dirname(path), str(self.tmpdir))
        self.assertEqual(mode, "600")
        self.assertFalse(os.path.exists(path))
        self.assertEqual(os.listdir(self.tmpdir), [])

    def test_visual_comes_before_editor(self):
        r = self.llm("chat", "-m", "fake-echo", input="!edit\n",
                     env={"VISUAL": str(self.editor), "EDITOR": "/nonexistent/editor",
                          "EDITOR_LOG": str(self.log), "EDITED_TEXT": "from visual"})
        self.assertOk(r)
        self.assertEqual(self.sent_prompts(), ["from visual"])

    def test_unsaved_sends_nothing(self):
        r = self.chat("!edit\n")
        self.assertOk(r)
        self.assertEqual(r.stderr, "Editor closed without saving.\n")
        self.assertEqual(self.server.requests(), [])

    def test_saved_empty_sends_nothing(self):
        r = self.chat("!edit\n", EDITED_TEXT=" \n\n")
        self.assertOk(r)
        self.assertEqual(r.stderr, "")
        self.assertEqual(self.server.requests(), [])

    def test_missing_editor_is_one_error_line_and_the_chat_goes_on(self):
        r = self.chat("!edit\nhello\n", EDITOR="no-such-editor-anywhere")
        self.assertOk(r)
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertTrue(lines[0].startswith('Error: editor "no-such-editor-anywhere" not found'), r)
        self.assertEqual(self.sent_prompts(), ["hello"])

    def test_without_editor_variables_or_installed_editors_vi_is_tried(self):
        r = self.llm("chat", "-m", "fake-echo", input="!edit\nhello\n",
                     env={"PATH": str(self.tmpdir)})
        self.assertOk(r)
        self.assertTrue(r.stderr.startswith('Error: editor "vi" not found'), r)
        self.assertEqual(self.sent_prompts(), ["hello"])

    def test_a_failing_editor_sends_nothing(self):
        failing = self.tmp / "failing.sh"
        failing.write_text("#!/bin/sh\nprintf text > \"$1\"\nexit 4\n")
        os.chmod(failing, 0o755)
        r = self.chat("!edit\n", EDITOR=str(failing))
        self.assertOk(r)
        self.assertIn("exited with status 4", r.stderr)
        self.assertEqual(self.server.requests(), [])

    def test_editor_arguments_come_before_the_file(self):
        args = self.tmp / "args.sh"
        args.write_text('#!/bin/sh\nprintf \'%s|\' "$@" > "$EDITOR_LOG"\n'
                        'for last; do :; done\nprintf saved > "$last"\n')
        os.chmod(args, 0o755)
        r = self.chat("!edit\n", EDITOR=f"{args} --wait")
        self.assertOk(r)
        self.assertTrue(self.log.read_text().startswith(f"--wait|{self.tmpdir}/"), self.log.read_text())
        self.assertEqual(self.sent_prompts(), ["saved"])
