"""-f/--fragment and --sf/--system-fragment: what reaches an OpenAI Chat model (llm's joining
rules), what lands in logs.db (fragments, prompt_fragments, system_fragments, deduplicated by
SHA-256), -c re-sending, `llm fragments` (list, set, show, remove), and the refusals (missing
files, directories, LLM_WORKSPACE escapes, size limits, invalid UTF-8, loader prefixes)."""
import hashlib
import http.server
import json
import os
import threading

from harness import LlmTestCase


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Pages(http.server.BaseHTTPRequestHandler):
    """Serves PAGES[path] = bytes on loopback (404 otherwise), and REDIRECTS[path] =
    (status, Location); records requested paths."""
    pages = {}
    redirects = {}
    seen = []

    def do_GET(self):
        self.seen.append(self.path)
        if self.path in self.redirects:
            status, location = self.redirects[self.path]
            self.send_response(status)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = self.pages.get(self.path)
        if data is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class FragmentCase(LlmTestCase):
    def file(self, name, text):
        path = self.tmp / name
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return path

    def sent_messages(self):
        return self.server.last_body()["messages"]

    def fragment_rows(self):
        return self.rows("select id, hash, content, datetime_utc, source from fragments order by id")

    def links(self, table):
        return [(r["response_id"], r["fragment_id"], r["order"]) for r in
                self.rows(f'select * from {table} order by response_id, "order"')]


