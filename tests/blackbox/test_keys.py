"""`llm keys` and where the key sent to the provider comes from."""
import json
import os
import stat
import unittest

from harness import LlmTestCase, STREAM_ANSWER, fake

PROMPT = "What is 1231 * 2331?"


class KeysCommand(LlmTestCase):
    def test_keys_set_creates_keys_json_mode_0600(self):
        self.assertOk(self.llm("keys", "set", "openai", "--value", "sk-one"))
        path = self.user_dir / "keys.json"
        self.assertEqual(stat.S_IMODE(path.stat().st_mode), 0o600)

    def test_keys_set_writes_llm_format_with_note(self):
        self.assertOk(self.llm("keys", "set", "openai", "--value", "sk-one"))
        data = json.loads((self.user_dir / "keys.json").read_text())
        self.assertEqual(data["openai"], "sk-one")
        self.assertIn("// Note", data)

    def test_keys_set_keeps_other_keys_and_mode(self):
        self.assertOk(self.llm("keys", "set", "openai", "--value", "sk-one"))
        self.assertOk(self.llm("keys", "set", "anthropic", "--value", "sk-two"))
        path = self.user_dir / "keys.json"
        data = json.loads(path.read_text())
        self.assertEqual((data["openai"], data["anthropic"]), ("sk-one", "sk-two"))
        self.assertEqual(stat.S_IMODE(path.stat().st_mode), 0o600)

    def test_keys_set_reads_value_from_piped_stdin(self):
        r = self.llm("keys", "set", "openai", input="sk-from-stdin\n")
        self.assertOk(r)
        self.assertEqual(json.loads((self.user_dir / "keys.json").read_text())["openai"], "sk-from-stdin")
        self.assertNotIn("sk-from-stdin", r.stdout + r.stderr)

    def test_keys_get_prints_the_value(self):
        self.write_keys({"openai": "sk-one"})
        r = self.llm("keys", "get", "openai")
        self.assertOk(r)
        self.assertEqual(r.stdout, "sk-one\n")

    def test_keys_get_unknown_name_is_one_error_line(self):
        self.write_keys({"openai": "sk-one"})
        line = self.assertOneErrorLine(self.llm("keys", "get", "nope"))
        self.assertIn("nope", line)

    def test_keys_list_prints_sorted_names_without_note(self):
        self.write_keys({"zeta": "1", "alpha": "2", "openai": "3"})
        r = self.llm("keys", "list")
        self.assertOk(r)
        self.assertEqual(r.stdout, "alpha\nopenai\nzeta\n")

    def test_keys_alone_lists(self):
        self.write_keys({"openai": "3"})
        self.assertEqual(self.llm("keys").stdout, "openai\n")

    def test_keys_list_without_file_says_no_keys(self):
        r = self.llm("keys", "list")
        self.assertOk(r)
        self.assertEqual(r.stdout, "No keys found\n")

    def test_keys_path_prints_keys_json_path(self):
        r = self.llm("keys", "path")
        self.assertOk(r)
        self.assertEqual(r.stdout.strip(), str(self.user_dir / "keys.json"))

    def test_default_user_dir_is_under_home_config(self):
        r = self.llm("keys", "path", unset=("LLM_USER_PATH",))
        self.assertOk(r)
        self.assertEqual(r.stdout.strip(), str(self.home / ".config" / "io.datasette.llm" / "keys.json"))


class KeyFileMode(LlmTestCase):
    def _refused(self, mode):
        self.write_keys({"openai": "sk-stored"}, mode=mode)
        r = self.llm("-m", "gpt-4o-mini", PROMPT, unset=("OPENAI_API_KEY",))
        line = self.assertOneErrorLine(r)
        self.assertIn("keys.json", line)
        self.assertIn("chmod 600", line)
        self.assertEqual(self.server.requests(), [])

    def test_group_readable_keys_json_is_refused_with_chmod_hint(self):
        self._refused(0o640)

    def test_world_readable_keys_json_is_refused_with_chmod_hint(self):
        self._refused(0o644)

    def test_keys_json_mode_0600_is_accepted(self):
        self.write_keys({"openai": "sk-stored"}, mode=0o600)
        r = self.llm("-m", "gpt-4o-mini", PROMPT, unset=("OPENAI_API_KEY",))
        self.assertOk(r)
        self.assertEqual(r.stdout, STREAM_ANSWER + "\n")


class KeyResolution(LlmTestCase):
    """llm's order: --key naming a stored key, a literal --key, keys.json, the environment;
    llmbox adds OPENAI_API_KEY_FILE (Docker secrets)."""

    def sent_key(self):
        return self.server.last_request()["key_sha256"]

    def test_literal_key_option_wins_over_keys_json_and_environment(self):
        self.write_keys({"openai": "sk-stored"})
        r = self.llm("-m", "gpt-4o-mini", "--key", "sk-literal", PROMPT, env={"OPENAI_API_KEY": "sk-env"})
        self.assertOk(r)
        self.assertEqual(self.sent_key(), fake.key_digest("sk-literal"))

    def test_key_option_naming_a_stored_key_sends_its_value(self):
        self.write_keys({"openai": "sk-stored", "work": "sk-work"})
        self.assertOk(self.llm("-m", "gpt-4o-mini", "--key", "work", PROMPT))
        self.assertEqual(self.sent_key(), fake.key_digest("sk-work"))

    def test_keys_json_wins_over_environment(self):
        self.write_keys({"openai": "sk-stored"})
        self.assertOk(self.llm("-m", "gpt-4o-mini", PROMPT, env={"OPENAI_API_KEY": "sk-env"}))
        self.assertEqual(self.sent_key(), fake.key_digest("sk-stored"))

    def test_environment_key_used_without_keys_json(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", PROMPT, env={"OPENAI_API_KEY": "sk-env"}))
        self.assertEqual(self.sent_key(), fake.key_digest("sk-env"))

    def test_key_file_from_environment_used_without_other_sources(self):
        secret = self.tmp / "openai_key"
        secret.write_text("sk-from-file\n")
        os.chmod(secret, 0o600)
        r = self.llm("-m", "gpt-4o-mini", PROMPT, unset=("OPENAI_API_KEY",),
                     env={"OPENAI_API_KEY_FILE": str(secret)})
        self.assertOk(r)
        self.assertEqual(r.stdout, STREAM_ANSWER + "\n")
        self.assertEqual(self.sent_key(), fake.key_digest("sk-from-file"))

    def test_missing_key_is_one_clear_error_and_no_request(self):
        r = self.llm("-m", "gpt-4o-mini", PROMPT, unset=("OPENAI_API_KEY",))
        line = self.assertOneErrorLine(r)
        self.assertIn("key", line.lower())
        self.assertIn("OPENAI_API_KEY", line)
        self.assertEqual(self.server.requests(), [])

    def test_missing_key_file_is_one_error_line(self):
        r = self.llm("-m", "gpt-4o-mini", PROMPT, unset=("OPENAI_API_KEY",),
                     env={"OPENAI_API_KEY_FILE": str(self.tmp / "does-not-exist")})
        self.assertOneErrorLine(r)
        self.assertEqual(self.server.requests(), [])

    def test_key_set_by_keys_set_is_used(self):
        self.assertOk(self.llm("keys", "set", "openai", "--value", "sk-via-cli"))
        self.assertOk(self.llm("-m", "gpt-4o-mini", PROMPT, unset=("OPENAI_API_KEY",)))
        self.assertEqual(self.sent_key(), fake.key_digest("sk-via-cli"))


if __name__ == "__main__":
    unittest.main()
