"""`llm chat`: piped input (no terminal) and a real terminal driven through tmux: banner,
prompts, answers, one conversation in logs.db, history recall, !multi, Ctrl-C, exit."""
import json
import os
import shlex
import shutil
import stat
import subprocess
import time
import unittest

from harness import LlmTestCase, fake, llm_binary, marked_incomplete

BANNER = ("Chatting with {}\nType 'exit' or 'quit' to exit\n"
          "Type '!multi' to enter multiple lines, then '!end' to finish\n"
          "Type '!edit' to open your default editor and modify the prompt\n"
          "Type '!fragment <my_fragment> [<another_fragment> ...]' to insert one or more fragments\n")
CHUNKS3 = "".join(fake.chunk_texts(3))  # what fake-chunks-3 answers


class PipedChat(LlmTestCase):
    def test_two_turns_share_one_conversation(self):
        r = self.llm("chat", "-m", "fake-chunks-3", input="first question\nsecond question\n")
        self.assertOk(r)
        self.assertEqual(r.stdout, BANNER.format("fake-chunks-3")
                         + f"> {CHUNKS3}\n> {CHUNKS3}\n> \n")
        bodies = self.bodies()
        self.assertEqual(len(bodies), 2)
        self.assertEqual(bodies[1]["messages"], [
            {"role": "user", "content": "first question"},
            {"role": "assistant", "content": CHUNKS3},
            {"role": "user", "content": "second question"}])
        rows = self.rows()
        self.assertEqual(len(rows), 2)
        self.assertEqual({row["conversation_id"] for row in rows}, {rows[0]["conversation_id"]})
        self.assertEqual([row["prompt"] for row in rows], ["first question", "second question"])

    def test_quit_ends_the_chat_and_later_lines_are_not_sent(self):
        r = self.llm("chat", "-m", "fake-chunks-3", input="one\nquit\ntwo\n")
        self.assertOk(r)
        self.assertEqual(len(self.server.requests()), 1)

    def test_multi_sends_one_prompt_of_several_lines(self):
        r = self.llm("chat", "-m", "fake-chunks-3", input="!multi\nline a\n\nline b\n!end\n")
        self.assertOk(r)
        self.assertEqual(self.server.last_body()["messages"][-1]["content"], "line a\n\nline b")

    def test_system_prompt_and_options_go_with_the_request(self):
        r = self.llm("chat", "-m", "fake-chunks-3", "-s", "be terse", "-o", "temperature", "0.5",
                     "--no-stream", input="hi\n")
        self.assertOk(r)
        body = self.server.last_body()
        self.assertEqual(body["messages"][0], {"role": "system", "content": "be terse"})
        self.assertEqual(body["temperature"], 0.5)
        self.assertFalse(body["stream"])

    def test_cid_continues_a_logged_conversation(self):
        self.assertOk(self.llm("-m", "fake-chunks-3", "earlier"))
        cid = self.one_row()["conversation_id"]
        r = self.llm("chat", "--cid", cid, input="later\n")
        self.assertOk(r)
        self.assertTrue(r.stdout.startswith("Chatting with fake-chunks-3\n"), r)
        self.assertEqual(len(self.server.last_body()["messages"]), 3)
        self.assertEqual({row["conversation_id"] for row in self.rows()}, {cid})

    def test_a_failed_turn_is_one_error_line_and_the_chat_goes_on(self):
        r = self.llm("chat", "-m", "fake-500", input="one\ntwo\n")
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(len(r.stderr.strip().splitlines()), 2, r)
        self.assertTrue(all(l.startswith("Error: ") for l in r.stderr.strip().splitlines()), r)

    def test_key_option_is_used(self):
        r = self.llm("chat", "-m", "fake-chunks-3", "--key", "sk-chat-key-0123456789",
                     input="hi\n", unset=("OPENAI_API_KEY",))
        self.assertOk(r)
        self.assertEqual(self.server.last_request()["key_sha256"],
                         fake.key_digest("sk-chat-key-0123456789"))

    def test_template_shapes_every_turn(self):
        (self.user_dir / "templates").mkdir()
        (self.user_dir / "templates" / "review.yaml").write_text(
            "model: fake-chunks-3\nsystem: Review as $role\nprompt: 'Review: $input'\n"
            "options:\n  temperature: 0.5\n")
        r = self.llm("chat", "-t", "review", "-p", "role", "an editor", input="one\ntwo\n")
        self.assertOk(r)
        self.assertTrue(r.stdout.startswith("Chatting with fake-chunks-3\n"), r)
        bodies = self.bodies()
        self.assertEqual([b["temperature"] for b in bodies], [0.5, 0.5])
        self.assertEqual(bodies[1]["messages"], [
            {"role": "system", "content": "Review as an editor"},
            {"role": "user", "content": "Review: one"},
            {"role": "assistant", "content": CHUNKS3},
            {"role": "user", "content": "Review: two"}])
        self.assertEqual([row["prompt"] for row in self.rows()], ["Review: one", "Review: two"])

    def test_unknown_model_is_one_error_line_before_the_banner(self):
        r = self.llm("chat", "-m", "no-such-model", input="hi\n")
        self.assertOneErrorLine(r)
        self.assertEqual(r.stdout, "")


