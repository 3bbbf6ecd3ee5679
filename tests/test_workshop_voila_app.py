"""The workshop's Voila: compressed responses, each file compressed once; the course's template."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import shutil
import tempfile
from concurrent.futures import Future

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


# -- the page template, compiled once per server ------------------------------------------------------
def render_live_quiz(exporter_class) -> tuple[str, int]:
    """The participant page's HTML from a fresh exporter (as Voila makes one for every kernel it
    pre-starts) and how many templates Jinja compiled for it."""
    import jinja2
    import nbformat
    from voila.paths import collect_template_paths

    env = dict(os.environ)
    voila_app.add_template_root(env)
    patch = pytest.MonkeyPatch()
    patch.setenv("JUPYTER_PATH", env["JUPYTER_PATH"])
    compiled = []
    original = jinja2.Environment.compile
    patch.setattr(jinja2.Environment, "compile", lambda self, *a, **k: compiled.append(1) or original(self, *a, **k))
    try:
        paths = collect_template_paths(["voila", "nbconvert"], serve.TEMPLATE)
        notebook = nbformat.read(serve.find_notebook(), as_version=4)
        context = {"frontend": "voila", "main_js": "voila.js", "kernel_start": lambda *a, **k: "",
                   "notebook_execute": lambda *a: "", "cell_generator": lambda *a: iter(()),
                   "progressive_rendering": False}

        async def render() -> str:
            exporter = exporter_class(template_paths=paths, template_name=serve.TEMPLATE)
            parts = exporter.generate_from_notebook_node(notebook, resources={}, extra_context=context,
                                                         page_config={})
            return "".join([html async for html, _ in parts])

        return asyncio.run(render()), len(compiled)
    finally:
        patch.undo()


def test_the_second_kernel_s_page_is_rendered_without_compiling_the_template_again():
    from voila.exporter import VoilaExporter

    first, compiled_first = render_live_quiz(voila_app.WorkshopExporter)
    second, compiled_second = render_live_quiz(voila_app.WorkshopExporter)
    stock, compiled_stock = render_live_quiz(VoilaExporter)
    assert compiled_stock > 5  # Voila's own exporter compiles the whole template chain every time
    assert compiled_second == 0
    assert second == first == stock and "voila.js" in first


def test_compiled_templates_recompile_an_edited_template_and_keep_async_apart():
    import jinja2

    cache = voila_app.CompiledTemplates()

    def render(source, is_async=False):
        env = jinja2.Environment(loader=jinja2.DictLoader({"t.j2": source}), bytecode_cache=cache,
                                 enable_async=is_async)
        template = env.get_template("t.j2")
        return asyncio.run(template.render_async(n=2)) if is_async else template.render(n=2)

    assert render("第{{ n }}题") == "第2题" and len(cache) == 1
    assert render("第{{ n }}题") == "第2题" and len(cache) == 1  # a second environment: no new entry
    assert render("第{{ n + 1 }}题") == "第3题" and len(cache) == 1  # edited: compiled again, replaced
    assert render("第{{ n }}题", is_async=True) == "第2题" and len(cache) == 2  # async code: its own entry


def test_the_workshop_voila_gives_every_renderer_the_caching_exporter(monkeypatch):
    from voila import notebook_renderer
    from voila.app import Voila

    monkeypatch.setattr(notebook_renderer, "VoilaExporter", notebook_renderer.VoilaExporter)  # undone after
    monkeypatch.setattr(Voila, "initialize", lambda self, argv=None: None)
    voila_app.WorkshopVoila().initialize([])
    assert notebook_renderer.VoilaExporter is voila_app.WorkshopExporter


# -- when a replacement kernel starts ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("ready", "size", "delay"),
    [
        (5, 6, voila_app.QUIET_REFILL_DELAY),  # a lone arrival: the pool is otherwise full
        (4, 6, 0.0),  # a second arrival before the first's replacement is up: start at once
        (0, 6, 0.0),  # the pool has run dry
        (1, 2, voila_app.QUIET_REFILL_DELAY),
        (0, 1, 0.0),  # a pool of one has nothing to spare
    ],
)
def test_a_replacement_kernel_waits_only_after_a_lone_arrival(ready, size, delay):
    assert voila_app.refill_delay(ready, size) == delay


class FakePool:
    """Voila's pre-heating kernel manager, as far as `pace_refills` sees it: its pool holds the
    tasks that start kernels (done once the kernel is up)."""

    def __init__(self, ready: int, pending: int, size: int):
        started = [Future() for _ in range(ready)]
        for task in started:
            task.set_result({"kernel_id": "k"})
        self._pools = {"live_quiz.ipynb": started + [Future() for _ in range(pending)]}
        self.kernel_pools_config = {"default": {"pool_size": size}}
        self.calls: list[tuple] = []

    def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
        self.calls.append((delay, notebook_name, kwargs))


def test_voila_s_refills_are_paced_by_how_many_kernels_are_still_ready():
    lone, crowd = FakePool(ready=5, pending=0, size=6), FakePool(ready=3, pending=2, size=6)
    for km in (lone, crowd):
        voila_app.pace_refills(km)
        km.fill_if_needed(delay=None, notebook_name="live_quiz.ipynb", extra_kernel_env_variables={"A": "1"})
        km.fill_if_needed(delay=0, notebook_name="live_quiz.ipynb")  # Voila's first fill: unchanged
    assert lone.calls[0] == (voila_app.QUIET_REFILL_DELAY, "live_quiz.ipynb", {"extra_kernel_env_variables": {"A": "1"}})
    assert crowd.calls[0][0] == 0.0  # two kernels are still starting: people are arriving together
    assert lone.calls[1][0] == crowd.calls[1][0] == 0


def test_the_installed_voila_has_what_the_workshop_server_changes():
    from overdue.workshop import voila_app

    assert voila_app.voila_internals_missing() == []


def test_a_voila_without_them_is_named_clearly(monkeypatch):
    import voila.notebook_renderer

    from overdue.workshop import voila_app

    monkeypatch.delattr(voila.notebook_renderer, "VoilaExporter")
    missing = voila_app.voila_internals_missing()
    assert missing == ["voila.notebook_renderer.VoilaExporter (every page's exporter is looked up by this module name)"]
    with pytest.raises(RuntimeError, match="no longer has what the workshop server changes"):
        voila_app.WorkshopVoila().initialize([])


# -- the projector page: same server, the laptop only ------------------------------------------------


@pytest.mark.parametrize("address, local", [
    ("127.0.0.1", True), ("127.0.1.1", True), ("::1", True), ("::ffff:127.0.0.1", True),
    ("192.168.1.23", False), ("10.0.0.5", False), ("::ffff:192.168.1.23", False), ("fe80::1%eth0", False),
    ("0.0.0.0", False), ("", False), ("not an address", False),
])
def test_only_the_laptop_itself_counts_as_local(address, local):
    assert voila_app.is_local_address(address) is local


def test_the_projector_page_is_routed_before_the_participants_catch_all(tmp_path):
    from voila.tornado.handler import TornadoVoilaHandler

    (tmp_path / "live_quiz.ipynb").write_text("{}")
    (tmp_path / "class_dashboard.ipynb").write_text("{}")
    stock = [("/api/kernels/x", object, {}), ("/(.*)", TornadoVoilaHandler, {"notebook_path": "live_quiz.ipynb"})]
    routes = voila_app.dashboard_route(stock, "/", str(tmp_path / "live_quiz.ipynb"), str(tmp_path), None, [], None)
    assert [r[0] for r in routes] == ["/api/kernels/x", "/dashboard", "/(.*)"]
    assert routes[1][1] is voila_app.DashboardHandler and routes[1][2]["notebook_path"] == "class_dashboard.ipynb"
    assert serve.dashboard_url(8870) == "http://127.0.0.1:8870/dashboard"
    (tmp_path / "class_dashboard.ipynb").unlink()  # no dashboard notebook: Voila's routes unchanged
    assert voila_app.dashboard_route(stock, "/", str(tmp_path / "live_quiz.ipynb"), str(tmp_path), None, [], None) == stock


class DashboardRefusalTest(AsyncHTTPTestCase):
    """The handler as tornado runs it; the caller's address comes from X-Real-Ip (xheaders), which
    is how this test plays a phone on the classroom network. (The workshop server itself trusts no
    such header: it is started without xheaders.)"""

    def get_app(self):
        from voila.configuration import VoilaConfiguration

        class Probe(voila_app.DashboardHandler):
            async def get(self):  # Voila's rendering is not under test here
                self.write("看板")

        return tornado.web.Application([("/dashboard", Probe, {"voila_configuration": VoilaConfiguration()})])

    def get_httpserver_options(self):
        return {"xheaders": True}

    def setUp(self):
        self.patch = pytest.MonkeyPatch()
        from jupyter_server.base.handlers import JupyterHandler

        self.patch.setattr(JupyterHandler, "prepare", lambda self, **kw: None)  # no login in this probe
        super().setUp()

    def tearDown(self):
        super().tearDown()
        self.patch.undo()

    def test_a_phone_on_the_network_is_refused_in_chinese(self):
        for address in ("192.168.1.23", "10.1.2.3", "fe80::2"):
            r = self.fetch("/dashboard", headers={"X-Real-Ip": address})
            assert r.code == 403, address
            body = r.body.decode()
            assert "只能在老师的电脑上打开" in body and "看板" not in body.replace("课堂看板", "")

    def test_the_laptop_gets_the_page(self):
        for address in (None, "127.0.0.1", "::1"):
            r = self.fetch("/dashboard", headers={"X-Real-Ip": address} if address else {})
            assert (r.code, r.body.decode()) == (200, "看板"), address


def test_the_server_beat_is_written_and_marked_stopped(tmp_path, monkeypatch):
    from overdue.workshop.store import WorkshopStore

    monkeypatch.setenv("OVERDUE_WORKSHOP_DB", str(tmp_path / "w.sqlite3"))
    beat = voila_app.ServerBeat(port=8866)
    beat.write()
    store = WorkshopStore(tmp_path / "w.sqlite3")
    seen = store.server_seen()
    assert seen["where"] == "port:8866" and not seen["stopped"] and seen["pid"] == os.getpid()
    beat.write(stopped=True)
    assert store.server_seen()["stopped"]


def test_a_server_bound_to_the_wifi_address_still_shows_the_laptop_its_page():
    """`--host 192.168.1.23`: the laptop's browser reaches the server at that address, so the request
    comes from it; a phone's request comes from another address and is refused."""
    from types import SimpleNamespace

    def request_from(remote: str, here: str = "192.168.1.23"):
        sock = SimpleNamespace(getsockname=lambda: (here, 8866))
        conn = SimpleNamespace(stream=SimpleNamespace(socket=sock))
        return SimpleNamespace(request=SimpleNamespace(remote_ip=remote, connection=conn))

    check = voila_app.DashboardHandler.from_this_computer
    assert check(request_from("192.168.1.23")) and check(request_from("127.0.0.1"))
    assert not check(request_from("192.168.1.40")) and not check(request_from(""))
    assert serve.dashboard_url(8866, "192.168.1.23") == "http://192.168.1.23:8866/dashboard"
    assert serve.dashboard_url(8866, "0.0.0.0") == "http://127.0.0.1:8866/dashboard"
