"""OpenAI Responses models (gpt-5 family, o-series): recorded replays, synthetic scenarios
through the fake provider's /v1/responses, default model options and --schema."""
import json
import pathlib
import sys

import harness
from harness import FAKE_MODELS, LlmTestCase

FAKE_PROVIDER = pathlib.Path(__file__).resolve().parent.parent / "fake_provider"
sys.dont_write_bytecode = True
sys.path.insert(0, str(FAKE_PROVIDER))
import responses_wire  # noqa: E402

REPLAYS = ("openai/test_responses_basic_streaming.yaml", "openai/test_responses_basic_non_streaming.yaml",
           "openai/test_responses_tool_use_streaming.yaml", "openai/test_tool_use_basic.yaml#1")
PONG_PROMPT = "Reply with exactly: pong"
RESPONSES_FAKES = ("fake-echo", "fake-reasoning", "fake-tool-call", "fake-error-event",
                   "fake-failed", "fake-cut", "fake-401", "fake-invalid-utf8")


class ResponsesTestCase(LlmTestCase):
    replays = REPLAYS

    def setUp(self):
        # The fake provider with the Responses API for the synthetic models.
        saved, harness.SERVER = harness.SERVER, FAKE_PROVIDER / "responses_server.py"
        try:
            super().setUp()
        finally:
            harness.SERVER = saved
        models = self.model_entries(FAKE_MODELS)
        models += [{"model_id": "r-" + m, "model_name": m, "api_base": self.server.base_url,
                    "api_key_name": "openai", "responses": True} for m in RESPONSES_FAKES]
        self.write_extra_models(models)

    def echo(self, *args, model="r-fake-echo"):
        r = self.llm("-m", model, *args)
        self.assertOk(r)
        return json.loads(r.stdout)


class ResponsesReplay(ResponsesTestCase):
    def test_streamed_replay_prints_answer(self):
        r = self.llm("-m", "gpt-5.5", "-o", "reasoning_effort", "low", PONG_PROMPT)
        self.assertOk(r)
        self.assertEqual(r.stdout, "pong\n")
        self.assertEqual(r.stderr, "")

    def test_non_streamed_replay_prints_answer(self):
        r = self.llm("-m", "gpt-5.5", "--no-stream", PONG_PROMPT)
        self.assertOk(r)
        self.assertEqual(r.stdout, "pong\n")

    def test_request_is_llm_responses_body(self):
        self.assertOk(self.llm("-m", "gpt-5.5", "-o", "reasoning_effort", "low", PONG_PROMPT))
        req = self.server.last_request()
        self.assertEqual(req["path"], "/v1/responses")
        self.assertEqual(req["body"], {"include": ["reasoning.encrypted_content"],
                                       "input": [{"role": "user", "content": PONG_PROMPT}],
                                       "model": "gpt-5.5", "reasoning": {"effort": "low"},
                                       "store": False, "stream": True})

    def test_logged_row_has_usage_resolved_model_and_response_object(self):
        self.assertOk(self.llm("-m", "gpt-5.5", PONG_PROMPT))
        row = self.one_row()
        self.assertEqual(row["model"], "gpt-5.5")
        self.assertEqual(row["resolved_model"], "gpt-5.5-2026-04-23")
        self.assertEqual(row["response"], "pong")
        self.assertEqual((row["input_tokens"], row["output_tokens"]), (11, 5))
        self.assertEqual(json.loads(row["token_details"]),
                         {"input_tokens_details": {"cached_tokens": 0},
                          "output_tokens_details": {"reasoning_tokens": 0}})
        response_json = json.loads(row["response_json"])
        self.assertEqual(response_json["status"], "completed")
        self.assertNotIn("error", response_json)  # nulls dropped, as llm does
        self.assertEqual(json.loads(row["prompt_json"]),
                         {"input": [{"role": "user", "content": PONG_PROMPT}], "instructions": None})

    def test_gpt5_family_goes_to_responses_and_4o_to_chat(self):
        self.llm("-m", "gpt-5", "x")
        self.assertEqual(self.server.last_request()["path"], "/v1/responses")
        self.assertOk(self.llm("-m", "4o-mini", "What is 1231 * 2331?"))
        self.assertEqual(self.server.last_request()["path"], "/v1/chat/completions")


class ToolCallReplay(ResponsesTestCase):
    replays = ("openai/test_responses_tool_use_streaming.yaml",)

    def test_function_call_stream_ends_cleanly_with_the_call_logged(self):
        r = self.llm("-m", "gpt-5.5", "What is 1231 * 2331? Use the multiply tool.")
        self.assertOk(r)
        self.assertEqual(r.stdout, "\n")
        output = json.loads(self.one_row()["response_json"])["output"]
        self.assertEqual(output[0]["type"], "function_call")
        self.assertEqual(output[0]["arguments"], '{"a":1231,"b":2331}')


