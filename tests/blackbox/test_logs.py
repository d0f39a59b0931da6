"""logs.db rows written by a prompt, `llm logs` and its options, -n/--log/logs on|off, -u."""
import datetime
import json
import re
import unittest

from harness import (LlmTestCase, STREAM_ANSWER, STREAM_USAGE, NOSTREAM_ANSWER, NOSTREAM_USAGE,
                     fake, marked_incomplete)

ULID = re.compile(r"^[0-9a-hjkmnp-tv-z]{26}$")  # Crockford base32, lowercase, as llm writes it
PROMPT = "What is 1231 * 2331?"


class ResponseRow(LlmTestCase):
    def setUp(self):
        super().setUp()
        self.assertOk(self.llm("-m", "gpt-4o-mini", PROMPT))
        self.row = self.one_row()

    def test_id_is_a_lowercase_ulid(self):
        self.assertRegex(self.row["id"], ULID)

    def test_model_prompt_and_response_recorded(self):
        self.assertEqual(self.row["model"], "gpt-4o-mini")
        self.assertEqual(self.row["prompt"], PROMPT)
        self.assertEqual(self.row["response"], STREAM_ANSWER)

    def test_system_is_null_without_s(self):
        self.assertIsNone(self.row["system"])

    def test_options_json_is_an_empty_object_without_o(self):
        self.assertEqual(json.loads(self.row["options_json"]), {})

    def test_conversation_id_is_a_ulid_with_a_conversations_row(self):
        self.assertRegex(self.row["conversation_id"], ULID)
        convs = self.rows("select * from conversations where id = ?", (self.row["conversation_id"],))
        self.assertEqual(len(convs), 1)
        self.assertEqual(convs[0]["model"], "gpt-4o-mini")

    def test_duration_ms_is_a_non_negative_integer(self):
        self.assertIsInstance(self.row["duration_ms"], int)
        self.assertGreaterEqual(self.row["duration_ms"], 0)
        self.assertLess(self.row["duration_ms"], 60000)

    def test_datetime_utc_is_iso_and_recent(self):
        dt = datetime.datetime.fromisoformat(self.row["datetime_utc"])
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=datetime.timezone.utc)
        now = datetime.datetime.now(datetime.timezone.utc)
        self.assertLess(abs((now - dt).total_seconds()), 300)

    def test_token_counts_from_the_streamed_usage(self):
        self.assertEqual((self.row["input_tokens"], self.row["output_tokens"]), STREAM_USAGE)

    def test_response_json_is_json(self):
        self.assertIsNotNone(self.row["response_json"])
        json.loads(self.row["response_json"])

    def test_complete_answer_is_not_marked_incomplete(self):
        self.assertFalse(marked_incomplete(self.row))

    def test_full_text_index_finds_the_response(self):
        hits = self.rows("select rowid from responses_fts where responses_fts match ?", ("1231",))
        self.assertGreaterEqual(len(hits), 1)


