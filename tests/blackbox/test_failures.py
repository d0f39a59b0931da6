"""Failures: unreachable provider, HTTP errors, broken streams, odd bytes, a large answer,
and a log that cannot be written. Each error is one `Error:` line; the answer is never lost."""
import os
import pwd
import sqlite3
import unittest

from harness import LlmTestCase, STREAM_ANSWER, fake, free_port, marked_incomplete

PROMPT = "What is 1231 * 2331?"


class Unreachable(LlmTestCase):
    def test_connection_refused_is_one_error_line_exit_1(self):
        dead = f"http://127.0.0.1:{free_port()}/v1"
        r = self.llm("-m", "gpt-4o-mini", PROMPT, env={"OPENAI_BASE_URL": dead}, timeout=60)
        self.assertOneErrorLine(r)
        self.assertEqual(r.stdout, "")

    def test_connection_refused_logs_no_row(self):
        dead = f"http://127.0.0.1:{free_port()}/v1"
        r = self.llm("-m", "gpt-4o-mini", PROMPT, env={"OPENAI_BASE_URL": dead}, timeout=60)
        self.assertEqual(r.returncode, 1, r)
        self.assertEqual(self.rows(), [])


class HttpErrors(LlmTestCase):
    def check(self, model, text):
        r = self.llm("-m", model, "hi", timeout=60)
        line = self.assertOneErrorLine(r)
        self.assertIn(text, line)
        self.assertEqual(r.stdout, "")
        return line

    def test_401_is_one_line_with_provider_message_exit_1(self):
        self.check("fake-401", "Incorrect API key provided")

    def test_429_is_one_line_with_provider_message_exit_1(self):
        self.check("fake-429", "Rate limit reached")

    def test_500_is_one_line_with_provider_message_exit_1(self):
        self.check("fake-500", "The server had an error")

    def test_http_error_logs_no_row(self):
        self.assertEqual(self.llm("-m", "fake-401", "hi").returncode, 1)
        self.assertEqual(len(self.server.requests()), 1)
        self.assertEqual(self.rows(), [])

    def test_no_stream_401_is_one_line_exit_1(self):
        r = self.llm("-m", "fake-401", "--no-stream", "hi")
        self.assertIn("Incorrect API key provided", self.assertOneErrorLine(r))

    def test_unrecorded_request_404_is_one_line_exit_1(self):
        self.assertOneErrorLine(self.llm("-m", "gpt-4o", "hi"))


class BrokenStreams(LlmTestCase):
    def test_malformed_sse_keeps_text_before_it_and_is_one_error_line(self):
        r = self.llm("-m", "fake-malformed-sse", "hi")
        self.assertOneErrorLine(r)
        self.assertTrue(r.stdout.startswith(fake.MALFORMED_BEFORE), r)

    def test_stream_cut_prints_what_arrived_and_exits_1(self):
        _, sent = fake.cut_texts()
        r = self.llm("-m", "fake-cut", "hi")
        self.assertOneErrorLine(r)
        self.assertEqual(r.stdout.rstrip("\n"), "".join(sent))

    def test_stream_cut_logs_partial_row_marked_incomplete(self):
        _, sent = fake.cut_texts()
        self.llm("-m", "fake-cut", "hi")
        row = self.one_row()
        self.assertEqual(row["response"], "".join(sent))
        self.assertTrue(marked_incomplete(row), f"response_json={row['response_json']!r}")

    def test_no_stream_cut_body_is_one_error_line(self):
        self.assertOneErrorLine(self.llm("-m", "fake-cut", "--no-stream", "hi"))

    def test_invalid_utf8_in_stream_does_not_crash(self):
        r = self.llm("-m", "fake-invalid-utf8", "hi")
        self.assertIn(r.returncode, (0, 1), r)  # never a signal or sanitizer abort
        self.assertTrue(r.stdout_bytes.startswith(fake.INVALID_UTF8_BEFORE.encode()), r)
        if r.returncode == 1:
            self.assertOneErrorLine(r)
        else:
            self.assertIn(fake.INVALID_UTF8_AFTER.strip(), r.stdout)

    def test_invalid_utf8_logged_row_is_readable_text(self):
        r = self.llm("-m", "fake-invalid-utf8", "hi")
        rows = self.rows()  # sqlite3 raises on TEXT that is not valid UTF-8
        if r.returncode == 0:
            self.assertEqual(len(rows), 1)
            self.assertTrue(rows[0]["response"].startswith(fake.INVALID_UTF8_BEFORE))


class LargeAnswer(LlmTestCase):
    def test_ten_mb_stream_printed_completely(self):
        expected = "".join(fake.ten_mb_texts())
        r = self.llm("-m", "fake-10mb", "big", timeout=120)
        self.assertOk(r)
        self.assertEqual(len(r.stdout_bytes), len(expected) + 1)
        self.assertTrue(r.stdout == expected + "\n", "10 MB answer differs from what was sent")

    def test_ten_mb_stream_logged_completely(self):
        expected = "".join(fake.ten_mb_texts())
        self.assertOk(self.llm("-m", "fake-10mb", "big", timeout=120))
        row = self.one_row()
        self.assertEqual(len(row["response"]), len(expected))
        self.assertTrue(row["response"] == expected)


class UnwritableLog(LlmTestCase):
    """The answer is printed even when logs.db cannot be written; the log error is one line."""

    def setUp(self):
        super().setUp()
        self.addCleanup(os.chmod, self.user_dir, 0o755)

    def run_as_other_user(self, *args):
        # root ignores file modes, so as root the client runs as nobody.
        if os.geteuid() != 0:
            return self.llm(*args)
        for p in (self.tmp, self.home, self.user_dir):
            os.chmod(p, 0o755)
        try:
            nobody = pwd.getpwnam("nobody").pw_uid
        except KeyError:
            self.skipTest("no 'nobody' user to drop to")
        return self.llm(*args, user=nobody)

    def check(self, r):
        self.assertEqual(r.stdout, STREAM_ANSWER + "\n", r)
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, r)
        self.assertTrue(lines[0].startswith("Error: "), r)

    def test_read_only_config_dir_still_prints_answer(self):
        os.chmod(self.user_dir, 0o555)
        self.check(self.run_as_other_user("-m", "gpt-4o-mini", PROMPT))
        self.assertFalse(self.db_path.exists())

    def test_read_only_logs_db_still_prints_answer(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", PROMPT))  # creates logs.db
        con = sqlite3.connect(self.db_path)
        con.execute("pragma wal_checkpoint(TRUNCATE)")
        con.close()
        os.chmod(self.db_path, 0o444)
        os.chmod(self.user_dir, 0o555)
        self.check(self.run_as_other_user("-m", "gpt-4o-mini", PROMPT))
        os.chmod(self.user_dir, 0o755)
        self.assertEqual(len(self.rows()), 1)


if __name__ == "__main__":
    unittest.main()
