"""The real llm client through the real llm-gate: `LLM_GATEWAY` names the
gate's Unix socket, the client holds no provider key, and the gate forwards
to the fake provider (tests/fake_provider/server.py --tls) with a test CA made
at run time. Loopback only.

Usage: LLM_BIN=.../llm LLM_GATE_BIN=.../llm-gate python3 -m unittest test_client_gate"""

import json
import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gate_harness as h  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
LLM_BIN = os.environ.get("LLM_BIN")
GATE_BIN = os.environ.get("LLM_GATE_BIN")


@unittest.skipUnless(LLM_BIN and GATE_BIN, "needs LLM_BIN and LLM_GATE_BIN")
class ClientThroughGate(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = pathlib.Path(tempfile.mkdtemp(prefix="llmbox-client-gate-"))
        h.make_ca(str(cls.dir))
        port_file = cls.dir / "port"
        cls.provider_log = cls.dir / "provider.jsonl"
        cls.provider = subprocess.Popen(
            ["/usr/bin/python3", str(ROOT / "tests/fake_provider/server.py"), "--port-file", str(port_file),
             "--tls", str(cls.dir / "server.pem"), str(cls.dir / "server.key"),
             "--expect-key", h.GATE_KEY_OPENAI, "--log", str(cls.provider_log)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 15
        while not port_file.exists():
            if time.time() > deadline:
                raise RuntimeError("fake provider did not start")
            time.sleep(0.05)
        port = int(port_file.read_text())
        cls.gate = h.Gate(GATE_BIN, str(cls.dir), {
            "providers": {"openai": {"upstream": "https://upstream.test:%d" % port, "key": {"env": "TEST_OPENAI_KEY"}}},
            "hosts": {"upstream.test": ["127.0.0.1"]},
            # The forward proxy may reach the fake (on loopback) by name only.
            "allow_hosts": ["upstream.test"],
            "allow_ports": [port],
            "allow_addresses": ["127.0.0.1/32"],
            "tls": {"ca_file": "", "extra_ca_file": str(cls.dir / "ca.pem")},
        })
        cls.port = port

    @classmethod
    def tearDownClass(cls):
        try:
            cls.gate.stop()
        finally:
            cls.provider.terminate()
            cls.provider.wait(timeout=10)
            shutil.rmtree(cls.dir, ignore_errors=True)

    def setUp(self):
        self.user_dir = pathlib.Path(tempfile.mkdtemp(prefix="llm-user-", dir=self.dir))
        # Models without api_base: their traffic goes to the gateway.
        models = [{"model_id": m, "model_name": m, "api_key_name": "openai"} for m in ("fake-echo", "fake-slow-3")]
        (self.user_dir / "extra-openai-models.yaml").write_text(json.dumps(models))

    def llm(self, *args, token=h.CALLER_TOKEN, extra_env=None):
        token_file = self.user_dir / "token"
        token_file.write_text(token + "\n")
        env = {"PATH": "/usr/bin:/bin", "HOME": str(self.user_dir), "LANG": "C.UTF-8",
               "LLM_USER_PATH": str(self.user_dir), "LLM_GATEWAY": self.gate.socket_path,
               "LLM_GATEWAY_TOKEN_FILE": str(token_file), **(extra_env or {})}
        return subprocess.run([LLM_BIN, *args], env=env, capture_output=True, timeout=60)

    def custom_model(self, host):
        """A model with its own api_base and key, as for Ollama or OpenRouter."""
        models = [{"model_id": "custom-echo", "model_name": "fake-echo", "api_key_name": "custom",
                   "api_base": "https://%s:%d/v1" % (host, self.port)}]
        (self.user_dir / "extra-openai-models.yaml").write_text(json.dumps(models))
        keys = self.user_dir / "keys.json"
        keys.write_text(json.dumps({"custom": "sk-custom-endpoint-key-42"}))
        keys.chmod(0o600)

    def test_custom_api_base_goes_through_the_gates_forward_proxy(self):
        self.custom_model("upstream.test")
        # The client verifies the far end itself: TLS runs inside the tunnel.
        r = self.llm("-m", "custom-echo", "via the proxy", extra_env={"SSL_CERT_FILE": str(self.dir / "ca.pem")})
        self.assertEqual(r.returncode, 0, r.stderr)
        echoed = json.loads(r.stdout)
        self.assertEqual(echoed["body"]["model"], "fake-echo")
        # The model's own key went end to end; the gate added none.
        self.assertEqual(echoed["auth"], "wrong")
        audit = [a for a in self.gate.audit_lines() if a.get("kind") == "connect"][-1]
        self.assertEqual((audit["decision"], audit["host"]), ("allow", "upstream.test:%d" % self.port))
        self.assertNotIn(h.CALLER_TOKEN.encode(), r.stdout + r.stderr)

    def test_custom_api_base_off_the_allowlist_is_refused_with_a_hint(self):
        self.custom_model("elsewhere.test")
        r = self.llm("-m", "custom-echo", "not allowed", extra_env={"SSL_CERT_FILE": str(self.dir / "ca.pem")})
        self.assertEqual(r.returncode, 1)
        err = r.stderr.decode()
        self.assertIn("llm-gate refused a connection to elsewhere.test (status 403", err)
        self.assertIn("allow_hosts", err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertNotIn(h.CALLER_TOKEN, err)

    def vision_model(self):
        """A vision model without api_base: its prompts go to the gate's openai route."""
        models = [{"model_id": "vision-echo", "model_name": "fake-echo", "api_key_name": "openai",
                   "vision": True}]
        (self.user_dir / "extra-openai-models.yaml").write_text(json.dumps(models))

    def connects(self):
        return [a for a in self.gate.audit_lines() if a.get("kind") == "connect"]

    def test_attachment_urls_are_fetched_through_the_gates_forward_proxy(self):
        self.vision_model()
        base = "https://upstream.test:%d/files/" % self.port
        before = len(self.connects())
        # The PNG is typed by a HEAD request and passed on as a URL; the PDF is downloaded.
        r = self.llm("-m", "vision-echo", "-a", base + "pelican.png", "-a", base + "doc.pdf", "look",
                     extra_env={"SSL_CERT_FILE": str(self.dir / "ca.pem")})
        self.assertEqual(r.returncode, 0, r.stderr)
        parts = json.loads(r.stdout)["body"]["messages"][-1]["content"]
        self.assertEqual(parts[1], {"type": "image_url", "image_url": {"url": base + "pelican.png"}})
        self.assertEqual(parts[2]["type"], "file")
        self.assertTrue(parts[2]["file"]["file_data"].startswith("data:application/pdf;base64,"))
        fetched = [(e["method"], e["path"]) for e in map(json.loads, self.provider_log.read_text().splitlines())
                   if e["path"].startswith("/files/")]
        self.assertEqual(fetched[-3:], [("HEAD", "/files/pelican.png"), ("HEAD", "/files/doc.pdf"),
                                        ("GET", "/files/doc.pdf")])
        audit = self.connects()[before:]
        self.assertEqual(len(audit), 3, audit)
        self.assertEqual({(a["decision"], a["host"]) for a in audit}, {("allow", "upstream.test:%d" % self.port)})
        self.assertNotIn(h.CALLER_TOKEN.encode(), r.stdout + r.stderr)

    def test_attachment_url_off_the_allowlist_is_refused_with_a_hint(self):
        self.vision_model()
        r = self.llm("-m", "vision-echo", "-a", "https://elsewhere.test:%d/files/pelican.png" % self.port, "look",
                     extra_env={"SSL_CERT_FILE": str(self.dir / "ca.pem")})
        self.assertEqual(r.returncode, 1)
        err = r.stderr.decode()
        self.assertIn("llm-gate refused a connection to elsewhere.test (status 403", err)
        self.assertIn("allow_hosts", err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertNotIn(h.CALLER_TOKEN, err)
        audit = self.connects()[-1]
        self.assertEqual((audit["decision"], audit["host"]), ("refuse", "elsewhere.test:%d" % self.port))

    def wait_for_connects(self, count):
        """A tunnel is audited when it closes, which may be just after the client exits."""
        deadline = time.time() + 10
        while len(self.connects()) < count and time.time() < deadline:
            time.sleep(0.05)

    def fragment_redirect(self, target):
        return "https://upstream.test:%d/redirect?to=%s" % (self.port, urllib.parse.quote(target, safe=""))

    def test_a_fragment_url_redirect_is_followed_through_the_gates_forward_proxy(self):
        before = len(self.connects())
        url = self.fragment_redirect("https://upstream.test:%d/files/note.txt" % self.port)
        r = self.llm("-m", "fake-echo", "-f", url, "q", extra_env={"SSL_CERT_FILE": str(self.dir / "ca.pem")})
        self.assertEqual(r.returncode, 0, r.stderr)
        sent = json.loads(r.stdout)["body"]["messages"][-1]["content"]
        self.assertEqual(sent, "a note from the fake server\nq")
        fetched = [e["path"] for e in map(json.loads, self.provider_log.read_text().splitlines())
                   if e["method"] == "GET"]
        self.assertEqual(fetched[-2:], [url[url.index("/redirect"):], "/files/note.txt"])
        # Each hop is a tunnel of its own, judged by the gate's allowlist.
        self.wait_for_connects(before + 2)
        audit = [(a["decision"], a["host"]) for a in self.connects()[before:]]
        self.assertEqual(audit, [("allow", "upstream.test:%d" % self.port)] * 2)

    def test_a_fragment_url_redirect_off_the_allowlist_is_refused_by_the_gate(self):
        before = len(self.connects())
        url = self.fragment_redirect("https://elsewhere.test:%d/files/note.txt" % self.port)
        r = self.llm("-m", "fake-echo", "-f", url, "q", extra_env={"SSL_CERT_FILE": str(self.dir / "ca.pem")})
        self.assertEqual(r.returncode, 1)
        err = r.stderr.decode()
        self.assertIn("llm-gate refused a connection to elsewhere.test (status 403", err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.wait_for_connects(before + 2)  # the first hop's tunnel may be audited last
        audit = {(a["decision"], a["host"]) for a in self.connects()[before:]}
        self.assertEqual(audit, {("allow", "upstream.test:%d" % self.port),
                                 ("refuse", "elsewhere.test:%d" % self.port)})

    def assert_no_key_anywhere(self, result):
        key = h.GATE_KEY_OPENAI.encode()
        self.assertNotIn(key, result.stdout + result.stderr)
        for path in self.user_dir.rglob("*"):
            if path.is_file():
                self.assertNotIn(key, path.read_bytes(), str(path))

    def test_prompt_reaches_provider_with_the_gates_key_only(self):
        r = self.llm("-m", "fake-echo", "hello through the gate")
        self.assertEqual(r.returncode, 0, r.stderr)
        echoed = json.loads(r.stdout)
        self.assertEqual(echoed["auth"], "ok")
        headers = {k.lower() for k in echoed["headers"]}
        self.assertNotIn("x-llmbox-token", headers)
        self.assert_no_key_anywhere(r)
        db = sqlite3.connect(str(self.user_dir / "logs.db"))
        self.assertNotIn(h.GATE_KEY_OPENAI, "".join(str(row) for row in db.execute("SELECT * FROM responses")))
        audit = [a for a in self.gate.audit_lines() if a["route"] == "openai"][-1]
        self.assertEqual((audit["decision"], audit["status"], audit["model"]), ("allow", 200, "fake-echo"))

    def test_streamed_answer_through_the_gate(self):
        r = self.llm("-m", "fake-slow-3", "stream please")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.decode().split(), ["s0", "s1", "s2"])
        self.assert_no_key_anywhere(r)

    def test_wrong_caller_token_is_refused(self):
        r = self.llm("-m", "fake-echo", "hi", token="not-the-token-0000000000")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(b"401", r.stderr + r.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
