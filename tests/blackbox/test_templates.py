"""`llm -t/-p/--save/-x/--xl` and `llm templates`: what a template puts in the request,
what --save writes, code extraction, and where templates may come from."""
import json
import os

import yaml

from harness import FAKE_MODELS, LlmTestCase, fake


class TemplateCase(LlmTestCase):
    """A config templates/ dir and a prompt library ($LLM_PROMPTS_PATH) per test."""

    def setUp(self):
        super().setUp()
        self.register_models(*FAKE_MODELS, "fake-fenced")
        self.templates = self.user_dir / "templates"
        self.library = self.tmp / "library"
        self.templates.mkdir()
        self.library.mkdir()

    def base_env(self):
        env = super().base_env()
        env["LLM_PROMPTS_PATH"] = str(self.library)
        return env

    def config_template(self, name, text):
        (self.templates / f"{name}.yaml").write_text(text)

    def library_template(self, name, text):
        (self.library / f"{name}.yaml").write_text(text)

    def messages(self):
        return self.server.last_body()["messages"]


class UsingTemplates(TemplateCase):
    def test_system_prompt_input_defaults_and_options_are_sent(self):
        self.config_template("pirate", "model: fake-echo\nsystem: Talk like $voice\n"
                             "prompt: 'Summarize: $input'\ndefaults:\n  voice: a pirate\n"
                             "options:\n  temperature: 0.25\n")
        r = self.llm("-t", "pirate", input="the text")
        self.assertOk(r)
        body = self.server.last_body()
        self.assertEqual(body["model"], "fake-echo")
        self.assertEqual(body["messages"], [{"role": "system", "content": "Talk like a pirate"},
                                            {"role": "user", "content": "Summarize: the text"}])
        self.assertEqual(body["temperature"], 0.25)

    def test_command_line_beats_template_settings(self):
        self.config_template("t", "model: fake-fenced\nsystem: template system\n"
                             "options:\n  temperature: 0.25\n  max_tokens: 9\n")
        r = self.llm("-t", "t", "-m", "fake-echo", "-s", "mine", "-o", "temperature", "1", "hi")
        self.assertOk(r)
        body = self.server.last_body()
        self.assertEqual(body["model"], "fake-echo")
        self.assertEqual(body["messages"][0], {"role": "system", "content": "mine"})
        self.assertEqual(body["temperature"], 1.0)
        self.assertEqual(body["max_tokens"], 9)

    def test_param_overrides_default_and_braces_and_double_dollar_work(self):
        self.config_template("p", "model: fake-echo\nprompt: '${thing}s cost $$5 for $who'\n"
                             "defaults:\n  who: everyone\n")
        self.assertOk(self.llm("-t", "p", "-p", "thing", "apple", "-p", "who", "me"))
        self.assertEqual(self.messages(), [{"role": "user", "content": "apples cost $5 for me"}])

    def test_argument_is_appended_to_a_template_without_input(self):
        self.config_template("joke", "model: fake-echo\nprompt: Tell a joke about\n")
        self.assertOk(self.llm("-t", "joke", "cats"))
        self.assertEqual(self.messages(), [{"role": "user", "content": "Tell a joke about\ncats"}])

    def test_plain_string_file_is_the_prompt(self):
        self.config_template("s", "'Reverse: $input'\n")
        self.assertOk(self.llm("-t", "s", "-m", "fake-echo", "abc"))
        self.assertEqual(self.messages(), [{"role": "user", "content": "Reverse: abc"}])

    def test_missing_variable_is_one_error_naming_file_and_variable(self):
        self.config_template("recipe", "model: fake-echo\nprompt: |\n  Use $ingredients\n")
        r = self.llm("-t", "recipe", "x")
        line = self.assertOneErrorLine(r, 1)
        self.assertIn("recipe.yaml", line)
        self.assertIn("ingredients", line)
        self.assertEqual(self.server.requests(), [])

    def test_unknown_key_is_one_error_with_file_and_line(self):
        self.config_template("typo", "prompt: hi\nsytem: oops\n")
        line = self.assertOneErrorLine(self.llm("-t", "typo", "-m", "fake-echo"), 1)
        self.assertIn("typo.yaml:2:", line)
        self.assertIn("sytem", line)

    def test_unknown_template_is_an_error(self):
        line = self.assertOneErrorLine(self.llm("-t", "nope", "hi"), 1)
        self.assertIn("Invalid template: nope", line)

    def test_paths_are_refused_as_template_names(self):
        (self.tmp / "evil.yaml").write_text("prompt: evil\n")
        for name in ("../evil", str(self.tmp / "evil.yaml"), "/etc/passwd"):
            self.assertOneErrorLine(self.llm("-t", name, "-m", "fake-echo", "hi"), 2)
        self.assertEqual(self.server.requests(), [])

    def test_symlink_out_of_the_library_is_refused(self):
        (self.tmp / "outside.yaml").write_text("prompt: outside\n")
        os.symlink(self.tmp / "outside.yaml", self.library / "link.yaml")
        line = self.assertOneErrorLine(self.llm("-t", "link", "-m", "fake-echo"), 1)
        self.assertIn("outside", line)
        self.assertEqual(self.server.requests(), [])


