"""The workshop's Voila: compressed responses, each file compressed once; the course's template."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile

import pytest
import tornado.web
from tornado.testing import AsyncHTTPTestCase

from overdue.workshop import serve, voila_app
from overdue.workshop.voila_app import CachedGZip

SCRIPT = ("/* 逾期课程 */ " + "function f(x){return x+1};\n" * 2000).encode()  # about 50 KB


class CountingGzipFile(gzip.GzipFile):
    opened = 0

    def __init__(self, *args, **kwargs):
        CountingGzipFile.opened += 1
        super().__init__(*args, **kwargs)


class CachedGZipTest(AsyncHTTPTestCase):
    def get_app(self):
        self.root = tempfile.mkdtemp()
        with open(os.path.join(self.root, "app.js"), "wb") as f:
            f.write(SCRIPT)

        class Hello(tornado.web.RequestHandler):
            def get(self):
                self.write({"回答": "已保存" * 200})

        return tornado.web.Application(
            [(r"/voila/static/(.*)", tornado.web.StaticFileHandler, {"path": self.root}), (r"/api", Hello)],
            transforms=[CachedGZip],
        )

    def setUp(self):
        CachedGZip._cache.clear()
        CachedGZip._cache_bytes = 0
        CountingGzipFile.opened = 0
        self.patch = pytest.MonkeyPatch()
        self.patch.setattr(gzip, "GzipFile", CountingGzipFile)  # tornado.web compresses with it
        super().setUp()

    def tearDown(self):
        super().tearDown()
        self.patch.undo()
        shutil.rmtree(self.root, ignore_errors=True)

    def fetch_gz(self, path, **headers):
        return self.fetch(path, headers={"Accept-Encoding": "gzip", **headers}, decompress_response=False)

    def test_a_script_arrives_compressed_and_whole(self):
        r = self.fetch_gz("/voila/static/app.js")
        assert r.code == 200 and r.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(r.body) == SCRIPT
        assert len(r.body) < len(SCRIPT) / 5

    def test_thirty_first_visits_compress_the_file_once_and_get_the_same_bytes(self):
        bodies = [self.fetch_gz("/voila/static/app.js") for _ in range(30)]
        assert CountingGzipFile.opened == 1
        assert {b.body for b in bodies} == {bodies[0].body}
        assert all(int(b.headers["Content-Length"]) == len(b.body) for b in bodies[1:])
        assert gzip.decompress(bodies[-1].body) == SCRIPT

    def test_a_browser_without_gzip_gets_the_plain_file_before_and_after_caching(self):
        plain = self.fetch("/voila/static/app.js", decompress_response=False)
        self.fetch_gz("/voila/static/app.js")
        plain_again = self.fetch("/voila/static/app.js", decompress_response=False)
        for r in (plain, plain_again):
            assert "Content-Encoding" not in r.headers and r.body == SCRIPT

    def test_a_revalidation_still_gets_304_with_no_body(self):
        first = self.fetch_gz("/voila/static/app.js")
        again = self.fetch_gz("/voila/static/app.js", **{"If-None-Match": first.headers["Etag"]})
        assert again.code == 304 and again.body == b""

    def test_a_part_of_the_file_is_not_served_from_the_cache(self):
        self.fetch_gz("/voila/static/app.js")
        part = self.fetch_gz("/voila/static/app.js", Range="bytes=0-99")
        assert part.code == 206
        body = gzip.decompress(part.body) if part.headers.get("Content-Encoding") == "gzip" else part.body
        assert body == SCRIPT[:100]

    def test_answers_without_an_etag_are_compressed_each_time_and_not_kept(self):
        for _ in range(2):
            r = self.fetch_gz("/api")
            assert json.loads(gzip.decompress(r.body))["回答"].startswith("已保存")
        assert CountingGzipFile.opened == 2 and not [k for k in CachedGZip._cache if k[0] == "/api"]


def test_the_template_is_found_on_jupyter_path_and_drops_the_cdn_links():
    env = {"JUPYTER_PATH": "/somewhere/else"}
    voila_app.add_template_root(env)
    voila_app.add_template_root(env)  # twice: listed once
    parts = env["JUPYTER_PATH"].split(os.pathsep)
    assert parts == [str(voila_app.TEMPLATE_ROOT), "/somewhere/else"]
    template = voila_app.TEMPLATE_ROOT / "voila" / "templates" / serve.TEMPLATE
    assert json.loads((template / "conf.json").read_text())["base_template"] == "classic"
    index = (template / "index.html.j2").read_text(encoding="utf-8")
    assert "html_head_js_jquery" in index and "font-awesome" in index


def test_make_workshop_runs_the_course_voila_with_its_template(tmp_path):
    args = serve.voila_args(tmp_path / "nb.ipynb", host="127.0.0.1", port=9999, pool_size=3)
    assert args[:2] == ["-m", "overdue.workshop.voila_app"]
    assert f"--template={serve.TEMPLATE}" in args
    assert (voila_app.TEMPLATE_ROOT / "voila" / "templates" / serve.TEMPLATE / "index.html.j2").is_file()
