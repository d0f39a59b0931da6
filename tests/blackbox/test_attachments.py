"""-a/--attachment and --at/--attachment-type: what goes to an OpenAI Chat model, what lands in
logs.db (attachments, prompt_attachments), -c re-sending, and the refusals (size limits,
LLM_WORKSPACE confinement, special files, unsupported types)."""
import base64
import hashlib
import http.server
import json
import os
import threading
import unittest

from harness import FAKE_MODELS, LlmTestCase

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(40))
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x10\x00\x00\x00\x01\x00\x01\x00" + bytes(16)
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(32)
VISION = ["image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf"]


def b64(data):
    return base64.b64encode(data).decode()


def sha(data):
    return hashlib.sha256(data).hexdigest()


class _Files(http.server.BaseHTTPRequestHandler):
    """Serves FILES[path] = (content_type or None, bytes) on loopback; logs methods."""
    files = {}
    seen = []

    def _answer(self, with_body):
        self.seen.append((self.command, self.path))
        entry = self.files.get(self.path)
        if entry is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        ctype, data = entry
        self.send_response(200)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if with_body:
            self.wfile.write(data)

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)

    def log_message(self, *args):
        pass


class AttachmentCase(LlmTestCase):
    def setUp(self):
        super().setUp()
        models = self.model_entries(FAKE_MODELS)
        # fake-echo answers with the request it got; these ids reach it with attachment support.
        models.append({"model_id": "vision-echo", "model_name": "fake-echo",
                       "api_base": self.server.base_url, "api_key_name": "openai", "vision": True})
        models.append({"model_id": "audio-echo", "model_name": "fake-echo",
                       "api_base": self.server.base_url, "api_key_name": "openai", "audio": True})
        self.write_extra_models(models)

    def file(self, name, data):
        path = self.tmp / name
        path.write_bytes(data)
        return path

    def sent_content(self):
        messages = self.server.last_body()["messages"]
        return messages[-1]["content"]

    def attachment_rows(self):
        return self.rows("select a.id, a.type, a.path, a.url, a.content, pa.response_id, pa.\"order\" "
                         "from prompt_attachments pa join attachments a on a.id = pa.attachment_id "
                         "order by pa.response_id, pa.\"order\"")