class TemplateLocations(TemplateCase):
    def test_config_template_wins_over_library(self):
        self.config_template("t", "model: fake-echo\nprompt: from config\n")
        self.library_template("t", "model: fake-echo\nprompt: from library\n")
        self.assertOk(self.llm("-t", "t"))
        self.assertEqual(self.messages(), [{"role": "user", "content": "from config"}])

    def test_library_template_is_used_when_config_has_none(self):
        self.library_template("lib", "model: fake-echo\nsystem: library system\n")
        self.assertOk(self.llm("-t", "lib", "hi"))
        self.assertEqual(self.messages()[0], {"role": "system", "content": "library system"})

    def test_library_is_off_without_llm_prompts_path(self):
        self.library_template("lib", "model: fake-echo\nprompt: x\n")
        self.assertOneErrorLine(self.llm("-t", "lib", env={"LLM_PROMPTS_PATH": ""}), 1)

    def test_library_template_with_tools_is_refused(self):
        self.library_template("tooly", "model: fake-echo\nprompt: hi\ntools:\n- llm_time\n")
        line = self.assertOneErrorLine(self.llm("-t", "tooly"), 1)
        self.assertIn("templates from the prompt library cannot bring tools", line)
        self.assertEqual(self.server.requests(), [])

    def test_list_shows_both_locations(self):
        self.config_template("mine", "system: my system\nprompt: my prompt\n")
        self.library_template("shared", "prompt: a shared prompt\n")
        r = self.llm("templates", "list")
        self.assertOk(r)
        self.assertEqual(r.stdout, "mine   : system: my system prompt: my prompt\n"
                                   "shared : [library] a shared prompt\n")
        self.assertEqual(self.llm("templates").stdout, r.stdout)

    def test_path_prints_config_templates_dir(self):
        r = self.llm("templates", "path")
        self.assertOk(r)
        self.assertEqual(r.stdout, f"{self.templates}\n")

    def test_show_prints_the_template(self):
        self.config_template("s", "system: hello\nmodel: fake-echo\n")
        r = self.llm("templates", "show", "s")
        self.assertOk(r)
        self.assertEqual(yaml.safe_load(r.stdout), {"name": "s", "system": "hello", "model": "fake-echo"})


