"""--version, --help and exit statuses: 0 success, 1 error, 2 usage error; one `Error:` line."""
import unittest

from harness import LlmTestCase


class VersionAndHelp(LlmTestCase):
    def test_version_prints_llm_version_line(self):
        r = self.llm("--version")
        self.assertOk(r)
        self.assertRegex(r.stdout, r"^llm, version \d+\.\d+\S*\n$")

    def test_help_lists_the_commands(self):
        r = self.llm("--help")
        self.assertOk(r)
        self.assertIn("Usage:", r.stdout)
        for cmd in ("prompt", "keys", "logs", "models", "aliases"):
            self.assertRegex(r.stdout, rf"(?m)^\s+{cmd}\b", cmd)

    def test_short_help_flag_is_help(self):
        r = self.llm("-h")
        self.assertOk(r)
        self.assertIn("Usage:", r.stdout)

    def test_prompt_help_lists_prompt_options(self):
        r = self.llm("prompt", "--help")
        self.assertOk(r)
        for opt in ("--model", "--system", "--option", "--no-stream", "--no-log", "--log",
                    "--continue", "--cid", "--key", "--usage"):
            self.assertIn(opt, r.stdout)

    def test_help_sends_no_request_and_creates_no_log(self):
        r = self.llm("--help")
        self.assertOk(r)
        self.assertIn("Usage:", r.stdout)
        self.assertEqual(self.server.requests(), [])
        self.assertFalse(self.db_path.exists())


class ExitStatus(LlmTestCase):
    def test_unknown_option_is_usage_error_2(self):
        line = self.assertOneErrorLine(self.llm("--no-such-flag", "hi"), status=2)
        self.assertIn("--no-such-flag", line)

    def test_option_without_its_value_is_usage_error_2(self):
        self.assertOneErrorLine(self.llm("-m"), status=2)

    def test_option_pair_missing_second_value_is_usage_error_2(self):
        self.assertOneErrorLine(self.llm("-m", "gpt-4o-mini", "-o", "temperature"), status=2)

    def test_unknown_keys_subcommand_is_usage_error_2(self):
        self.assertOneErrorLine(self.llm("keys", "frobnicate"), status=2)

    def test_usage_error_sends_no_request(self):
        self.assertEqual(self.llm("--no-such-flag", "hi").returncode, 2)
        self.assertEqual(self.server.requests(), [])

    def test_runtime_error_is_status_1(self):
        self.assertOneErrorLine(self.llm("-m", "no-such-model", "hi"), status=1)

    def test_explicit_prompt_subcommand_works(self):
        r = self.llm("prompt", "-m", "fake-chunks-3", "hi")
        self.assertOk(r)
        self.assertEqual(r.stdout, "t0 t1 t2 \n")


if __name__ == "__main__":
    unittest.main()
