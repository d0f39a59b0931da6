"""`llm PROMPT`: replays of recorded exchanges, and what the client puts in the request."""
import os
import subprocess
import time
import unittest

from harness import (LlmTestCase, NOSTREAM_ANSWER, STREAM_ANSWER, MINI41_ANSWER, fake,
                     llm_binary)

PROMPT = "What is 1231 * 2331?"


class StreamingReplay(LlmTestCase):
    def test_streamed_answer_printed_exactly_as_recorded(self):
        r = self.llm("-m", "gpt-4o-mini", PROMPT)
        self.assertOk(r)
        self.assertEqual(r.stdout, STREAM_ANSWER + "\n")

    def test_successful_prompt_writes_nothing_to_stderr(self):
        r = self.llm("-m", "gpt-4o-mini", PROMPT)
        self.assertOk(r)
        self.assertEqual(r.stdout, STREAM_ANSWER + "\n")
        self.assertEqual(r.stderr, "")

    def test_second_recorded_server_stream_printed_exactly(self):
        r = self.llm("-m", "gpt-4.1-mini", "What is the current llm version?")
        self.assertOk(r)
        self.assertEqual(r.stdout, MINI41_ANSWER + "\n")

    def test_request_goes_to_openai_base_url_chat_completions(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", PROMPT))
        reqs = self.server.requests()
        self.assertEqual(len(reqs), 1)
        self.assertEqual(reqs[0]["method"], "POST")
        self.assertEqual(reqs[0]["path"], "/v1/chat/completions")

    def test_streaming_request_asks_for_stream_and_usage(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", PROMPT))
        body = self.server.last_body()
        self.assertEqual(body["model"], "gpt-4o-mini")
        self.assertIs(body["stream"], True)
        self.assertEqual(body.get("stream_options"), {"include_usage": True})

    def test_prompt_sent_as_single_user_message(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", PROMPT))
        self.assertEqual(self.server.last_body()["messages"], [{"role": "user", "content": PROMPT}])

    def test_request_is_json_with_bearer_key(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", PROMPT))
        req = self.server.requests()[-1]
        self.assertTrue(req["headers"]["content-type"].startswith("application/json"))
        self.assertTrue(req["headers"].get("authorization", "").startswith("sha256:"))

    def test_output_streams_before_the_answer_is_complete(self):
        # fake-slow-20 sends one chunk every 100 ms: the first must reach stdout long
        # before the last one is sent.
        env = self.base_env()
        proc = subprocess.Popen([llm_binary(), "-m", "fake-slow-20", "go"], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        start = time.monotonic()
        first = None
        data = b""
        while True:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            if first is None:
                first = time.monotonic() - start
            data += chunk
        proc.wait(30)
        total = time.monotonic() - start
        proc.stderr.close()
        proc.stdout.close()
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(data.decode(), "".join(fake.slow_texts(20)) + "\n")
        self.assertIsNotNone(first)
        self.assertLess(first, total - 1.0, f"first output after {first:.2f}s of {total:.2f}s")


class NonStreamingReplay(LlmTestCase):
    def test_no_stream_answer_printed_exactly_as_recorded(self):
        # The recorded body is gzip-encoded; the client must decode it.
        r = self.llm("-m", "gpt-4o-mini", "--no-stream", "Can the country of Crumpet have dragons?")
        self.assertOk(r)
        self.assertEqual(r.stdout, NOSTREAM_ANSWER + "\n")

    def test_no_stream_request_does_not_ask_for_stream(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", "--no-stream", "hi"))
        body = self.server.last_body()
        self.assertFalse(body.get("stream", False))
        self.assertNotIn("stream_options", body)


class SystemPrompt(LlmTestCase):
    def test_system_prompt_sent_as_first_system_message(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", "-s", "Be terse", PROMPT))
        self.assertEqual(self.server.last_body()["messages"],
                         [{"role": "system", "content": "Be terse"}, {"role": "user", "content": PROMPT}])

    def test_long_system_flag_is_the_same(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", "--system", "Be terse", PROMPT))
        self.assertEqual(self.server.last_body()["messages"][0], {"role": "system", "content": "Be terse"})


class ModelSelection(LlmTestCase):
    def test_builtin_alias_4o_mini_selects_gpt_4o_mini(self):
        r = self.llm("-m", "4o-mini", PROMPT)
        self.assertOk(r)
        self.assertEqual(self.server.last_body()["model"], "gpt-4o-mini")
        self.assertEqual(r.stdout, STREAM_ANSWER + "\n")

    def test_llm_model_environment_variable_selects_model(self):
        self.assertOk(self.llm(PROMPT, env={"LLM_MODEL": "gpt-4o-mini"}))
        self.assertEqual(self.server.last_body()["model"], "gpt-4o-mini")

    def test_unknown_model_is_one_error_line_and_no_request(self):
        r = self.llm("-m", "no-such-model", "hi")
        line = self.assertOneErrorLine(r)
        self.assertIn("no-such-model", line)
        self.assertEqual(self.server.requests(), [])


class Options(LlmTestCase):
    def test_options_sent_with_their_json_types(self):
        r = self.llm("-m", "gpt-4o-mini", "-o", "temperature", "0.5", "-o", "max_tokens", "10",
                     "-o", "top_p", "0.9", "-o", "seed", "42", "-o", "frequency_penalty", "0.1",
                     "-o", "presence_penalty", "0.2", "--option", "stop", "END", PROMPT)
        self.assertOk(r)
        body = self.server.last_body()
        expected = {"temperature": 0.5, "max_tokens": 10, "top_p": 0.9, "seed": 42,
                    "frequency_penalty": 0.1, "presence_penalty": 0.2, "stop": "END"}
        for k, v in expected.items():
            self.assertEqual(body.get(k), v, k)
            self.assertIs(type(body.get(k)), type(v), k)

    def test_json_object_option_requests_json_response_format(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", "-o", "json_object", "1", PROMPT))
        self.assertEqual(self.server.last_body().get("response_format"), {"type": "json_object"})

    def test_unknown_option_is_one_error_line_and_no_request(self):
        r = self.llm("-m", "gpt-4o-mini", "-o", "bogus_option", "1", PROMPT)
        self.assertOneErrorLine(r)
        self.assertEqual(self.server.requests(), [])

    def test_invalid_option_value_is_one_error_line_and_no_request(self):
        r = self.llm("-m", "gpt-4o-mini", "-o", "temperature", "hot", PROMPT)
        self.assertOneErrorLine(r)
        self.assertEqual(self.server.requests(), [])


class Stdin(LlmTestCase):
    def test_piped_stdin_then_space_then_prompt_argument(self):
        # llm: prompt = " ".join([stdin, argument]); stdin is not stripped.
        r = self.llm("-m", "gpt-4o-mini", "Summarise", input="line one\nline two\n")
        self.assertOk(r)
        self.assertEqual(self.server.last_body()["messages"],
                         [{"role": "user", "content": "line one\nline two\n Summarise"}])

    def test_piped_stdin_alone_is_the_prompt(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", input="  indented stdin\n"))
        self.assertEqual(self.server.last_body()["messages"],
                         [{"role": "user", "content": "  indented stdin\n"}])

    def test_empty_stdin_leaves_prompt_argument_unchanged(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", "just this", input=b""))
        self.assertEqual(self.server.last_body()["messages"], [{"role": "user", "content": "just this"}])

    def test_stdin_and_system_are_combined(self):
        self.assertOk(self.llm("-m", "gpt-4o-mini", "-s", "Summarise", input="notes\n"))
        self.assertEqual(self.server.last_body()["messages"],
                         [{"role": "system", "content": "Summarise"}, {"role": "user", "content": "notes\n"}])


class Echo(LlmTestCase):
    expect_key = "sk-test-0123456789abcdefTESTKEY"

    def test_extra_model_request_carries_the_resolved_key(self):
        import json
        r = self.llm("-m", "fake-echo", "hello")
        self.assertOk(r)
        echoed = json.loads(r.stdout)
        self.assertEqual(echoed["auth"], "ok")
        self.assertEqual(echoed["body"]["messages"], [{"role": "user", "content": "hello"}])


if __name__ == "__main__":
    unittest.main()