class Tmux:
    """A private tmux server (its own socket) running one command in a 120x40 pane."""

    started = 0

    def __init__(self, workdir, command, env):
        Tmux.started += 1  # a fresh server per session: a killed one may linger briefly
        self.socket = str(workdir / f"tmux{Tmux.started}.sock")
        env_args = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # `echo` shows the exit status after llm ends and the sleep keeps the pane for
        # capture; the trap keeps this shell (in llm's process group) alive on Ctrl-C.
        script = f"trap : INT; env -i {env_args} {command}; echo EXIT=$?; sleep 60"
        self.run("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-s", "t",
                 "sh", "-c", script)
        self.run("set-option", "-t", "t", "status", "off")

    def run(self, *args):
        return subprocess.run(["tmux", "-S", self.socket, *args], check=True,
                              capture_output=True, text=True).stdout

    def keys(self, *keys):
        self.run("send-keys", "-t", "t", *keys)

    def text(self, *keys):
        self.run("send-keys", "-t", "t", "-l", *keys)

    def screen(self):
        return self.run("capture-pane", "-p", "-t", "t")

    def wait_for(self, predicate, what, deadline_s=15):
        deadline = time.monotonic() + deadline_s
        while True:
            screen = self.screen()
            if predicate(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; screen:\n{screen}")
            time.sleep(0.02)

    def wait_text(self, text, deadline_s=15):
        return self.wait_for(lambda s: text in s, repr(text), deadline_s)

    def last_line(self):
        lines = self.screen().rstrip("\n").splitlines()
        return lines[-1] if lines else ""

    def close(self):
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)


