"""Tool chains across invocations and providers: `-c` after a chain sends the earlier tool
calls and results again (read back from logs.db's tool_calls / tool_results) in each
provider's own shape, and the recorded Anthropic tool-call exchange runs through the whole
loop with a real custom tool in the sandbox."""
import json

from harness import MINI41_ANSWER, AnthropicTestCase, LlmTestCase

PELICAN_PROMPT = "Two names for a pet pelican"
PELICAN_IDS = ("toolu_01LtHJmixrs9NcWQkK8hu8hj", "toolu_01N8a4jWyf116qKTMqKKmjyt")


class ContinueOpenAIChat(LlmTestCase):
    """A recorded Chat Completions chain (llm_version), then -c with a new prompt."""
    replays = ("openai/test_tools_streaming_variant_a.yaml",)
    chain = ("-m", "gpt-4.1-mini", "-T", "llm_version", "What is the current llm version?")

    def test_continue_sends_the_tool_call_and_result_messages_again(self):
        self.assertOk(self.llm(*self.chain))
        in_chain = self.bodies()[1]["messages"]
        self.assertOk(self.llm("-c", "And the one before?"))
        sent = self.bodies()[2]["messages"]
        self.assertEqual(sent, in_chain + [{"role": "assistant", "content": MINI41_ANSWER},
                                           {"role": "user", "content": "And the one before?"}])
        self.assertEqual([m["role"] for m in sent], ["user", "assistant", "tool", "assistant", "user"])
        self.assertEqual(sent[1]["tool_calls"][0]["function"]["name"], "llm_version")
        self.assertEqual(sent[2]["tool_call_id"], sent[1]["tool_calls"][0]["id"])

    def test_continue_by_cid_does_the_same(self):
        self.assertOk(self.llm(*self.chain))
        cid = self.rows()[0]["conversation_id"]
        self.assertOk(self.llm("--cid", cid, "again"))
        self.assertEqual([m["role"] for m in self.bodies()[2]["messages"]],
                         ["user", "assistant", "tool", "assistant", "user"])


class ContinueOpenAIResponses(LlmTestCase):
    """A recorded Responses chain (function_call to multiply, refused), then -c."""
    replays = ("openai/test_responses_tool_use_streaming.yaml",)

    def test_continue_sends_function_call_and_output_items_again(self):
        self.assertOk(self.llm("-m", "gpt-5.5", "-T", "llm_version",
                               "What is 1231 * 2331? Use the multiply tool."))
        in_chain = self.bodies()[1]["input"]
        answer = self.rows()[-1]["response"]
        self.assertOk(self.llm("-c", "Thanks"))
        sent = self.bodies()[2]["input"]
        self.assertEqual(sent, in_chain + [{"role": "assistant", "content": answer},
                                           {"role": "user", "content": "Thanks"}])
        kinds = [item.get("type", item.get("role")) for item in sent]
        self.assertEqual(kinds, ["user", "function_call", "function_call_output", "assistant", "user"])
        self.assertEqual(sent[2]["output"], 'Error: tool "multiply" does not exist')


class AnthropicChainCase(AnthropicTestCase):
    replays = ("anthropic/test_tools.yaml",)


class ContinueAnthropic(AnthropicChainCase):
    """The recorded Messages chain with pelican_name_generator not offered (refused), then -c."""

    def test_continue_sends_tool_use_and_tool_result_blocks_again(self):
        self.assertOk(self.llm("-m", "claude-haiku-4.5", "-T", "llm_version", PELICAN_PROMPT))
        in_chain = self.bodies()[1]["messages"]
        answer = self.rows()[-1]["response"]
        self.assertOk(self.llm("-c", "Thanks"))
        sent = self.bodies()[2]["messages"]
        self.assertEqual(sent, in_chain + [
            {"role": "assistant", "content": [{"type": "text", "text": answer}]},
            {"role": "user", "content": [{"type": "text", "text": "Thanks"}]}])
        uses = [b for b in sent[1]["content"] if b["type"] == "tool_use"]
        self.assertEqual([u["id"] for u in uses], list(PELICAN_IDS))
        results = sent[2]["content"]
        self.assertEqual([(b["type"], b["tool_use_id"]) for b in results],
                         [("tool_result", i) for i in PELICAN_IDS])


