"""The fake provider itself, checked with the standard library's HTTP client, so a failing
client test can be trusted to be about the client."""
import gzip
import http.client
import json
import pathlib
import shutil
import ssl
import subprocess
import tempfile
import unittest

import yaml

from harness import FakeProvider, PYTHON, SERVER, STREAM_ANSWER, STREAM_REPLAY, NOSTREAM_REPLAY, fake

FIXTURES = SERVER.parent.parent / "fixtures"


def recorded(spec):
    path, _, i = spec.partition("#")
    return yaml.safe_load((FIXTURES / path).read_text())["interactions"][int(i)]["response"]


def sse_content(raw):
    out = []
    for line in raw.decode().splitlines():
        if line.startswith("data: ") and line[6:] != "[DONE]":
            for c in json.loads(line[6:]).get("choices", []):
                out.append(c.get("delta", {}).get("content") or "")
    return "".join(out)


class FakeProviderCase(unittest.TestCase):
    replays = (STREAM_REPLAY, NOSTREAM_REPLAY)
    expect_key = None
    extra_args = ()

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="fake-provider-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.server = FakeProvider(self.tmp, self.replays, self.expect_key, self.extra_args)
        self.addCleanup(self.server.stop)

    def connect(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        self.addCleanup(conn.close)
        return conn

    def post(self, body, key=None, path="/v1/chat/completions"):
        conn = self.connect()
        headers = {"Content-Type": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        conn.request("POST", path, json.dumps(body), headers)
        resp = conn.getresponse()
        return resp, resp.read()


class Replay(FakeProviderCase):
    def test_stream_replayed_byte_for_byte(self):
        resp, data = self.post({"model": "gpt-4o-mini", "stream": True, "messages": []})
        self.assertEqual(resp.status, 200)
        self.assertTrue(resp.getheader("Content-Type").startswith("text/event-stream"))
        self.assertEqual(resp.getheader("Transfer-Encoding"), "chunked")
        self.assertEqual(data, recorded(STREAM_REPLAY)["body"]["string"].encode())
        self.assertEqual(sse_content(data), STREAM_ANSWER)

    def test_gzip_body_sent_as_recorded_with_its_header(self):
        resp, data = self.post({"model": "gpt-4o-mini", "messages": []})
        self.assertEqual(resp.getheader("Content-Encoding"), "gzip")
        answer = json.loads(gzip.decompress(data))
        self.assertEqual(answer["choices"][0]["message"]["content"], "YES")

    def test_unrecorded_model_is_404_json(self):
        resp, data = self.post({"model": "gpt-nope", "messages": []})
        self.assertEqual(resp.status, 404)
        self.assertIn("no recorded exchange", json.loads(data)["error"]["message"])

    def test_request_log_has_key_digest_not_key(self):
        self.post({"model": "gpt-4o-mini", "stream": True}, key="sk-logged-secret")
        raw = self.server.log_path.read_text()
        self.assertNotIn("sk-logged-secret", raw)
        entry = self.server.requests()[-1]
        self.assertEqual(entry["key_sha256"], fake.key_digest("sk-logged-secret"))
        self.assertEqual(entry["headers"]["authorization"], fake.key_digest("sk-logged-secret"))
        self.assertEqual(entry["body"], {"model": "gpt-4o-mini", "stream": True})


class Synthetic(FakeProviderCase):
    expect_key = "sk-right"

    def test_echo_reports_auth_without_the_key(self):
        for key, auth in (("sk-right", "ok"), ("sk-wrong", "wrong"), (None, "missing")):
            _, data = self.post({"model": "fake-echo", "messages": [{"role": "user", "content": "x"}]}, key=key)
            body = json.loads(data)
            echoed = json.loads(body["choices"][0]["message"]["content"])
            self.assertEqual(echoed["auth"], auth)
            self.assertNotIn("authorization", echoed["headers"])
            self.assertNotIn(b"sk-right", data)

    def test_401_body_echoes_the_key_it_received(self):
        resp, data = self.post({"model": "fake-401"}, key="sk-echoed")
        self.assertEqual(resp.status, 401)
        self.assertIn("sk-echoed", json.loads(data)["error"]["message"])

    def test_error_statuses(self):
        for status in (429, 500):
            resp, data = self.post({"model": f"fake-{status}"})
            self.assertEqual(resp.status, status)
            self.assertIn("message", json.loads(data)["error"])

    def test_chunks_n_streams_n_chunks_and_usage(self):
        _, data = self.post({"model": "fake-chunks-50", "stream": True, "stream_options": {"include_usage": True}})
        self.assertEqual(sse_content(data), "".join(fake.chunk_texts(50)))
        self.assertIn(b'"completion_tokens": 50', data)
        self.assertTrue(data.endswith(b"data: [DONE]\n\n"))

    def test_cut_closes_without_the_final_chunk(self):
        conn = self.connect()
        conn.request("POST", "/v1/chat/completions", json.dumps({"model": "fake-cut", "stream": True}))
        resp = conn.getresponse()
        with self.assertRaises(http.client.IncompleteRead) as cm:
            resp.read()
        self.assertEqual(sse_content(cm.exception.partial), "".join(fake.cut_texts()[1]))

    def test_invalid_utf8_bytes_are_on_the_wire(self):
        _, data = self.post({"model": "fake-invalid-utf8", "stream": True})
        self.assertIn(b"before \xff\xfe after", data)

    def test_anthropic_messages_stream(self):
        _, data = self.post({"model": "fake-chunks-2", "stream": True}, path="/v1/messages")
        self.assertIn(b"event: message_start", data)
        self.assertIn(b'"text": "t1 "', data)


class Tls(unittest.TestCase):
    """--tls serves HTTPS with a certificate from a CA made here; no key is committed."""

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="fake-provider-tls-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def openssl(self, *args):
        subprocess.run(["openssl", *args], cwd=self.tmp, check=True, capture_output=True)

    def test_https_with_a_test_ca(self):
        if not shutil.which("openssl"):
            self.skipTest("openssl not installed")
        self.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                     "-days", "1", "-subj", "/CN=llmbox test CA")
        self.openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                     "-subj", "/CN=127.0.0.1")
        (self.tmp / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
        self.openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                     "-CAcreateserial", "-out", "server.pem", "-days", "1", "-extfile", "ext.cnf")
        server = FakeProvider(self.tmp, (STREAM_REPLAY,), None,
                              ("--tls", str(self.tmp / "server.pem"), str(self.tmp / "server.key")))
        self.addCleanup(server.stop)
        ctx = ssl.create_default_context(cafile=str(self.tmp / "ca.pem"))
        conn = http.client.HTTPSConnection("127.0.0.1", server.port, context=ctx, timeout=30)
        self.addCleanup(conn.close)
        conn.request("POST", "/v1/chat/completions", json.dumps({"model": "gpt-4o-mini", "stream": True}))
        data = conn.getresponse().read()
        self.assertEqual(sse_content(data), STREAM_ANSWER)


class Cli(unittest.TestCase):
    def test_refuses_a_non_loopback_host(self):
        p = subprocess.run([PYTHON, str(SERVER), "--host", "0.0.0.0"], capture_output=True, timeout=30)
        self.assertEqual(p.returncode, 2)


if __name__ == "__main__":
    unittest.main()