class SaveTemplates(TemplateCase):
    def test_save_writes_llm_fields_and_runs_nothing(self):
        r = self.llm("-m", "fake-echo", "-s", "Talk like $voice", "-p", "voice", "a pirate",
                     "-o", "temperature", "0.5", "-x", "--save", "pirate", "Summarize: $input")
        self.assertOk(r)
        self.assertEqual(r.stdout, "")
        self.assertEqual(self.server.requests(), [])
        saved = yaml.safe_load((self.templates / "pirate.yaml").read_text())
        self.assertEqual(saved, {"model": "fake-echo", "prompt": "Summarize: $input",
                                 "system": "Talk like $voice", "defaults": {"voice": "a pirate"},
                                 "extract": True, "options": {"temperature": 0.5}})

    def test_saved_template_round_trips(self):
        self.assertOk(self.llm("-m", "fake-echo", "-s", "Be $mood", "-p", "mood", "calm",
                               "-o", "max_tokens", "12", "--save", "rt", "Say: $input"))
        self.assertOk(self.llm("-t", "rt", "hello"))
        body = self.server.last_body()
        self.assertEqual(body["messages"], [{"role": "system", "content": "Be calm"},
                                            {"role": "user", "content": "Say: hello"}])
        self.assertEqual(body["max_tokens"], 12)

    def test_save_resolves_an_alias_to_the_model_id(self):
        self.assertOk(self.llm("aliases", "set", "echo", "fake-echo"))
        self.assertOk(self.llm("-m", "echo", "--save", "a", "hi"))
        self.assertEqual(yaml.safe_load((self.templates / "a.yaml").read_text())["model"], "fake-echo")

    def test_save_keeps_the_schema_and_the_template_sends_it(self):
        self.assertOk(self.llm("-m", "fake-echo", "--schema", "name, age int", "--save", "person",
                               "Invent a person"))
        saved = yaml.safe_load((self.templates / "person.yaml").read_text())
        self.assertEqual(saved["schema_object"]["properties"],
                         {"name": {"type": "string"}, "age": {"type": "integer"}})
        self.assertOk(self.llm("-t", "person"))
        body = json.dumps(self.server.last_body())
        self.assertIn('"age"', body)
        self.assertIn('"integer"', body)

    def test_save_with_template_or_continue_is_refused(self):
        self.config_template("t", "prompt: hi\n")
        line = self.assertOneErrorLine(self.llm("-t", "t", "--save", "x"), 2)
        self.assertIn("--save cannot be used with --template", line)
        self.assertOneErrorLine(self.llm("-c", "--save", "x", "hi"), 2)

    def test_save_refuses_a_path_as_name(self):
        self.assertOneErrorLine(self.llm("--save", "../escape", "hi"), 2)
        self.assertFalse((self.user_dir / "escape.yaml").exists())


class Extract(TemplateCase):
    def test_extract_prints_first_block_and_logs_whole_answer(self):
        r = self.llm("-m", "fake-fenced", "-x", "code please")
        self.assertOk(r)
        self.assertEqual(r.stdout, "print('first')\n\n")
        self.assertEqual(self.one_row()["response"], fake.FENCED_ANSWER)

    def test_extract_last_prints_last_block(self):
        r = self.llm("-m", "fake-fenced", "--xl", "code please")
        self.assertOk(r)
        self.assertEqual(r.stdout, "second block\n\n")
        r = self.llm("-m", "fake-fenced", "--extract-last", "code please")
        self.assertEqual(r.stdout, "second block\n\n")

    def test_extract_without_a_block_prints_the_whole_answer(self):
        r = self.llm("-m", "fake-echo", "-x", "no code")
        self.assertOk(r)
        self.assertEqual(json.loads(r.stdout)["body"]["messages"][0]["content"], "no code")

    def test_extract_turns_streaming_off(self):
        self.assertOk(self.llm("-m", "fake-fenced", "-x", "code"))
        self.assertNotEqual(self.server.last_body().get("stream"), True)

    def test_template_extract_setting_applies(self):
        self.config_template("code", "model: fake-fenced\nextract_last: true\n")
        r = self.llm("-t", "code", "write it")
        self.assertOk(r)
        self.assertEqual(r.stdout, "second block\n\n")
