"""A canary key must never appear in stdout, stderr, logs.db (and its -wal/-shm) or any other
file the client writes, including error messages from a server that echoes the key back."""
import json
import secrets
import unittest

from harness import LlmTestCase, fake, free_port

PROMPT = "What is 1231 * 2331?"


class Canary(LlmTestCase):
    def setUp(self):
        super().setUp()
        self.secret_part = secrets.token_hex(16)
        self.canary = "sk-canary-" + self.secret_part
        self.outputs = []

    def run_llm(self, *args, **kw):
        r = self.llm(*args, **kw)
        self.outputs.append((args, r))
        return r

    def leaks(self, data):
        """Any 8 consecutive characters of the key's random part count as a leak."""
        if isinstance(data, str):
            data = data.encode("utf-8", "replace")
        part = self.secret_part.encode()
        return any(part[i:i + 8] in data for i in range(len(part) - 7))

    def assertServerGotCanary(self):
        """Guards against a vacuous pass: the canary really was used."""
        digests = {r["key_sha256"] for r in self.server.requests()}
        self.assertIn(fake.key_digest(self.canary), digests, "the canary key was never sent")

    def assertNoLeak(self, skip_keys_json=True):
        for args, r in self.outputs:
            self.assertFalse(self.leaks(r.stdout_bytes), f"key in stdout of llm {args}")
            self.assertFalse(self.leaks(r.stderr_bytes), f"key in stderr of llm {args}: {r.stderr!r}")
        for path in sorted(self.tmp.rglob("*")):
            if not path.is_file() or path.name in ("requests.jsonl", "server.err"):
                continue
            if skip_keys_json and path.name == "keys.json":
                continue
            self.assertFalse(self.leaks(path.read_bytes()), f"key in {path.relative_to(self.tmp)}")

    def test_env_key_absent_after_prompts_and_log_commands(self):
        env = {"OPENAI_API_KEY": self.canary}
        self.assertOk(self.run_llm("-m", "gpt-4o-mini", PROMPT, env=env))
        self.assertOk(self.run_llm("-m", "gpt-4o-mini", "--no-stream", "dragons?", env=env))
        self.assertOk(self.run_llm("-m", "fake-echo", "-u", "echo me", env=env))
        for args in (("logs",), ("logs", "--json"), ("logs", "-u", "-n", "0"), ("keys", "list"),
                     ("models",), ("aliases",), ("logs", "status")):
            self.run_llm(*args, env=env)
        self.assertTrue(self.db_path.exists())
        self.assertServerGotCanary()
        self.assertNoLeak()

    def test_stored_key_absent_outside_keys_json(self):
        self.assertOk(self.run_llm("keys", "set", "openai", "--value", self.canary, unset=("OPENAI_API_KEY",)))
        self.assertOk(self.run_llm("-m", "gpt-4o-mini", PROMPT, unset=("OPENAI_API_KEY",)))
        self.run_llm("logs", "--json")
        self.assertServerGotCanary()
        self.assertNoLeak()

    def test_key_echoed_in_401_body_absent_from_error(self):
        r = self.run_llm("-m", "fake-401", "hi", env={"OPENAI_API_KEY": self.canary})
        self.assertEqual(r.returncode, 1, r)
        self.assertServerGotCanary()
        self.assertNoLeak()

    def test_key_option_echoed_in_401_body_absent_from_error(self):
        r = self.run_llm("-m", "fake-401", "--key", self.canary, "--no-stream", "hi")
        self.assertEqual(r.returncode, 1, r)
        self.assertServerGotCanary()
        self.assertNoLeak()

    def test_key_absent_from_connection_error(self):
        dead = f"http://127.0.0.1:{free_port()}/v1"
        r = self.run_llm("-m", "gpt-4o-mini", PROMPT, env={"OPENAI_API_KEY": self.canary, "OPENAI_BASE_URL": dead})
        self.assertEqual(r.returncode, 1, r)
        self.assertNoLeak()

    def test_key_absent_from_broken_stream_error_and_row(self):
        self.run_llm("-m", "fake-cut", "hi", env={"OPENAI_API_KEY": self.canary})
        self.run_llm("-m", "fake-malformed-sse", "hi", env={"OPENAI_API_KEY": self.canary})
        self.assertServerGotCanary()
        self.assertNoLeak()

    def test_key_absent_from_keys_set_output(self):
        self.assertOk(self.run_llm("keys", "set", "other", "--value", self.canary))
        self.assertOk(self.run_llm("keys", "set", "piped", input=self.canary + "\n"))
        stored = json.loads((self.user_dir / "keys.json").read_text())
        self.assertEqual((stored.get("other"), stored.get("piped")), (self.canary, self.canary))
        self.assertNoLeak()


if __name__ == "__main__":
    unittest.main()