class RowOptions(LlmTestCase):
    def test_system_and_options_recorded(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", "-s", "Be terse", "-o", "temperature", "0.5", PROMPT))
        row = self.one_row()
        self.assertEqual(row["system"], "Be terse")
        self.assertEqual(json.loads(row["options_json"]), {"temperature": 0.5})

    def test_non_streamed_answer_logged_with_usage(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", "--no-stream", "dragons?"))
        row = self.one_row()
        self.assertEqual(row["response"], NOSTREAM_ANSWER)
        self.assertEqual((row["input_tokens"], row["output_tokens"]), NOSTREAM_USAGE)

    def test_stdin_prompt_logged_as_sent(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", "Summarise", input="notes\n"))
        self.assertEqual(self.one_row()["prompt"], "notes\n Summarise")


class LoggingSwitches(LlmTestCase):
    def test_no_log_writes_no_row(self):
        r = self.llm("-m", "gpt-4o-mini", "-n", PROMPT)
        self.assertOk(r)
        self.assertEqual(r.stdout, STREAM_ANSWER + "\n")
        self.assertEqual(self.rows(), [])

    def test_long_no_log_writes_no_row(self):
        r = self.llm("-m", "gpt-4o-mini", "--no-log", PROMPT)
        self.assertOk(r)
        self.assertEqual(r.stdout, STREAM_ANSWER + "\n")
        self.assertEqual(self.rows(), [])

    def test_logs_off_writes_no_row(self):
        self.assertOk(self.llm("logs", "off"))
        self.assertTrue((self.user_dir / "logs-off").exists())
        self.assertOk(self.llm("-m", "gpt-4o-mini", PROMPT))
        self.assertEqual(self.rows(), [])

    def test_log_flag_logs_while_logs_are_off(self):
        self.assertOk(self.llm("logs", "off"))
        self.assertOk(self.llm("-m", "gpt-4o-mini", "--log", PROMPT))
        self.assertEqual(len(self.rows()), 1)

    def test_logs_on_turns_logging_back_on(self):
        self.assertOk(self.llm("logs", "off"))
        self.assertOk(self.llm("logs", "on"))
        self.assertFalse((self.user_dir / "logs-off").exists())
        self.assertOk(self.llm("-m", "gpt-4o-mini", PROMPT))
        self.assertEqual(len(self.rows()), 1)

    def test_log_and_no_log_together_is_an_error(self):
        r = self.llm("-m", "gpt-4o-mini", "--log", "--no-log", PROMPT)
        self.assertNotEqual(r.returncode, 0)
        self.assertOneErrorLine(r, status=r.returncode)
        self.assertEqual(self.server.requests(), [])


class LogsCommand(LlmTestCase):
    def setUp(self):
        super().setUp()
        self.assertOk(self.llm("-m", "fake-chunks-3", "-s", "sys one", "first pelican prompt"))
        self.assertOk(self.llm("-m", "gpt-4o-mini", "second walrus prompt"))

    def test_logs_json_n_1_is_the_latest_response(self):
        r = self.llm("logs", "-n", "1", "--json")
        self.assertOk(r)
        data = json.loads(r.stdout)
        self.assertIsInstance(data, list)
        self.assertEqual(len(data), 1)
        self.assertEqual(data[0]["prompt"], "second walrus prompt")
        self.assertEqual(data[0]["response"], STREAM_ANSWER)
        self.assertEqual(data[0]["model"], "gpt-4o-mini")
        self.assertRegex(data[0]["id"], ULID)

    def test_logs_json_has_llm_columns_and_decoded_json_fields(self):
        data = json.loads(self.llm("logs", "-n", "1", "--json").stdout)
        for col in ("id", "model", "prompt", "system", "prompt_json", "options_json", "response",
                    "response_json", "conversation_id", "duration_ms", "datetime_utc",
                    "input_tokens", "output_tokens", "token_details", "conversation_name",
                    "conversation_model"):
            self.assertIn(col, data[0])
        self.assertIsInstance(data[0]["options_json"], dict)
        self.assertEqual((data[0]["input_tokens"], data[0]["output_tokens"]), STREAM_USAGE)

    def test_logs_json_lists_oldest_first(self):
        data = json.loads(self.llm("logs", "--json").stdout)
        self.assertEqual([d["prompt"] for d in data], ["first pelican prompt", "second walrus prompt"])

    def test_logs_markdown_shows_prompt_system_and_response(self):
        r = self.llm("logs", "-n", "2")
        self.assertOk(r)
        for text in ("## Prompt", "first pelican prompt", "## System", "sys one", "## Response",
                     STREAM_ANSWER, "Model: **gpt-4o-mini**"):
            self.assertIn(text, r.stdout)

    def test_logs_response_flag_prints_only_last_response(self):
        r = self.llm("logs", "-r")
        self.assertOk(r)
        self.assertEqual(r.stdout, STREAM_ANSWER + "\n")

    def test_logs_query_searches_full_text(self):
        data = json.loads(self.llm("logs", "-q", "pelican", "--json").stdout)
        self.assertEqual([d["prompt"] for d in data], ["first pelican prompt"])

    def test_logs_model_filter(self):
        data = json.loads(self.llm("logs", "-m", "fake-chunks-3", "--json").stdout)
        self.assertEqual([d["model"] for d in data], ["fake-chunks-3"])

    def test_logs_cid_filter(self):
        cid = self.rows()[0]["conversation_id"]
        data = json.loads(self.llm("logs", "--cid", cid, "--json").stdout)
        self.assertEqual([d["prompt"] for d in data], ["first pelican prompt"])

    def test_logs_usage_shows_token_counts(self):
        r = self.llm("logs", "-n", "1", "-u")
        self.assertOk(r)
        self.assertIn("## Token usage\n\n87 input, 26 output", r.stdout)

    def test_logs_short_is_yaml_with_model_and_prompt(self):
        r = self.llm("logs", "-n", "1", "-s")
        self.assertOk(r)
        self.assertIn("model: gpt-4o-mini", r.stdout)
        self.assertIn("prompt: second walrus prompt", r.stdout)

    def test_logs_path_prints_the_database_path(self):
        r = self.llm("logs", "path")
        self.assertOk(r)
        self.assertEqual(r.stdout.strip(), str(self.db_path))

    def test_logs_status_counts_responses(self):
        r = self.llm("logs", "status")
        self.assertOk(r)
        self.assertIn("Logging is ON", r.stdout)
        self.assertRegex(r.stdout, r"Number of responses logged:\s+2")


class Usage(LlmTestCase):
    def test_usage_flag_prints_token_usage_line_on_stderr(self):
        r = self.llm("-m", "gpt-4o-mini", "-u", PROMPT)
        self.assertOk(r)
        self.assertEqual(r.stdout, STREAM_ANSWER + "\n")
        self.assertEqual(r.stderr.strip(), "Token usage: 87 input, 26 output")

    def test_usage_for_synthetic_stream_counts_chunks(self):
        r = self.llm("-m", "fake-chunks-3", "--usage", "hi")
        self.assertOk(r)
        self.assertEqual(r.stderr.strip(), f"Token usage: {fake.PROMPT_TOKENS} input, 3 output")


if __name__ == "__main__":
    unittest.main()
