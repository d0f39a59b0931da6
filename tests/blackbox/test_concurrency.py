"""Concurrent `llm` processes writing to one logs.db lose no row (WAL + busy timeout).
8 workers x 50 prompts here; the 500-per-process variant belongs to the unit tests."""
import concurrent.futures
import subprocess
import unittest

from harness import LlmTestCase, fake, llm_binary

WORKERS = 8
PROMPTS_EACH = 50


class ConcurrentWriters(LlmTestCase):
    def worker(self, w):
        env = self.base_env()
        failures = []
        for i in range(PROMPTS_EACH):
            p = subprocess.run([llm_binary(), "-m", "fake-chunks-3", f"worker {w} prompt {i}"],
                               stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=60)
            if p.returncode != 0 or p.stdout != ("".join(fake.chunk_texts(3)) + "\n").encode():
                failures.append((w, i, p.returncode, p.stderr[:200]))
        return failures

    def test_eight_processes_fifty_prompts_each_lose_no_row(self):
        with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
            failures = [f for fs in pool.map(self.worker, range(WORKERS)) for f in fs]
        self.assertEqual(failures, [])
        rows = self.rows("select id, prompt, conversation_id from responses")
        self.assertEqual(len(rows), WORKERS * PROMPTS_EACH)
        self.assertEqual({r["prompt"] for r in rows},
                         {f"worker {w} prompt {i}" for w in range(WORKERS) for i in range(PROMPTS_EACH)})
        self.assertEqual(len({r["id"] for r in rows}), WORKERS * PROMPTS_EACH)
        self.assertEqual(len(self.rows("select id from conversations")), WORKERS * PROMPTS_EACH)


if __name__ == "__main__":
    unittest.main()