@unittest.skipIf(shutil.which("tmux") is None, "tmux is not installed (apt-get install tmux)")
class TerminalChat(LlmTestCase):
    def start(self, *args, env_extra=None):
        env = self.base_env()
        env["TERM"] = "screen"
        env.update(env_extra or {})
        cmd = " ".join(shlex.quote(a) for a in [llm_binary(), "chat", *args])
        self.tmux = Tmux(self.tmp, cmd, env)
        self.addCleanup(self.tmux.close)
        self.tmux.wait_text("Type '!multi' to enter multiple lines")
        self.tmux.wait_for(lambda s: s.rstrip().endswith(">"), "the first prompt")

    def prompts_shown(self):
        return sum(1 for line in self.tmux.screen().splitlines() if line.startswith(">"))

    def send_line(self, text, answer):
        before = self.tmux.screen().count(answer)
        self.tmux.text(text)
        self.tmux.keys("Enter")
        self.tmux.wait_for(lambda s: s.count(answer) > before, f"the answer to {text!r}")

    def test_typed_text_is_echoed_and_answered(self):
        self.start("-m", "fake-chunks-3")
        self.tmux.text("hello there")
        self.tmux.wait_text("> hello there")
        self.tmux.keys("Enter")
        self.tmux.wait_text(CHUNKS3.strip())
        self.tmux.wait_for(lambda s: s.rstrip().splitlines()[-1] == ">", "the next prompt")
        self.assertEqual(self.server.last_body()["messages"][-1]["content"], "hello there")

    def test_up_arrow_recalls_the_last_line(self):
        self.start("-m", "fake-chunks-3")
        self.send_line("recall me", CHUNKS3.strip())
        self.tmux.keys("Up")
        self.tmux.wait_for(lambda s: s.rstrip().splitlines()[-1] == "> recall me", "the recalled line")
        self.tmux.keys("Enter")
        self.tmux.wait_for(lambda s: len(self.server.requests()) == 2, "the second request")
        messages = self.server.last_body()["messages"]
        self.assertEqual([m["content"] for m in messages], ["recall me", CHUNKS3, "recall me"])

    def test_history_file_is_private_and_survives_the_session(self):
        self.start("-m", "fake-chunks-3")
        self.send_line("remember this line", CHUNKS3.strip())
        self.tmux.text("exit")
        self.tmux.keys("Enter")
        self.tmux.wait_text("EXIT=0")
        path = self.user_dir / "chat_history"
        self.assertEqual(stat.S_IMODE(path.stat().st_mode), 0o600)
        self.tmux.close()
        self.start("-m", "fake-chunks-3")  # a new session recalls the old line
        self.tmux.keys("Up")
        self.tmux.wait_for(lambda s: s.rstrip().splitlines()[-1] == "> exit", "the last line")
        self.tmux.keys("Up")
        self.tmux.wait_for(lambda s: s.rstrip().splitlines()[-1] == "> remember this line",
                           "the line before it")

    def test_multi_collects_lines_until_end(self):
        self.start("-m", "fake-chunks-3")
        for line in ("!multi", "first line", "second line", "!end"):
            self.tmux.text(line)
            self.tmux.keys("Enter")
        self.tmux.wait_text(CHUNKS3.strip())
        self.assertEqual(self.server.last_body()["messages"][-1]["content"],
                         "first line\nsecond line")

    def test_ctrl_c_at_the_prompt_drops_the_line(self):
        self.start("-m", "fake-chunks-3")
        self.tmux.text("never send this")
        self.tmux.wait_text("> never send this")
        self.tmux.keys("C-c")
        self.tmux.wait_for(lambda s: s.rstrip().splitlines()[-1] == ">", "a fresh prompt")
        self.send_line("sent instead", CHUNKS3.strip())
        self.assertEqual(len(self.server.requests()), 1)
        self.assertEqual(self.server.last_body()["messages"][-1]["content"], "sent instead")

    def test_ctrl_c_during_an_answer_keeps_the_session(self):
        self.start("-m", "fake-slow-20")
        self.tmux.text("go slowly")
        self.tmux.keys("Enter")
        self.tmux.wait_text("s0 ")
        self.tmux.keys("C-c")
        self.tmux.wait_text("Interrupted (partial answer logged as incomplete)")
        self.tmux.wait_for(lambda s: s.rstrip().splitlines()[-1] == ">", "the prompt again")
        row = self.one_row()
        self.assertTrue(marked_incomplete(row), row)
        self.assertTrue(row["response"].startswith("s0 "), row)
        self.assertNotEqual(row["response"], "".join(fake.slow_texts(20)))
        self.assertIn(row["response"].strip(), self.tmux.screen())
        self.tmux.text("quit")
        self.tmux.keys("Enter")
        self.tmux.wait_text("EXIT=0")

    def test_template_wraps_what_is_typed(self):
        (self.user_dir / "templates").mkdir()
        (self.user_dir / "templates" / "fr.yaml").write_text(
            "model: fake-chunks-3\nsystem: You translate to French\n"
            "prompt: 'Translate: $input'\n")
        self.start("-t", "fr")
        self.assertIn("Chatting with fake-chunks-3", self.tmux.screen())
        self.send_line("good morning", CHUNKS3.strip())
        self.assertEqual(self.server.last_body()["messages"], [
            {"role": "system", "content": "You translate to French"},
            {"role": "user", "content": "Translate: good morning"}])
        self.tmux.text("quit")
        self.tmux.keys("Enter")
        self.tmux.wait_text("EXIT=0")
        self.assertEqual(len(self.server.requests()), 1)

    def test_edit_hands_the_terminal_to_the_editor(self):
        editor = self.tmp / "ask.sh"  # an editor that reads what is typed on the terminal
        editor.write_text("#!/bin/sh\nprintf 'EDITOR> '\nread line\nprintf '%s' \"$line\" > \"$1\"\n")
        editor.chmod(0o755)
        self.start("-m", "fake-chunks-3", env_extra={"EDITOR": str(editor)})
        self.tmux.text("!edit")
        self.tmux.keys("Enter")
        self.tmux.wait_text("EDITOR>")
        self.tmux.text("typed in the editor")
        self.tmux.wait_text("EDITOR> typed in the editor")  # echoed: the terminal is cooked
        self.tmux.keys("Enter")
        self.tmux.wait_text(CHUNKS3.strip())
        self.assertEqual(self.server.last_body()["messages"][-1]["content"], "typed in the editor")
        self.tmux.wait_for(lambda s: s.rstrip().splitlines()[-1] == ">", "the prompt again")

    def test_ctrl_d_on_an_empty_line_exits(self):
        self.start("-m", "fake-chunks-3")
        self.tmux.keys("C-d")
        self.tmux.wait_text("EXIT=0")
        self.assertEqual(self.server.requests(), [])
