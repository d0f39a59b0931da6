"""extra-openai-models.yaml, `llm aliases`, `llm models`."""
import json
import unittest

from harness import LlmTestCase, STREAM_ANSWER, fake, free_port

PROMPT = "What is 1231 * 2331?"


class ExtraOpenAIModels(LlmTestCase):
    def model(self, **kw):
        m = {"model_id": "local-echo", "model_name": "fake-echo", "api_base": self.server.base_url}
        m.update(kw)
        self.write_extra_models([m])

    def echo(self, *args, **kw):
        r = self.llm(*args, **kw)
        self.assertOk(r)
        return json.loads(r.stdout)

    def test_api_base_is_used_instead_of_openai_base_url(self):
        self.model()
        dead = f"http://127.0.0.1:{free_port()}/v1"
        echoed = self.echo("-m", "local-echo", "hi", env={"OPENAI_BASE_URL": dead})
        self.assertEqual(echoed["path"], "/v1/chat/completions")

    def test_model_name_is_sent_not_model_id(self):
        self.model()
        self.assertEqual(self.echo("-m", "local-echo", "hi")["body"]["model"], "fake-echo")

    def test_configured_headers_are_sent(self):
        self.model(headers={"X-Test-Header": "hello", "HTTP-Referer": "https://llmbox.test"})
        headers = self.echo("-m", "local-echo", "hi")["headers"]
        self.assertEqual(headers.get("x-test-header"), "hello")
        self.assertEqual(headers.get("http-referer"), "https://llmbox.test")

    def test_yaml_aliases_select_the_model(self):
        self.model(aliases=["le", "localecho"])
        self.assertEqual(self.echo("-m", "le", "hi")["body"]["model"], "fake-echo")

    def test_can_stream_false_sends_a_non_streaming_request(self):
        self.model(can_stream=False)
        echoed = self.echo("-m", "local-echo", "hi")
        self.assertFalse(echoed["body"].get("stream", False))

    def test_api_base_without_api_key_name_needs_no_key(self):
        self.model()
        echoed = self.echo("-m", "local-echo", "hi", unset=("OPENAI_API_KEY",))
        self.assertEqual(echoed["body"]["model"], "fake-echo")

    def test_api_key_name_selects_that_stored_key(self):
        self.model(api_key_name="myservice")
        self.write_keys({"openai": "sk-openai", "myservice": "sk-myservice"})
        self.assertOk(self.llm("-m", "local-echo", "hi"))
        self.assertEqual(self.server.last_request()["key_sha256"], fake.key_digest("sk-myservice"))

    def test_written_as_real_yaml(self):
        (self.user_dir / "extra-openai-models.yaml").write_text(
            "- model_id: yaml-echo\n"
            "  model_name: fake-echo\n"
            f"  api_base: \"{self.server.base_url}\"\n"
            "  headers:\n"
            "    X-From-Yaml: yes-it-is\n")
        echoed = self.echo("-m", "yaml-echo", "hi")
        self.assertEqual(echoed["headers"].get("x-from-yaml"), "yes-it-is")

    def test_extra_model_listed_by_models(self):
        self.model(aliases=["le"])
        r = self.llm("models")
        self.assertOk(r)
        self.assertIn("OpenAI Chat: local-echo (aliases: le)", r.stdout.splitlines())


class Aliases(LlmTestCase):
    def test_aliases_set_then_list_shows_it(self):
        self.assertOk(self.llm("aliases", "set", "mini", "gpt-4o-mini"))
        r = self.llm("aliases", "list")
        self.assertOk(r)
        self.assertRegex(r.stdout, r"(?m)^mini\s+: gpt-4o-mini$")

    def test_aliases_list_includes_builtin_alias(self):
        r = self.llm("aliases")
        self.assertOk(r)
        self.assertRegex(r.stdout, r"(?m)^4o-mini\s+: gpt-4o-mini$")

    def test_aliases_set_writes_aliases_json(self):
        self.assertOk(self.llm("aliases", "set", "mini", "gpt-4o-mini"))
        self.assertEqual(json.loads((self.user_dir / "aliases.json").read_text()), {"mini": "gpt-4o-mini"})

    def test_alias_selects_model_for_prompt(self):
        self.assertOk(self.llm("aliases", "set", "mini", "gpt-4o-mini"))
        r = self.llm("-m", "mini", PROMPT)
        self.assertOk(r)
        self.assertEqual(r.stdout, STREAM_ANSWER + "\n")
        self.assertEqual(self.server.last_body()["model"], "gpt-4o-mini")

    def test_aliases_list_json(self):
        self.assertOk(self.llm("aliases", "set", "mini", "gpt-4o-mini"))
        data = json.loads(self.llm("aliases", "list", "--json").stdout)
        self.assertEqual(data.get("mini"), "gpt-4o-mini")
        self.assertEqual(data.get("4o-mini"), "gpt-4o-mini")

    def test_aliases_remove_deletes_it(self):
        self.assertOk(self.llm("aliases", "set", "mini", "gpt-4o-mini"))
        self.assertOk(self.llm("aliases", "remove", "mini"))
        self.assertNotRegex(self.llm("aliases", "list").stdout, r"(?m)^mini\s")
        self.assertOneErrorLine(self.llm("-m", "mini", "hi"))

    def test_aliases_remove_unknown_is_one_error_line(self):
        line = self.assertOneErrorLine(self.llm("aliases", "remove", "never-set"))
        self.assertIn("never-set", line)

    def test_aliases_path(self):
        r = self.llm("aliases", "path")
        self.assertOk(r)
        self.assertEqual(r.stdout.strip(), str(self.user_dir / "aliases.json"))


class Models(LlmTestCase):
    def test_models_list_shows_builtin_openai_models_with_aliases(self):
        r = self.llm("models", "list")
        self.assertOk(r)
        self.assertIn("OpenAI Chat: gpt-4o-mini (aliases: 4o-mini)", r.stdout.splitlines())

    def test_models_alone_lists_and_ends_with_default(self):
        r = self.llm("models")
        self.assertOk(r)
        self.assertRegex(r.stdout.splitlines()[-1], r"^Default: \S+$")

    def test_models_default_sets_the_model_used_without_m(self):
        self.assertOk(self.llm("models", "default", "gpt-4o-mini"))
        self.assertEqual(self.llm("models", "default").stdout, "gpt-4o-mini\n")
        r = self.llm(PROMPT)
        self.assertOk(r)
        self.assertEqual(self.server.last_body()["model"], "gpt-4o-mini")

    def test_models_default_writes_default_model_txt(self):
        self.assertOk(self.llm("models", "default", "4o-mini"))
        self.assertEqual((self.user_dir / "default_model.txt").read_text().strip(), "gpt-4o-mini")

    def test_models_default_unknown_is_one_error_line(self):
        line = self.assertOneErrorLine(self.llm("models", "default", "no-such-model"))
        self.assertIn("no-such-model", line)
        self.assertFalse((self.user_dir / "default_model.txt").exists())

    def test_models_default_shown_in_models_list(self):
        self.assertOk(self.llm("models", "default", "fake-echo"))
        self.assertEqual(self.llm("models").stdout.splitlines()[-1], "Default: fake-echo")


if __name__ == "__main__":
    unittest.main()