class ResponsesRequests(ResponsesTestCase):
    def test_system_prompt_becomes_instructions(self):
        body = self.echo("-s", "Be terse", "hello")["body"]
        self.assertEqual(body["instructions"], "Be terse")
        self.assertEqual(body["input"], [{"role": "user", "content": "hello"}])

    def test_options_use_responses_names(self):
        body = self.echo("-o", "max_tokens", "20", "-o", "verbosity", "low",
                         "-o", "reasoning_summary", "auto", "x")["body"]
        self.assertEqual(body["max_output_tokens"], 20)
        self.assertNotIn("max_tokens", body)
        self.assertEqual(body["text"], {"verbosity": "low"})
        self.assertEqual(body["reasoning"], {"summary": "auto"})
        self.assertIs(body["store"], False)

    def test_chat_completions_option_uses_the_chat_endpoint(self):
        echoed = self.echo("-o", "chat_completions", "1", "-o", "reasoning_effort", "low", "x")
        self.assertEqual(echoed["path"], "/v1/chat/completions")
        self.assertEqual(echoed["body"]["reasoning_effort"], "low")
        self.assertNotIn("chat_completions", echoed["body"])
        self.assertIn("messages", json.loads(self.one_row()["prompt_json"]))

    def test_unknown_option_is_refused_before_sending(self):
        r = self.llm("-m", "r-fake-echo", "-o", "reasoning_effort", "huge", "x")
        line = self.assertOneErrorLine(r)
        self.assertIn("reasoning_effort", line)
        self.assertEqual(self.server.requests(), [])

    def test_continued_conversation_sends_history_as_input(self):
        self.echo("first")
        body = self.echo("-c", "second")["body"]
        self.assertEqual([m["role"] for m in body["input"]], ["user", "assistant", "user"])
        self.assertEqual(body["input"][2]["content"], "second")


class ResponsesScenarios(ResponsesTestCase):
    def test_reasoning_summary_is_not_part_of_the_answer(self):
        for flags in ((), ("--no-stream",)):
            r = self.llm("-m", "r-fake-reasoning", *flags, "x")
            self.assertOk(r)
            self.assertEqual(r.stdout, responses_wire.REASONING_ANSWER + "\n")
            self.assertNotIn(responses_wire.REASONING_TEXT, r.stdout)

    def test_function_call_answer_logs_empty_response(self):
        r = self.llm("-m", "r-fake-tool-call", "x")
        self.assertOk(r)
        self.assertEqual(self.one_row()["response"], "")

    def test_error_event_before_text_is_one_error_line(self):
        r = self.llm("-m", "r-fake-error-event", "x")
        line = self.assertOneErrorLine(r)
        self.assertIn(responses_wire.ERROR_MESSAGE, line)
        self.assertEqual(r.stdout, "")

    def test_failed_response_keeps_partial_text_and_exits_1(self):
        r = self.llm("-m", "r-fake-failed", "x")
        self.assertEqual(r.returncode, 1, r)
        self.assertTrue(r.stdout.startswith(responses_wire.FAILED_TEXT), r)
        self.assertIn(responses_wire.ERROR_MESSAGE, r.stderr)
        self.assertTrue(json.loads(self.one_row()["response_json"])["llmbox_incomplete"])

    def test_cut_stream_prints_what_arrived_and_exits_1(self):
        r = self.llm("-m", "r-fake-cut", "x")
        self.assertEqual(r.returncode, 1, r)
        self.assertTrue(r.stdout.startswith("c0 c1 "), r)
        self.assertEqual(self.one_row()["response"], "c0 c1 c2 c3 c4 c5 c6 c7 c8 c9 ")

    def test_invalid_utf8_is_repaired(self):
        r = self.llm("-m", "r-fake-invalid-utf8", "x")
        self.assertOk(r)
        self.assertIn("\ufffd", r.stdout)

    def test_401_is_one_error_line_without_the_key(self):
        r = self.llm("-m", "r-fake-401", "x")
        line = self.assertOneErrorLine(r)
        self.assertIn("401", line)
        self.assertNotIn("sk-test", r.stderr)