class FileAttachments(AttachmentCase):
    def test_png_is_sent_as_an_inline_image_part_after_the_text(self):
        path = self.file("pic.png", PNG)
        self.assertOk(self.llm("-m", "vision-echo", "describe", "-a", str(path)))
        self.assertEqual(self.sent_content(), [
            {"type": "text", "text": "describe"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64," + b64(PNG)}},
        ])

    def test_png_is_logged_by_path_with_its_content_hash_as_id(self):
        path = self.file("pic.png", PNG)
        self.assertOk(self.llm("-m", "vision-echo", "describe", "-a", str(path)))
        row = self.one_row()
        att = self.attachment_rows()
        self.assertEqual(len(att), 1)
        self.assertEqual(att[0]["id"], sha(PNG))
        self.assertEqual(att[0]["type"], "image/png")
        self.assertEqual(att[0]["path"], os.path.realpath(path))
        self.assertIsNone(att[0]["url"])
        self.assertIsNone(att[0]["content"])
        self.assertEqual(att[0]["response_id"], row["id"])
        self.assertEqual(att[0]["order"], 0)
        # prompt_json keeps the shape but not the image bytes, as llm's redact_data does
        logged = json.loads(row["prompt_json"])["messages"][-1]["content"]
        self.assertEqual(logged[1], {"type": "image_url", "image_url": {"url": "data:..."}})

    def test_pdf_is_sent_as_a_file_part_named_by_its_id(self):
        path = self.file("doc.pdf", PDF)
        self.assertOk(self.llm("-m", "vision-echo", "summarise", "-a", str(path)))
        self.assertEqual(self.sent_content()[1], {"type": "file", "file": {
            "filename": sha(PDF) + ".pdf",
            "file_data": "data:application/pdf;base64," + b64(PDF)}})

    def test_wav_and_mp3_are_sent_as_input_audio(self):
        wav = self.file("a.wav", WAV)
        mp3 = self.file("b.mp3", MP3)
        self.assertOk(self.llm("-m", "audio-echo", "transcribe", "-a", str(wav), "-a", str(mp3)))
        content = self.sent_content()
        self.assertEqual(content[1], {"type": "input_audio", "input_audio": {"data": b64(WAV), "format": "wav"}})
        self.assertEqual(content[2], {"type": "input_audio", "input_audio": {"data": b64(MP3), "format": "mp3"}})
        self.assertEqual([(r["type"], r["order"]) for r in self.attachment_rows()],
                         [("audio/wav", 0), ("audio/mpeg", 1)])
        logged = json.loads(self.one_row()["prompt_json"])["messages"][-1]["content"]
        self.assertEqual(logged[1]["input_audio"]["data"], "...")

    def test_attachment_type_sets_the_type_and_comes_after_a_attachments(self):
        jpg = self.file("photo.bin", b"not really a jpeg")
        png = self.file("pic.png", PNG)
        self.assertOk(self.llm("-m", "vision-echo", "x", "--at", str(jpg), "image/jpeg",
                               "-a", str(png)))
        content = self.sent_content()
        self.assertEqual(content[1]["image_url"]["url"], "data:image/png;base64," + b64(PNG))
        self.assertEqual(content[2]["image_url"]["url"],
                         "data:image/jpeg;base64," + b64(b"not really a jpeg"))

    def test_stdin_attachment_is_read_as_bytes_and_logged_with_content(self):
        self.assertOk(self.llm("-m", "vision-echo", "what is this", "-a", "-", input=PNG))
        self.assertEqual(self.sent_content(), [
            {"type": "text", "text": "what is this"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64," + b64(PNG)}},
        ])
        att = self.attachment_rows()[0]
        self.assertEqual(att["content"], PNG)
        self.assertIsNone(att["path"])
        self.assertEqual(att["id"], sha(PNG))

    def test_attachment_without_prompt_sends_only_the_part(self):
        path = self.file("pic.png", PNG)
        self.assertOk(self.llm("-m", "vision-echo", "-a", str(path)))
        self.assertEqual(self.sent_content(), [
            {"type": "image_url", "image_url": {"url": "data:image/png;base64," + b64(PNG)}}])
        self.assertIsNone(self.one_row()["prompt"])  # llm logs no text as NULL

    def test_continue_sends_the_earlier_attachment_again(self):
        path = self.file("pic.png", PNG)
        self.assertOk(self.llm("-m", "vision-echo", "describe", "-a", str(path)))
        self.assertOk(self.llm("-c", "and the colours?"))
        messages = self.server.last_body()["messages"]
        self.assertEqual(messages[0]["content"][1]["image_url"]["url"],
                         "data:image/png;base64," + b64(PNG))
        self.assertEqual(messages[-1], {"role": "user", "content": "and the colours?"})
        self.assertEqual(len(self.attachment_rows()), 1)  # linked to the first response only


class UrlAttachments(AttachmentCase):
    def setUp(self):
        super().setUp()
        _Files.files = {"/cat.png": ("image/png", PNG), "/talk": ("audio/wav", WAV),
                        "/untyped": (None, PDF)}
        _Files.seen = []
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Files)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.addCleanup(self.httpd.server_close)
        self.addCleanup(self.httpd.shutdown)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def test_image_url_is_passed_on_without_downloading(self):
        url = self.base + "/cat.png"
        self.assertOk(self.llm("-m", "vision-echo", "describe", "-a", url))
        self.assertEqual(self.sent_content()[1], {"type": "image_url", "image_url": {"url": url}})
        self.assertEqual(_Files.seen, [("HEAD", "/cat.png")])
        att = self.attachment_rows()[0]
        self.assertEqual(att["url"], url)
        self.assertEqual(att["type"], "image/png")
        self.assertIsNone(att["content"])
        self.assertEqual(att["id"], sha(json.dumps({"url": url}).encode()))

    def test_audio_url_is_downloaded_and_sent_inline(self):
        url = self.base + "/talk"
        self.assertOk(self.llm("-m", "audio-echo", "transcribe", "-a", url))
        self.assertEqual(self.sent_content()[1],
                         {"type": "input_audio", "input_audio": {"data": b64(WAV), "format": "wav"}})
        self.assertEqual(_Files.seen, [("HEAD", "/talk"), ("GET", "/talk")])

    def test_url_without_content_type_is_typed_from_its_bytes(self):
        self.assertOk(self.llm("-m", "vision-echo", "read", "-a", self.base + "/untyped"))
        self.assertEqual(self.sent_content()[1]["type"], "file")
        self.assertEqual(self.attachment_rows()[0]["type"], "application/pdf")

    def test_missing_url_is_one_error_line_and_no_model_call(self):
        r = self.llm("-m", "vision-echo", "x", "-a", self.base + "/nope.png")
        line = self.assertOneErrorLine(r, status=2)
        self.assertIn("HTTP 404", line)
        self.assertEqual(self.server.requests(), [])


class Refusals(AttachmentCase):
    def test_file_over_the_per_file_limit(self):
        path = self.file("big.png", PNG)
        r = self.llm("-m", "vision-echo", "x", "-a", str(path), env={"LLM_ATTACHMENT_MAX_BYTES": "20"})
        line = self.assertOneErrorLine(r, status=2)
        self.assertIn(str(path), line)
        self.assertIn("20 bytes limit", line)
        self.assertEqual(self.server.requests(), [])

    def test_attachments_over_the_total_limit(self):
        a = self.file("a.png", PNG)
        b = self.file("b.png", PNG + b"x")
        r = self.llm("-m", "vision-echo", "x", "-a", str(a), "-a", str(b),
                     env={"LLM_ATTACHMENTS_TOTAL_MAX_BYTES": str(len(PNG) + 1)})
        line = self.assertOneErrorLine(r, status=2)
        self.assertIn("total limit at " + str(b), line)

    def test_file_outside_the_workspace_even_through_a_symlink(self):
        ws = self.tmp / "ws"
        ws.mkdir()
        secret = self.file("secret.png", PNG)
        os.symlink(secret, ws / "link.png")
        for value in (str(secret), str(ws / "link.png"), str(ws / ".." / "secret.png")):
            r = self.llm("-m", "vision-echo", "x", "-a", value, env={"LLM_WORKSPACE": str(ws)})
            line = self.assertOneErrorLine(r, status=2)
            self.assertIn("attachment outside the workspace: " + value, line)
        self.assertEqual(self.server.requests(), [])

    def test_file_inside_the_workspace_is_allowed(self):
        ws = self.tmp / "ws"
        ws.mkdir()
        (ws / "pic.png").write_bytes(PNG)
        self.assertOk(self.llm("-m", "vision-echo", "x", "-a", "ws/pic.png", env={"LLM_WORKSPACE": str(ws)}))

    def test_directory_and_device_are_refused(self):
        for value, kind in ((str(self.tmp), "a directory"), ("/dev/zero", "a device")):
            r = self.llm("-m", "vision-echo", "x", "--at", value, "image/png")
            self.assertIn(kind, self.assertOneErrorLine(r, status=2))

    def test_unknown_type_asks_for_at(self):
        path = self.file("notes.txt", b"just words")
        line = self.assertOneErrorLine(self.llm("-m", "vision-echo", "x", "-a", str(path)), status=2)
        self.assertIn("--at", line)

    def test_type_the_model_does_not_take(self):
        wav = self.file("a.wav", WAV)
        line = self.assertOneErrorLine(self.llm("-m", "vision-echo", "x", "-a", str(wav)), status=1)
        self.assertEqual(line, "Error: This model does not support attachments of type 'audio/wav', only "
                         + ", ".join(VISION))
        self.assertEqual(self.server.requests(), [])

    def test_model_without_attachment_support(self):
        png = self.file("pic.png", PNG)
        line = self.assertOneErrorLine(self.llm("-m", "fake-echo", "x", "-a", str(png)), status=1)
        self.assertEqual(line, "Error: This model does not support attachments")

    def test_builtin_text_only_model_refuses(self):
        png = self.file("pic.png", PNG)
        line = self.assertOneErrorLine(self.llm("-m", "gpt-4", "x", "-a", str(png)), status=1)
        self.assertIn("does not support attachments", line)


if __name__ == "__main__":
    unittest.main()
