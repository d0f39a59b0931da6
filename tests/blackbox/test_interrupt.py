"""Ctrl-C during a streamed answer: the transfer stops, what arrived stays printed and is
logged marked incomplete, and the exit status is 130 (128 + SIGINT)."""
import os
import select
import signal
import subprocess
import time

from harness import LlmTestCase, fake, llm_binary, marked_incomplete


def read_until(fd, wanted, deadline_s=15):
    """Reads from `fd` until `wanted` (bytes) is in what was read, or the deadline passes."""
    data = b""
    deadline = time.monotonic() + deadline_s
    while wanted not in data:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"{wanted!r} did not arrive; read so far {data!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 4096)
            if not chunk:
                raise AssertionError(f"output ended before {wanted!r}; read {data!r}")
            data += chunk
    return data


class PromptInterrupt(LlmTestCase):
    def interrupt_after_first_chunk(self, *extra):
        proc = subprocess.Popen([llm_binary(), "-m", "fake-slow-20", *extra, "hi"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=self.base_env(), cwd=str(self.tmp))
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        first = read_until(proc.stdout.fileno(), fake.slow_texts(20)[0].encode())
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=30)
        return proc.returncode, (first + rest).decode(), err.decode()

    def test_sigint_keeps_the_partial_answer_and_exits_130(self):
        status, out, err = self.interrupt_after_first_chunk()
        full = "".join(fake.slow_texts(20))
        self.assertEqual(status, 130, err)
        partial = out.rstrip("\n")
        self.assertTrue(partial.startswith("s0 "), out)
        self.assertTrue(full.startswith(partial), out)
        self.assertNotEqual(partial, full, "the stream was not stopped")
        self.assertEqual(err.strip().splitlines(),
                         ["Error: interrupted (partial answer logged as incomplete)"])

    def test_sigint_logs_the_partial_answer_marked_incomplete(self):
        _, out, _ = self.interrupt_after_first_chunk()
        row = self.one_row()
        self.assertEqual(row["response"], out.rstrip("\n"))
        self.assertTrue(marked_incomplete(row), f"response_json={row['response_json']!r}")

    def test_sigint_with_no_log_logs_nothing(self):
        status, _, err = self.interrupt_after_first_chunk("-n")
        self.assertEqual(status, 130, err)
        self.assertIn("not logged", err)
        self.assertEqual(self.rows(), [])