class ModelsOptions(ResponsesTestCase):
    def test_list_options_shows_types_and_descriptions_once_per_provider(self):
        r = self.llm("models", "list", "--options", "-q", "gpt-5")
        self.assertOk(r)
        blocks = r.stdout.split("\nOpenAI Responses: ")
        self.assertTrue(blocks[0].startswith("OpenAI Responses: gpt-5\n  Options:\n"), blocks[0])
        self.assertIn("\n    reasoning_effort: str\n      ", blocks[0])
        self.assertIn("\n    temperature: float\n", blocks[1])
        self.assertNotIn("\n      ", blocks[1].split("  Features:")[0])  # no description again
        self.assertIn("  Keys:\n    key: openai\n    env_var: OPENAI_API_KEY", blocks[0])
        self.assertNotIn("Default:", r.stdout)

    def test_repeated_query_must_all_match(self):
        r = self.llm("models", "-q", "gpt-5", "-q", "mini")
        self.assertOk(r)
        lines = r.stdout.splitlines()
        self.assertIn("OpenAI Responses: gpt-5-mini", lines)
        self.assertTrue(all("gpt-5" in l and "mini" in l for l in lines), lines)

    def test_set_show_clear_round_trip_in_llm_format(self):
        r = self.llm("models", "options", "set", "4o", "temperature", "0.5")
        self.assertOk(r)
        self.assertEqual(r.stderr, "Set default option temperature=0.5 for model gpt-4o\n")
        self.assertOk(self.llm("models", "options", "set", "gpt-4o", "max_tokens", "20"))
        path = self.user_dir / "model_options.json"
        self.assertEqual(path.read_text(), json.dumps(
            {"gpt-4o": {"temperature": "0.5", "max_tokens": "20"}}, indent=2))
        r = self.llm("models", "options", "show", "4o")
        self.assertEqual(r.stdout, "temperature: 0.5\nmax_tokens: 20\n")
        r = self.llm("models", "options", "clear", "4o", "temperature")
        self.assertEqual(r.stdout, "Cleared option 'temperature' for model gpt-4o\n")
        r = self.llm("models", "options")
        self.assertEqual(r.stdout, "gpt-4o:\n  max_tokens: 20\n")
        r = self.llm("models", "options", "clear", "gpt-4o")
        self.assertEqual(r.stdout, "Cleared option 'max_tokens' for model gpt-4o\n")
        r = self.llm("models", "options", "show", "gpt-4o")
        self.assertEqual(r.stderr, "No default options set for model 'gpt-4o'.\n")

    def test_set_refuses_invalid_value(self):
        r = self.llm("models", "options", "set", "gpt-5", "reasoning_effort", "huge")
        self.assertOneErrorLine(r)
        self.assertFalse((self.user_dir / "model_options.json").exists())

    def test_defaults_apply_under_command_line_options(self):
        self.assertOk(self.llm("models", "options", "set", "fake-echo", "temperature", "0.5"))
        self.assertOk(self.llm("models", "options", "set", "fake-echo", "seed", "3"))
        body = self.echo("-o", "seed", "9", "x", model="fake-echo")["body"]
        self.assertEqual(body["temperature"], 0.5)
        self.assertEqual(body["seed"], 9)
        self.assertEqual(json.loads(self.one_row()["options_json"]), {"temperature": 0.5, "seed": 9})


class Schemas(ResponsesTestCase):
    CONCISE = "name, age int, bio: a short bio"
    SCHEMA = {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"},
                                               "bio": {"type": "string", "description": "a short bio"}},
              "required": ["name", "age", "bio"]}
    SCHEMA_ID = "96177f5728dd248fb578c9996646ebe6"  # llm's make_schema_id of SCHEMA

    def test_chat_sends_response_format_json_schema(self):
        body = self.echo("--schema", self.CONCISE, "x", model="fake-echo")["body"]
        self.assertEqual(body["response_format"],
                         {"type": "json_schema", "json_schema": {"name": "output", "schema": self.SCHEMA}})

    def test_responses_sends_text_format_json_schema(self):
        body = self.echo("--schema", self.CONCISE, "x")["body"]
        self.assertEqual(body["text"]["format"], {"type": "json_schema", "name": "output",
                                                  "schema": self.SCHEMA, "strict": False})

    def test_schema_id_and_content_logged_as_llm_does(self):
        self.echo("--schema", self.CONCISE, "x", model="fake-echo")
        self.assertEqual(self.one_row()["schema_id"], self.SCHEMA_ID)
        stored = self.rows("select * from schemas")
        self.assertEqual(stored, [{"id": self.SCHEMA_ID,
                                   "content": json.dumps(self.SCHEMA, separators=(",", ":"))}])

    def test_schema_multi_wraps_items(self):
        body = self.echo("--schema-multi", self.CONCISE, "x", model="fake-echo")["body"]
        schema = body["response_format"]["json_schema"]["schema"]
        self.assertEqual(schema["properties"]["items"], {"type": "array", "items": self.SCHEMA})

    def test_schema_from_file_and_from_stored_id(self):
        path = self.tmp / "s.json"
        path.write_text(json.dumps(self.SCHEMA))
        self.echo("--schema", str(path), "x", model="fake-echo")
        body = self.echo("--schema", self.SCHEMA_ID, "y", model="fake-echo")["body"]
        self.assertEqual(body["response_format"]["json_schema"]["schema"], self.SCHEMA)
        self.assertEqual(len(self.rows("select * from schemas")), 1)

    def test_invalid_schema_is_usage_error(self):
        r = self.llm("-m", "fake-echo", "--schema", "nosuchschema", "x")
        self.assertOneErrorLine(r, status=2)
        self.assertEqual(self.server.requests(), [])