PELICAN_SCRIPT = """#!/bin/sh
# The recorded model calls the tool twice; it answers Charles, then Sammy.
cat > /dev/null
if [ -e charles-given ]; then printf Sammy; else : > charles-given; printf Charles; fi
"""


class AnthropicCustomToolReplay(AnthropicChainCase):
    """llm-anthropic's recorded test_tools exchange, run through the whole loop: the model
    calls pelican_name_generator twice, the custom tool runs in the sandbox, its results go
    back as tool_result blocks, the final answer prints, and logs.db holds what llm writes."""

    def setUp(self):
        super().setUp()
        self.make_tools_dir()
        self.write_tool_file("pelican.sh", PELICAN_SCRIPT, mode=0o755)
        self.write_tool_file(
            "pelican.yaml", "name: pelican_name_generator\ndescription: Names for a pet pelican\n"
            "parameters:\n  type: object\n  properties: {}\ncommand: [./pelican.sh]\n")

    def run_chain(self):
        return self.llm_with_tools("-m", "claude-haiku-4.5", "-T", "pelican_name_generator",
                                   PELICAN_PROMPT)

    def test_prints_the_recorded_final_answer(self):
        r = self.run_chain()
        self.assertOk(r)
        self.assertIn("Here are two great names for your pet pelican:", r.stdout)
        self.assertIn("**Charles**", r.stdout)
        self.assertEqual(len(self.bodies()), 2)

    def test_results_go_back_as_tool_result_blocks_in_call_order(self):
        self.assertOk(self.run_chain())
        first, follow_up = self.bodies()
        self.assertEqual(first["tools"], [{"name": "pelican_name_generator",
                                           "description": "Names for a pet pelican",
                                           "input_schema": {"type": "object", "properties": {}}}])
        messages = follow_up["messages"]
        self.assertEqual([m["role"] for m in messages], ["user", "assistant", "user"])
        uses = [b for b in messages[1]["content"] if b["type"] == "tool_use"]
        self.assertEqual([(u["id"], u["name"], u["input"]) for u in uses],
                         [(i, "pelican_name_generator", {}) for i in PELICAN_IDS])
        self.assertEqual(messages[2]["content"], [
            {"type": "tool_result", "tool_use_id": PELICAN_IDS[0], "content": "Charles"},
            {"type": "tool_result", "tool_use_id": PELICAN_IDS[1], "content": "Sammy"}])

    def test_the_tool_really_ran_in_the_workspace(self):
        self.assertOk(self.run_chain())
        self.assertTrue((self.workspace / "charles-given").exists())

    def test_logs_tools_calls_and_results_as_llm_does(self):
        self.assertOk(self.run_chain())
        first, second = [r["id"] for r in self.rows()]
        tools = self.table_rows("tools")
        self.assertEqual([(t["name"], t["plugin"], t["description"]) for t in tools],
                         [("pelican_name_generator", "llmbox.custom_tools", "Names for a pet pelican")])
        self.assertEqual(json.loads(tools[0]["input_schema"]), {"type": "object", "properties": {}})
        tool_id = tools[0]["id"]
        self.assertEqual({(t["tool_id"], t["response_id"]) for t in self.table_rows(
            "tool_responses")}, {(tool_id, first), (tool_id, second)})
        self.assertEqual([(c["response_id"], c["tool_id"], c["name"], c["arguments"], c["tool_call_id"])
                          for c in self.table_rows("tool_calls")],
                         [(first, tool_id, "pelican_name_generator", "{}", i) for i in PELICAN_IDS])
        self.assertEqual([(x["response_id"], x["tool_id"], x["output"], x["tool_call_id"], x["exception"])
                          for x in self.table_rows("tool_results")],
                         [(second, tool_id, "Charles", PELICAN_IDS[0], None),
                          (second, tool_id, "Sammy", PELICAN_IDS[1], None)])

    def test_disabled_nothing_runs_and_the_calls_are_refused(self):
        r = self.llm_with_tools("-m", "claude-haiku-4.5", "-T", "llm_version", PELICAN_PROMPT,
                                enabled=False)
        self.assertOk(r)
        self.assertFalse((self.workspace / "charles-given").exists())
        results = self.bodies()[1]["messages"][2]["content"]
        self.assertEqual([b["content"] for b in results],
                         ['Error: tool "pelican_name_generator" does not exist'] * 2)
        self.assertEqual([x["exception"] is not None for x in self.table_rows("tool_results")], [True, True])