class PromptFragments(FragmentCase):
    def test_fragments_come_before_the_prompt_joined_by_newlines(self):
        a = self.file("a.txt", "alpha\n")
        b = self.file("b.txt", "beta")
        r = self.llm("-m", "fake-echo", "-f", str(a), "-f", str(b), "the question")
        self.assertOk(r)
        self.assertEqual(self.sent_messages(),
                         [{"role": "user", "content": "alpha\n\nbeta\nthe question"}])

    def test_system_fragments_are_stripped_and_joined_by_blank_lines_before_the_system(self):
        s1 = self.file("s1.txt", "  rule one \n")
        s2 = self.file("s2.txt", "\n\n")
        r = self.llm("-m", "fake-echo", "--sf", str(s1), "--system-fragment", str(s2),
                     "-s", "be brief", "hi")
        self.assertOk(r)
        self.assertEqual(self.sent_messages()[0],
                         {"role": "system", "content": "rule one\n\nbe brief"})

    def test_fragments_are_logged_once_by_hash_with_source_and_order(self):
        a = self.file("a.txt", "alpha")
        self.assertOk(self.llm("-m", "fake-echo", "-f", str(a), "-f", str(a), "--sf", str(a), "q"))
        self.assertOk(self.llm("-m", "fake-echo", "-f", str(a), "q2"))
        frags = self.fragment_rows()
        self.assertEqual(len(frags), 1)
        self.assertEqual(frags[0]["hash"], sha("alpha"))
        self.assertEqual(frags[0]["content"], "alpha")
        self.assertEqual(frags[0]["source"], os.path.realpath(a))
        self.assertRegex(frags[0]["datetime_utc"], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
        first, second = [r["id"] for r in self.rows()]
        fid = frags[0]["id"]
        self.assertEqual(self.links("prompt_fragments"),
                         [(first, fid, 0), (first, fid, 1), (second, fid, 0)])
        self.assertEqual(self.links("system_fragments"), [(first, fid, 0)])

    def test_the_prompt_and_system_columns_keep_only_the_typed_text(self):
        a = self.file("a.txt", "alpha")
        self.assertOk(self.llm("-m", "fake-echo", "-f", str(a), "--sf", str(a), "-s", "sys", "q"))
        row = self.one_row()
        self.assertEqual((row["prompt"], row["system"]), ("q", "sys"))
        name = self.rows("select name from conversations")[0]["name"]
        self.assertEqual(name, "alpha q")

    def test_a_fragment_alone_needs_no_prompt(self):
        a = self.file("a.txt", "only this")
        self.assertOk(self.llm("-m", "fake-echo", "-f", str(a)))
        self.assertEqual(self.sent_messages(), [{"role": "user", "content": "only this"}])

    def test_a_fragment_alone_logs_a_null_prompt_as_llm_does(self):
        a = self.file("a.txt", "only this")
        self.assertOk(self.llm("-m", "fake-echo", "-f", str(a)))
        row = self.one_row()
        self.assertIsNone(row["prompt"])
        self.assertEqual(self.rows("select name from conversations")[0]["name"], "only this")

    def test_a_null_prompt_in_llm_logs(self):
        a = self.file("a.txt", "only this")
        self.assertOk(self.llm("-m", "fake-echo", "-f", str(a)))
        r = self.llm("logs", "--json")
        self.assertOk(r)
        self.assertIsNone(json.loads(r.stdout)[0]["prompt"])
        r = self.llm("logs", "--json", "-t")
        self.assertOk(r)
        self.assertIsNone(json.loads(r.stdout)[0]["prompt"])
        r = self.llm("logs")
        self.assertOk(r)
        self.assertIn("## Prompt\n\n-- none --\n", r.stdout)
        r = self.llm("logs", "-s")
        self.assertOk(r)
        self.assertNotIn("prompt:", r.stdout)

    def test_an_empty_prompt_argument_is_logged_as_empty_text(self):
        a = self.file("a.txt", "only this")
        self.assertOk(self.llm("-m", "fake-echo", "-f", str(a), ""))
        self.assertEqual(self.one_row()["prompt"], "")

    def test_dash_reads_standard_input_as_the_fragment(self):
        r = self.llm("-m", "fake-echo", "-f", "-", "explain", input="piped text")
        self.assertOk(r)
        self.assertEqual(self.sent_messages(), [{"role": "user", "content": "piped text\nexplain"}])
        self.assertEqual(self.fragment_rows()[0]["source"], "-")

    def test_dash_alone_is_the_whole_message_and_the_prompt_column_is_null(self):
        self.assertOk(self.llm("-m", "fake-echo", "-f", "-", input="only piped"))
        self.assertEqual(self.sent_messages(), [{"role": "user", "content": "only piped"}])
        self.assertIsNone(self.one_row()["prompt"])

    def test_a_hash_and_an_alias_load_the_stored_fragment(self):
        a = self.file("a.txt", "stored text")
        self.assertOk(self.llm("fragments", "set", "docs", str(a)))
        a.unlink()
        self.assertOk(self.llm("-m", "fake-echo", "-f", "docs", "q"))
        self.assertEqual(self.sent_messages()[-1]["content"], "stored text\nq")
        self.assertOk(self.llm("-m", "fake-echo", "-f", sha("stored text"), "q2"))
        self.assertEqual(self.sent_messages()[-1]["content"], "stored text\nq2")

    def test_continue_sends_earlier_fragments_again(self):
        a = self.file("a.txt", "context")
        s = self.file("s.txt", "system context")
        self.assertOk(self.llm("-m", "fake-echo", "-f", str(a), "--sf", str(s), "first"))
        self.assertOk(self.llm("-c", "second"))
        messages = self.sent_messages()
        self.assertEqual(messages[0], {"role": "system", "content": "system context"})
        self.assertEqual(messages[1], {"role": "user", "content": "context\nfirst"})
        self.assertEqual(messages[-1], {"role": "user", "content": "second"})
        second = self.rows()[-1]
        self.assertEqual(self.rows("select * from prompt_fragments where response_id = ?",
                                   (second["id"],)), [])


class UrlFragments(FragmentCase):
    def setUp(self):
        super().setUp()
        _Pages.pages = {"/doc.txt": b"from the web", "/bad.txt": b"ok \xff bytes",
                        "/big.txt": b"x" * 5000}
        _Pages.redirects = {}
        _Pages.seen = []
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.addCleanup(self.httpd.server_close)
        self.addCleanup(self.httpd.shutdown)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def test_a_url_is_fetched_and_logged_with_the_url_as_source(self):
        url = self.base + "/doc.txt"
        self.assertOk(self.llm("-m", "fake-echo", "-f", url, "q"))
        self.assertEqual(self.sent_messages(), [{"role": "user", "content": "from the web\nq"}])
        self.assertEqual(self.fragment_rows()[0]["source"], url)

    def test_invalid_utf8_from_a_url_becomes_replacement_characters(self):
        self.assertOk(self.llm("-m", "fake-echo", "-f", self.base + "/bad.txt", "q"))
        self.assertEqual(self.sent_messages()[0]["content"], "ok \ufffd bytes\nq")

    def test_an_error_status_is_one_error_line_and_nothing_is_sent(self):
        line = self.assertOneErrorLine(self.llm("-m", "fake-echo", "-f", self.base + "/nope", "q"))
        self.assertIn("404", line)
        self.assertEqual(self.server.requests(), [])

    def test_redirects_are_followed_as_llm_does_and_the_source_is_the_given_url(self):
        # Absolute and relative Locations, the statuses httpx follows, three hops at most.
        _Pages.redirects = {"/a": (301, self.base + "/b"), "/b": (303, "/c"),
                            "/c": (308, "doc.txt")}
        url = self.base + "/a"
        self.assertOk(self.llm("-m", "fake-echo", "-f", url, "q"))
        self.assertEqual(self.sent_messages(), [{"role": "user", "content": "from the web\nq"}])
        self.assertEqual(_Pages.seen, ["/a", "/b", "/c", "/doc.txt"])
        self.assertEqual(self.fragment_rows()[0]["source"], url)

    def test_a_fourth_redirect_is_one_error_line_and_nothing_is_sent(self):
        _Pages.redirects = {f"/r{i}": (302, f"/r{i + 1}") for i in range(4)}
        _Pages.redirects["/r4"] = (302, "/doc.txt")
        line = self.assertOneErrorLine(self.llm("-m", "fake-echo", "-f", self.base + "/r0", "q"))
        self.assertIn("more than 3 times", line)
        self.assertEqual(_Pages.seen, ["/r0", "/r1", "/r2", "/r3"])
        self.assertEqual(self.server.requests(), [])

    def test_a_redirect_to_another_scheme_is_refused(self):
        secret = self.file("secret.txt", "do not send")
        _Pages.redirects = {"/x": (302, "file://" + str(secret))}
        line = self.assertOneErrorLine(self.llm("-m", "fake-echo", "-f", self.base + "/x", "q"))
        self.assertIn("not http or https", line)
        self.assertEqual(self.server.requests(), [])

    def test_a_url_over_the_limit_is_refused(self):
        r = self.llm("-m", "fake-echo", "-f", self.base + "/big.txt", "q",
                     env={"LLM_FRAGMENT_MAX_BYTES": "1000"})
        self.assertIn("LLM_FRAGMENT_MAX_BYTES", self.assertOneErrorLine(r))
        self.assertEqual(self.server.requests(), [])


class BadFragments(FragmentCase):
    def refused(self, *args, env=None, input=b""):
        r = self.llm("-m", "fake-echo", *args, "q", env=env, input=input)
        line = self.assertOneErrorLine(r, status=1)
        self.assertEqual(self.server.requests(), [])
        self.assertEqual(self.rows(), [])
        return line

    def test_a_missing_file_is_not_found(self):
        self.assertIn("Fragment 'nothere.txt' not found", self.refused("-f", "nothere.txt"))

    def test_a_directory_is_refused(self):
        (self.tmp / "adir").mkdir()
        self.assertIn("a directory", self.refused("-f", str(self.tmp / "adir")))

    def test_a_file_outside_the_workspace_is_refused(self):
        ws = self.tmp / "ws"
        ws.mkdir()
        outside = self.file("secret.txt", "secret")
        line = self.refused("-f", str(outside), env={"LLM_WORKSPACE": str(ws)})
        self.assertIn("outside the workspace", line)
        self.assertNotIn("secret\n", line)

    def test_a_symlink_escaping_the_workspace_is_refused(self):
        ws = self.tmp / "ws"
        ws.mkdir()
        self.file("secret.txt", "secret")
        os.symlink(self.tmp / "secret.txt", ws / "link.txt")
        line = self.refused("--sf", str(ws / "link.txt"), env={"LLM_WORKSPACE": str(ws)})
        self.assertIn("outside the workspace", line)

    def test_a_file_inside_the_workspace_is_read(self):
        ws = self.tmp / "ws"
        ws.mkdir()
        (ws / "in.txt").write_text("inside")
        r = self.llm("-m", "fake-echo", "-f", str(ws / "in.txt"), "q",
                     env={"LLM_WORKSPACE": str(ws)})
        self.assertOk(r)
        self.assertEqual(self.sent_messages()[0]["content"], "inside\nq")

    def test_an_oversized_file_is_refused(self):
        big = self.file("big.txt", "y" * 2000)
        line = self.refused("-f", str(big), env={"LLM_FRAGMENT_MAX_BYTES": "1000"})
        self.assertIn("LLM_FRAGMENT_MAX_BYTES", line)

    def test_fragments_over_the_total_limit_are_refused(self):
        a = self.file("a.txt", "a" * 600)
        b = self.file("b.txt", "b" * 600)
        line = self.refused("-f", str(a), "--sf", str(b),
                            env={"LLM_FRAGMENTS_TOTAL_MAX_BYTES": "1000"})
        self.assertIn("LLM_FRAGMENTS_TOTAL_MAX_BYTES", line)

    def test_invalid_utf8_in_a_file_is_refused(self):
        bad = self.file("latin1.txt", b"caf\xe9")
        self.assertIn("not UTF-8", self.refused("-f", str(bad)))

    def test_invalid_utf8_on_standard_input_is_refused(self):
        self.assertIn("not UTF-8", self.refused("-f", "-", input=b"\xff\xfe"))

    def test_an_unknown_hash_or_alias_is_not_found(self):
        self.assertOk(self.llm("-m", "fake-echo", "-n", "make the database exist"))
        self.server_requests_before = len(self.server.requests())
        r = self.llm("-m", "fake-echo", "-f", "0" * 64, "q")
        self.assertIn("not found", self.assertOneErrorLine(r))

    def test_a_loader_prefix_is_refused_as_a_plugin_feature(self):
        line = self.refused("-f", "github:simonw/llm")
        self.assertIn("github:", line)
        self.assertIn("plugin", line)


class AttachmentLimitsLeaveFragmentsAlone(FragmentCase):
    """A bad attachment limit in the environment fails only commands with attachments."""
    BAD = {"LLM_ATTACHMENT_MAX_BYTES": "garbage", "LLM_ATTACHMENTS_TOTAL_MAX_BYTES": "-1"}

    def test_fragments_set_works(self):
        a = self.file("a.txt", "kept")
        self.assertOk(self.llm("fragments", "set", "docs", str(a), env=self.BAD))
        r = self.llm("fragments", "show", "docs", env=self.BAD)
        self.assertOk(r)
        self.assertEqual(r.stdout.strip(), "kept")

    def test_a_fragment_prompt_works(self):
        a = self.file("a.txt", "alpha")
        self.assertOk(self.llm("-m", "fake-echo", "-f", str(a), "q", env=self.BAD))
        self.assertEqual(self.sent_messages(), [{"role": "user", "content": "alpha\nq"}])

    def test_an_attachment_prompt_still_gets_the_error(self):
        png = self.file("x.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
        a = self.file("a.txt", "alpha")
        r = self.llm("-m", "fake-echo", "-f", str(a), "-a", str(png), "q", env=self.BAD)
        line = self.assertOneErrorLine(r, status=1)
        self.assertIn("LLM_ATTACHMENT_MAX_BYTES", line)
        self.assertIn("garbage", line)
        self.assertEqual(self.server.requests(), [])

    def test_the_workspace_still_confines_fragments(self):
        ws = self.tmp / "ws"
        ws.mkdir()
        outside = self.file("secret.txt", "secret")
        r = self.llm("-m", "fake-echo", "-f", str(outside), "q",
                     env=dict(self.BAD, LLM_WORKSPACE=str(ws)))
        self.assertIn("outside the workspace", self.assertOneErrorLine(r, status=1))


def llm_fragments_yaml(rows):
    """What llm's `fragments list` prints for these rows: its own PyYAML calls."""
    import sys
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(str, lambda dumper, data: dumper.represent_scalar(
        "tag:yaml.org,2002:str", data, style="|" if "\n" in data else None))
    out = []
    for row in rows:
        row = dict(row)
        content = row["content"]
        row["content"] = content if len(content) <= 100 else content[:97] + "..."
        out.append(yaml.dump([row], Dumper=Dumper, sort_keys=False, width=sys.maxsize).strip())
    return "".join(line + "\n" for line in out)


class FragmentsCommand(FragmentCase):
    def test_set_stores_the_file_and_points_the_alias_at_it(self):
        a = self.file("a.txt", "aliased text\n")
        r = self.llm("fragments", "set", "my-docs_1", str(a))
        self.assertOk(r)
        self.assertEqual(r.stdout, "")
        rows = self.rows("select a.alias, f.hash, f.content, f.source from fragment_aliases a "
                         "join fragments f on f.id = a.fragment_id")
        self.assertEqual(rows, [{"alias": "my-docs_1", "hash": sha("aliased text\n"),
                                 "content": "aliased text\n", "source": os.path.realpath(a)}])

    def test_set_again_moves_the_alias_and_remove_forgets_it(self):
        self.assertOk(self.llm("fragments", "set", "d", "-", input="one"))
        self.assertOk(self.llm("fragments", "set", "d", "-", input="two"))
        self.assertEqual(self.llm("fragments", "show", "d").stdout, "two\n")
        self.assertOk(self.llm("fragments", "remove", "d"))
        self.assertOk(self.llm("fragments", "remove", "d"))  # no error when already gone
        self.assertEqual(self.rows("select * from fragment_aliases"), [])
        self.assertIn("not found", self.assertOneErrorLine(self.llm("fragments", "show", "d")))

    def test_show_prints_the_whole_content_by_hash(self):
        text = "x" * 300 + "\nend"
        self.assertOk(self.llm("fragments", "set", "big", "-", input=text))
        self.assertEqual(self.llm("fragments", "show", sha(text)).stdout, text + "\n")

    def test_an_alias_that_is_not_alphanumeric_is_a_usage_error(self):
        r = self.llm("fragments", "set", "bad alias!", "-", input="t")
        self.assertIn("alphanumeric", self.assertOneErrorLine(r, status=2))

    def test_list_prints_llms_yaml(self):
        self.assertOk(self.llm("fragments", "set", "multi", "-", input="line one\nline two\n"))
        long = "word " * 40
        self.assertOk(self.llm("-m", "fake-echo", "-f", "-", "q", input=long))
        self.assertOk(self.llm("fragments", "set", "plain", "-", input="one line: with colon"))
        # llm's own query, so rows stored in the same second come in its order too.
        expected = self.rows(
            "select fragments.hash, json_group_array(fragment_aliases.alias) filter "
            "(where fragment_aliases.alias is not null) as aliases, fragments.datetime_utc, "
            "fragments.source, fragments.content from fragments left join fragment_aliases "
            "on fragment_aliases.fragment_id = fragments.id group by fragments.id, "
            "fragments.hash, fragments.content, fragments.datetime_utc, fragments.source "
            "order by fragments.datetime_utc")
        for row in expected:
            row["aliases"] = json.loads(row["aliases"])
        self.assertEqual(len(expected), 3)
        r = self.llm("fragments")
        self.assertOk(r)
        self.assertEqual(r.stdout, llm_fragments_yaml(expected))
        self.assertIn("  content: |\n    line one\n    line two\n", r.stdout)
        self.assertEqual(self.llm("fragments", "list").stdout, r.stdout)

    def test_list_json_has_the_whole_content_and_queries_filter(self):
        self.assertOk(self.llm("fragments", "set", "alpha", "-", input="alpha text"))
        self.assertOk(self.llm("fragments", "set", "beta", "-", input="beta text"))
        self.assertOk(self.llm("-m", "fake-echo", "-f", "-", "q", input="gamma text"))
        r = self.llm("fragments", "list", "-q", "text", "-q", "beta", "--json")
        self.assertOk(r)
        data = json.loads(r.stdout)
        self.assertEqual([(d["content"], d["aliases"], d["source"]) for d in data],
                         [("beta text", ["beta"], "-")])
        self.assertEqual(list(data[0]), ["hash", "aliases", "datetime_utc", "source", "content"])
        self.assertTrue(r.stdout.startswith('[\n    {\n        "hash": '))
        aliased = json.loads(self.llm("fragments", "--aliases", "--json").stdout)
        self.assertEqual(sorted(d["content"] for d in aliased), ["alpha text", "beta text"])
        self.assertEqual(len(json.loads(self.llm("fragments", "--json").stdout)), 3)

    def test_loaders_lists_none(self):
        self.assertEqual(self.llm("fragments", "loaders").stdout, "No fragment loaders found\n")


class LogsWithFragments(FragmentCase):
    def setUp(self):
        super().setUp()
        self.long = "L" * 150
        self.assertOk(self.llm("fragments", "set", "longone", "-", input=self.long))
        self.assertOk(self.llm("-m", "fake-echo", "-f", "longone", "--sf", "-", "first",
                               input="sys frag"))
        self.assertOk(self.llm("-m", "fake-echo", "plain"))

    def test_json_lists_fragments_with_hash_truncated_content_and_aliases(self):
        data = json.loads(self.llm("logs", "--json").stdout)
        self.assertEqual(data[0]["prompt_fragments"],
                         [{"hash": sha(self.long), "content": self.long[:97] + "...",
                           "aliases": ["longone"]}])
        self.assertEqual(data[0]["system_fragments"],
                         [{"hash": sha("sys frag"), "content": "sys frag", "aliases": []}])
        self.assertEqual((data[1]["prompt_fragments"], data[1]["system_fragments"]), ([], []))
        expanded = json.loads(self.llm("logs", "--json", "-e").stdout)
        self.assertEqual(expanded[0]["prompt_fragments"][0]["content"], self.long)

    def test_markdown_lists_hashes_under_the_prompt_and_system(self):
        out = self.llm("logs", "-n", "1", "-f", "longone").stdout
        # No -s: no "## System" section, but the system fragments are listed.
        self.assertIn("## Prompt\n\nfirst\n\n### Prompt fragments\n\n- " + sha(self.long) +
                      "\n\n### System fragments\n\n- " + sha("sys frag") + "\n\n## Response",
                      out)

    def test_expand_shows_the_content_in_details(self):
        out = self.llm("logs", "-n", "1", "-f", "longone", "--expand").stdout
        self.assertIn("<details><summary>" + sha(self.long) + "</summary>\n" + self.long +
                      "\n</details>", out)

    def test_fragment_filter_needs_every_fragment(self):
        both = json.loads(self.llm("logs", "--json", "-f", "longone", "-f", "-",
                                   input="sys frag").stdout)
        self.assertEqual([r["prompt"] for r in both], ["first"])
        self.assertOk(self.llm("fragments", "set", "other", "-", input="unused"))
        none = json.loads(self.llm("logs", "--json", "-f", "longone", "-f", "other").stdout)
        self.assertEqual(none, [])

    def test_short_lists_hashes(self):
        out = self.llm("logs", "-s", "-n", "1", "-f", sha(self.long)).stdout
        self.assertIn("  prompt_fragments:\n  - " + sha(self.long) + "\n", out)
        self.assertIn("  system_fragments:\n  - " + sha("sys frag") + "\n", out)


class ChatFragments(FragmentCase):
    def test_fragment_line_alone_sends_the_fragment_at_once(self):
        a = self.file("a.txt", "fragment text")
        r = self.llm("chat", "-m", "fake-chunks-3", input=f"!fragment {a}\nnext\n")
        self.assertOk(r)
        bodies = self.bodies()
        self.assertEqual(len(bodies), 2)
        self.assertEqual(bodies[0]["messages"], [{"role": "user", "content": "fragment text"}])
        self.assertEqual(bodies[1]["messages"][-1], {"role": "user", "content": "next"})
        first, second = self.rows()
        self.assertEqual((first["prompt"], second["prompt"]), ("", "next"))
        self.assertEqual(len(self.links("prompt_fragments")), 1)
        self.assertEqual(self.links("prompt_fragments")[0][0], first["id"])

    def test_fragment_lines_in_multi_go_before_the_collected_text(self):
        a = self.file("a.txt", "AAA")
        b = self.file("b.txt", "BBB")
        r = self.llm("chat", "-m", "fake-chunks-3",
                     input=f"!multi\nCompare\n!fragment {a} {b}\nbriefly\n!end\n")
        self.assertOk(r)
        self.assertEqual(self.server.last_body()["messages"],
                         [{"role": "user", "content": "AAA\nBBB\nCompare\nbriefly"}])
        self.assertEqual(self.one_row()["prompt"], "Compare\nbriefly")

    def test_a_bad_fragment_is_one_error_line_and_the_chat_goes_on(self):
        r = self.llm("chat", "-m", "fake-chunks-3", input="!fragment nothere.txt\nstill here\n")
        self.assertOk(r)
        self.assertIn("Error: Fragment 'nothere.txt' not found", r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1)
        self.assertEqual(self.server.last_body()["messages"],
                         [{"role": "user", "content": "still here"}])

    def test_dash_is_refused_in_chat(self):
        r = self.llm("chat", "-m", "fake-chunks-3", input="!fragment -\nhello\n")
        self.assertOk(r)
        self.assertIn("standard input is the chat itself", r.stderr)
        self.assertEqual(len(self.bodies()), 1)

    def test_chat_f_and_sf_go_with_the_first_message_only(self):
        a = self.file("a.txt", "doc")
        s = self.file("s.txt", "rules")
        r = self.llm("chat", "-m", "fake-chunks-3", "-f", str(a), "--sf", str(s),
                     input="one\ntwo\n")
        self.assertOk(r)
        first, second = self.bodies()
        self.assertEqual(first["messages"], [{"role": "system", "content": "rules"},
                                             {"role": "user", "content": "doc\none"}])
        self.assertEqual(second["messages"][-1], {"role": "user", "content": "two"})
        self.assertEqual(len(self.links("prompt_fragments")), 1)
        self.assertEqual(len(self.links("system_fragments")), 1)


class TemplateFragments(FragmentCase):
    def template(self, name, text):
        d = self.user_dir / "templates"
        d.mkdir(exist_ok=True)
        (d / f"{name}.yaml").write_text(text)

    def test_template_fragments_come_before_those_of_f(self):
        a = self.file("a.txt", "from template")
        b = self.file("b.txt", "from -f")
        s = self.file("s.txt", "template system frag")
        self.template("t", f"prompt: question\nfragments: [{a}]\nsystem_fragments: [{s}]\n")
        self.assertOk(self.llm("-m", "fake-echo", "-t", "t", "-f", str(b)))
        self.assertEqual(self.sent_messages(), [
            {"role": "system", "content": "template system frag"},
            {"role": "user", "content": "from template\nfrom -f\nquestion"}])

    def test_library_templates_may_not_bring_fragments(self):
        lib = self.tmp / "lib"
        lib.mkdir()
        (lib / "evil.yaml").write_text("prompt: hi\nfragments: [/etc/passwd]\n")
        r = self.llm("-m", "fake-echo", "-t", "evil", env={"LLM_PROMPTS_PATH": str(lib)})
        self.assertIn("cannot bring fragments", self.assertOneErrorLine(r))
        self.assertEqual(self.server.requests(), [])

    def test_save_keeps_the_fragment_values_as_given(self):
        self.assertOk(self.llm("-m", "fake-echo", "--save", "saved", "-f", "notes.md",
                               "--sf", "docs", "q"))
        import yaml
        saved = yaml.safe_load((self.user_dir / "templates" / "saved.yaml").read_text())
        self.assertEqual((saved["fragments"], saved["system_fragments"]), (["notes.md"], ["docs"]))
