"""-c/--continue and --cid: the previous exchanges are sent again as messages."""
import unittest

from harness import LlmTestCase, fake

ANSWER3 = "".join(fake.chunk_texts(3))


class Continue(LlmTestCase):
    def test_continue_sends_previous_exchange_as_messages(self):
        self.assertOk(self.llm("-m", "fake-chunks-3", "first"))
        self.assertOk(self.llm("-m", "fake-chunks-3", "-c", "second"))
        self.assertEqual(self.server.last_body()["messages"], [
            {"role": "user", "content": "first"},
            {"role": "assistant", "content": ANSWER3},
            {"role": "user", "content": "second"},
        ])

    def test_continue_sends_every_previous_exchange_in_order(self):
        for p in ("one", "two"):
            self.assertOk(self.llm("-m", "fake-chunks-3", *(["-c"] if p == "two" else []), p))
        self.assertOk(self.llm("-m", "fake-chunks-3", "--continue", "three"))
        contents = [(m["role"], m["content"]) for m in self.server.last_body()["messages"]]
        self.assertEqual(contents, [("user", "one"), ("assistant", ANSWER3), ("user", "two"),
                                    ("assistant", ANSWER3), ("user", "three")])

    def test_continue_without_model_uses_the_conversation_model(self):
        self.assertOk(self.llm("-m", "fake-chunks-3", "first"))
        self.assertOk(self.llm("-c", "second"))
        self.assertEqual(self.server.last_body()["model"], "fake-chunks-3")

    def test_continue_logs_into_the_same_conversation(self):
        self.assertOk(self.llm("-m", "fake-chunks-3", "first"))
        self.assertOk(self.llm("-c", "second"))
        rows = self.rows()
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[0]["conversation_id"], rows[1]["conversation_id"])
        self.assertEqual(len(self.rows("select * from conversations")), 1)

    def test_new_prompt_without_continue_starts_a_new_conversation(self):
        self.assertOk(self.llm("-m", "fake-chunks-3", "first"))
        self.assertOk(self.llm("-m", "fake-chunks-3", "second"))
        self.assertEqual(self.server.last_body()["messages"], [{"role": "user", "content": "second"}])
        rows = self.rows()
        self.assertNotEqual(rows[0]["conversation_id"], rows[1]["conversation_id"])

    def test_continue_with_no_logged_conversation_sends_only_the_prompt(self):
        self.assertOk(self.llm("-m", "fake-chunks-3", "-c", "hello"))
        self.assertEqual(self.server.last_body()["messages"], [{"role": "user", "content": "hello"}])


class ConversationId(LlmTestCase):
    def test_cid_continues_the_named_conversation_not_the_latest(self):
        self.assertOk(self.llm("-m", "fake-chunks-3", "in conversation A"))
        cid_a = self.rows()[0]["conversation_id"]
        self.assertOk(self.llm("-m", "fake-chunks-3", "in conversation B"))
        self.assertOk(self.llm("--cid", cid_a, "follow-up"))
        msgs = self.server.last_body()["messages"]
        self.assertEqual(msgs[0], {"role": "user", "content": "in conversation A"})
        self.assertEqual(msgs[-1], {"role": "user", "content": "follow-up"})
        self.assertEqual(len(msgs), 3)
        self.assertEqual(self.rows()[-1]["conversation_id"], cid_a)

    def test_conversation_long_flag_is_the_same_as_cid(self):
        self.assertOk(self.llm("-m", "fake-chunks-3", "in conversation A"))
        cid_a = self.rows()[0]["conversation_id"]
        self.assertOk(self.llm("--conversation", cid_a, "follow-up"))
        self.assertEqual(len(self.server.last_body()["messages"]), 3)

    def test_unknown_cid_is_one_error_line_and_no_request(self):
        self.assertOk(self.llm("-m", "fake-chunks-3", "first"))
        before = len(self.server.requests())
        r = self.llm("--cid", "01aaaaaaaaaaaaaaaaaaaaaaaa", "follow-up")
        line = self.assertOneErrorLine(r)
        self.assertIn("01aaaaaaaaaaaaaaaaaaaaaaaa", line)
        self.assertEqual(len(self.server.requests()), before)


if __name__ == "__main__":
    unittest.main()
