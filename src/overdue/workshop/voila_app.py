"""Voila as the workshop runs it: ``python -m overdue.workshop.voila_app NOTEBOOK [Voila options]``.

The same server as ``python -m voila``, with two changes for phones on a classroom network:

- the course's page template, ``overdue`` (in ``jupyter/voila/templates/``): Voila's classic
  template without links to public CDNs, so a page never waits for a host outside the classroom;
- compressed responses. A first visit downloads about 5 MB of Voila's scripts; compressed, about
  1.3 MB. Each file is compressed once and kept (`CachedGZip`), so thirty first visits cost the
  laptop no more compression work than one. (Voila 0.5 applies its ``tornado_settings`` after
  tornado has built the application's transforms, so ``compress_response`` there has no effect;
  the transform is passed to tornado here.)

And two changes for the laptop, which pre-starts a kernel for every page it hands out:

- the page template is compiled once per server (`CompiledTemplates`). Voila builds a new template
  environment for every kernel it pre-starts, and compiling the template there held its event loop
  (the one that serves every participant) for about 0.15 s per kernel;
- a lone arrival's replacement kernel starts a little later (`refill_delay`), once that page has
  loaded, instead of competing with it for the processor; when several people arrive together,
  replacements start at once, as the pool runs down.

And two for the instructor:

- the projector page: ``/dashboard`` renders ``class_dashboard.ipynb`` (beside the participants'
  notebook) in this same server, for a browser on the laptop itself only (`DashboardHandler`: a
  request from any other address, a participant's phone on the classroom network, is refused);
- a beat: every SERVER_BEAT_SECONDS the server writes the time into the answer database it serves
  (`WorkshopStore.server_beat`, from a worker thread, so the event loop never waits for the
  database), and marks it stopped when it stops. The dashboard reads it and says plainly when no
  participants' server is using its answer file.
"""

from __future__ import annotations

import overdue.skip_iri_check  # noqa: F401  (first: before Voila imports jsonschema)

# isort: split
import inspect
import ipaddress
import os
from pathlib import Path

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from tornado.httputil import HTTPHeaders, HTTPServerRequest
from tornado.web import GZipContentEncoding
from voila import notebook_renderer
from voila.app import Voila
from voila.exporter import VoilaExporter
from voila.tornado.handler import TornadoVoilaHandler

from .serve import DASHBOARD_PATH

# Holds voila/templates/overdue (serve.TEMPLATE); put on JUPYTER_PATH so Voila finds it by name.
TEMPLATE_ROOT = Path(__file__).resolve().parent / "jupyter"


class CachedGZip(GZipContentEncoding):
    """gzip for every browser that accepts it, each distinct response compressed only once.

    A file Voila serves under /voila/ (its scripts, styles, widget extensions) is kept compressed
    in memory under its address and ETag (a hash of the file); the next participant gets those
    bytes without any compression work. Other responses (the page itself, the kernel API) are
    compressed as they go, as tornado does.
    """

    CACHED_PREFIX = "/voila/"
    GZIP_LEVEL = 6  # each file is compressed once, so the smaller output is worth the time
    MAX_CACHE_BYTES = 64 * 1024 * 1024  # Voila's files take about 2 MB compressed
    _cache: dict[tuple[str, str], bytes] = {}
    _cache_bytes = 0

    def __init__(self, request: HTTPServerRequest) -> None:
        super().__init__(request)
        self._uri = request.uri or ""
        self._cacheable = (request.path or "").startswith(self.CACHED_PREFIX)
        self._key: tuple[str, str] | None = None
        self._parts: list[bytes] | None = None
        self._from_cache = False

    def transform_first_chunk(self, status_code: int, headers: HTTPHeaders, chunk: bytes, finishing: bool):
        etag = headers.get("Etag")
        key = (self._uri, etag) if self._cacheable and etag and status_code == 200 else None
        cached = CachedGZip._cache.get(key) if key and self._gzipping else None
        if cached is not None:
            headers["Vary"] = f"{headers['Vary']}, Accept-Encoding" if "Vary" in headers else "Accept-Encoding"
            headers["Content-Encoding"] = "gzip"
            headers["Content-Length"] = str(len(cached))
            self._gzipping, self._from_cache = False, True
            return status_code, headers, cached
        status_code, headers, out = super().transform_first_chunk(status_code, headers, chunk, finishing)
        if key and self._gzipping:
            self._key, self._parts = key, []
            self._keep(out, finishing)
        return status_code, headers, out

    def transform_chunk(self, chunk: bytes, finishing: bool) -> bytes:
        if self._from_cache:
            return b""  # the whole compressed body went out with the first chunk
        out = super().transform_chunk(chunk, finishing)
        self._keep(out, finishing)
        return out

    def _keep(self, out: bytes, finishing: bool) -> None:
        if self._parts is None:
            return
        self._parts.append(out)
        if finishing:
            body = b"".join(self._parts)
            self._parts = None
            if CachedGZip._cache_bytes + len(body) <= self.MAX_CACHE_BYTES:
                CachedGZip._cache[self._key] = body
                CachedGZip._cache_bytes += len(body)


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates kept in memory for the whole server.

    A template is looked up by name, file, the environment's async mode and extensions (they change
    the compiled code), and the checksum of its source (an edited template is compiled again).
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        flavour = f"{name}|async={environment.is_async}|{','.join(sorted(environment.extensions))}"
        bucket = Bucket(environment, self.get_cache_key(flavour, filename), self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def __len__(self) -> int:
        return len(self._code)


COMPILED_TEMPLATES = CompiledTemplates()


class WorkshopExporter(VoilaExporter):
    """Voila's exporter, whose template environment shares `COMPILED_TEMPLATES`."""

    @property
    def environment(self) -> Environment:
        env = super().environment
        env.bytecode_cache = COMPILED_TEMPLATES
        return env


QUIET_REFILL_DELAY = 2.5  # seconds; a page loads in about 1-1.5 s on a 2-core laptop


def refill_delay(ready: int, size: int, quiet_delay: float = QUIET_REFILL_DELAY) -> float:
    """Seconds to wait before starting the kernel that replaces one a page has just taken.

    `ready` kernels are left in a pool of `size`. With all the others still ready, the page is a
    lone arrival: wait until it has loaded. Once two or more are gone (or none is left), people
    are arriving together: start at once, so that the pool does not run dry. (Voila waits 1 s
    in every case.)
    """
    return quiet_delay if ready >= max(size - 1, 1) else 0.0


def pace_refills(kernel_manager, quiet_delay: float = QUIET_REFILL_DELAY) -> None:
    """Make Voila's pre-heating kernel manager choose each refill's delay with `refill_delay`."""
    fill = kernel_manager.fill_if_needed

    def fill_if_needed(delay=None, notebook_name=None, **kwargs):
        if delay is None:  # a page has just taken a kernel (Voila passes 0 when it fills at start)
            pool = kernel_manager._pools.get(notebook_name, [])
            default = kernel_manager.kernel_pools_config.get("default", {})
            size = kernel_manager.kernel_pools_config.get(notebook_name, default).get("pool_size", 1)
            delay = refill_delay(sum(task.done() for task in pool), size, quiet_delay)
        return fill(delay=delay, notebook_name=notebook_name, **kwargs)

    kernel_manager.fill_if_needed = fill_if_needed


# -- the projector page -----------------------------------------------------------------------------
DASHBOARD_NOTEBOOK = "class_dashboard.ipynb"  # beside the participants' notebook (live_quiz.ipynb)
REFUSAL = """<!doctype html><html lang="zh"><meta charset="utf-8"><title>只能在老师的电脑上打开</title>
<body style="font-family: sans-serif; font-size: 20px; line-height: 1.6; padding: 24px; max-width: 640px">
<h1 style="font-size: 26px">这个页面只能在老师的电脑上打开</h1>
<p>课堂看板只给讲课用的那台电脑看。学员请扫老师屏幕上的二维码，或打开老师给的答题网址。</p>
</body></html>"""


def is_local_address(address: str | None) -> bool:
    """True for the laptop itself: 127.0.0.0/8, ::1 (and 127.x written as IPv6)."""
    try:
        ip = ipaddress.ip_address((address or "").split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


class DashboardHandler(TornadoVoilaHandler):
    """Voila's page handler for the dashboard notebook, refusing every address but the laptop's own.

    The address is the one the connection comes from (no proxy header is trusted: the server is
    started without ``xheaders``)."""

    def from_this_computer(self) -> bool:
        """The request comes from the laptop itself: a loopback address, or the very address the
        server was reached at (a server bound to the Wi-Fi address, ``--host 192.168.1.23``, is
        reached from its own browser at that address)."""
        remote = self.request.remote_ip
        if is_local_address(remote):
            return True
        try:
            here = self.request.connection.stream.socket.getsockname()[0]
        except (AttributeError, OSError, IndexError, TypeError):
            return False
        return bool(remote) and remote == here

    async def prepare(self, *args, **kwargs):
        if not self.from_this_computer():
            self.set_status(403)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(REFUSAL)
            return None
        result = super().prepare(*args, **kwargs)
        if inspect.isawaitable(result):
            await result
        return None


def dashboard_route(handlers: list, server_url: str, notebook_path: str | None, root_dir: str,
                    voila_configuration, template_paths, config) -> list:
    """Voila's handlers with ``/dashboard`` put before its catch-all page route (tornado takes the
    first pattern that matches). Unchanged when there is no dashboard notebook beside the
    participants' notebook."""
    from jupyter_server.utils import url_path_join

    if not notebook_path:
        return handlers
    notebook = Path(notebook_path).resolve().parent / DASHBOARD_NOTEBOOK
    if not notebook.is_file():
        return handlers
    route = (
        url_path_join(server_url, "/" + DASHBOARD_PATH),
        DashboardHandler,
        {
            "notebook_path": os.path.relpath(notebook, root_dir),
            "template_paths": template_paths,
            "config": config,
            "voila_configuration": voila_configuration,
        },
    )
    catch_all = next((i for i, h in enumerate(handlers) if h[0].endswith("/(.*)") and h[1] is TornadoVoilaHandler),
                     len(handlers))
    return [*handlers[:catch_all], route, *handlers[catch_all:]]


# -- the beat ------------------------------------------------------------------------------------------
SERVER_BEAT_SECONDS = 5.0


class ServerBeat:
    """Writes this server's beat into the answer database (`WorkshopStore.server_beat`) from a worker
    thread; one write at a time; a database that is busy or away costs a missed beat, nothing more."""

    def __init__(self, port: int = 0) -> None:
        self.port = port
        self._store = None
        self._busy = False

    def write(self, stopped: bool = False) -> None:
        from .store import WorkshopStore

        try:
            if self._store is None:
                self._store = WorkshopStore()  # OVERDUE_WORKSHOP_DB, as the kernels
            self._store.server_beat(f"port:{self.port}", stopped=stopped)
        except Exception:  # noqa: BLE001 - a missed beat only makes the dashboard warn
            pass
        finally:
            self._busy = False

    def schedule(self) -> None:
        """Start one write on a worker thread unless the previous one is still running."""
        if self._busy:
            return
        self._busy = True
        from tornado.ioloop import IOLoop

        IOLoop.current().run_in_executor(None, self.write)


# What the changes above rely on inside Voila (0.5), beyond its documented options. Checked at start
# and by tests/test_workshop_voila_app.py, so that a Voila update that moves one of them fails with a
# clear message instead of a server that quietly behaves like plain Voila.
VOILA_INTERNALS = (
    ("voila.notebook_renderer.VoilaExporter", "every page's exporter is looked up by this module name"),
    ("voila.exporter.VoilaExporter.environment", "the template environment, to share compiled templates"),
    ("voila.app.Voila.init_settings", "tornado's settings, to pass the gzip transform"),
    ("voila.voila_kernel_manager.voila_kernel_manager_factory", "the pre-heating kernel manager"),
    ("voila.app.Voila.init_handlers", "the routes, to put the projector page before the notebook's"),
    ("voila.tornado.handler.TornadoVoilaHandler", "the page handler the projector page extends"),
    ("voila.app.Voila.stop", "the server's stop, to mark the beat stopped"),
    ("fill_if_needed(delay, notebook_name)", "the pool refill that `pace_refills` wraps"),
    ("_pools / kernel_pools_config", "the pool state `pace_refills` reads"),
)
_DOTTED = 7  # the first _DOTTED entries are looked up by name; the last two in the source


def voila_internals_missing() -> list[str]:
    """The parts of Voila this module patches that the installed Voila no longer has (empty: all there)."""
    import importlib

    missing = []
    for dotted, why in VOILA_INTERNALS[:_DOTTED]:
        obj = None
        parts = dotted.split(".")
        for i in range(len(parts), 0, -1):  # the longest importable module prefix, then attributes
            try:
                obj = importlib.import_module(".".join(parts[:i]))
                attrs = parts[i:]
                break
            except ImportError:
                continue
        for attr in attrs if obj is not None else []:
            obj = getattr(obj, attr, None)
            if obj is None:
                break
        if obj is None:
            missing.append(f"{dotted} ({why})")
    try:
        from voila import voila_kernel_manager

        source = inspect.getsource(voila_kernel_manager)
    except (ImportError, OSError):
        source = ""
    fill, pools = VOILA_INTERNALS[_DOTTED], VOILA_INTERNALS[_DOTTED + 1]
    if "def fill_if_needed" not in source or "notebook_name" not in source or "delay" not in source:
        missing.append(f"{fill[0]} ({fill[1]})")
    if "_pools" not in source or "kernel_pools_config" not in source:
        missing.append(f"{pools[0]} ({pools[1]})")
    try:
        from voila import handler as voila_handler

        handler_source = inspect.getsource(voila_handler.VoilaHandler.initialize)
    except (ImportError, OSError, AttributeError):
        handler_source = ""
    if 'kwargs.pop("notebook_path"' not in handler_source:
        missing.append("VoilaHandler.initialize(notebook_path=...) (the projector page names its own notebook)")
    return missing


class WorkshopVoila(Voila):
    def initialize(self, argv=None) -> None:
        missing = voila_internals_missing()
        if missing:
            raise RuntimeError(
                "The installed Voila no longer has what the workshop server changes: "
                + "; ".join(missing) + ". Install the Voila version pinned in pyproject.toml."
            )
        # Every page and pre-started kernel gets its renderer's exporter from this name.
        notebook_renderer.VoilaExporter = WorkshopExporter
        super().initialize(argv)

    def init_settings(self) -> dict:
        settings = super().init_settings()
        settings["transforms"] = [CachedGZip]  # tornado.web.Application(transforms=...)
        if hasattr(self.kernel_manager, "_pools"):  # pre-heated kernels (serve always asks for them)
            pace_refills(self.kernel_manager)
        return settings

    def init_handlers(self) -> list:
        handlers = dashboard_route(super().init_handlers(), self.server_url, self.notebook_path, self.root_dir,
                                   self.voila_configuration, self.template_paths, self.config)
        self._start_beat()
        return handlers

    def _start_beat(self) -> None:
        from tornado.ioloop import PeriodicCallback

        self.beat = ServerBeat(self.port)
        self.beat.schedule()
        self._beat_callback = PeriodicCallback(self.beat.schedule, SERVER_BEAT_SECONDS * 1000)
        self._beat_callback.start()

    def stop(self) -> None:
        beat = getattr(self, "beat", None)
        if beat is not None:
            self._beat_callback.stop()
            beat.write(stopped=True)  # the dashboard says at once that the server stopped
        super().stop()


def add_template_root(env: dict[str, str] | os._Environ = os.environ) -> None:
    """Put the course's template folder first on JUPYTER_PATH (kernels inherit it; harmless)."""
    parts = [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    if str(TEMPLATE_ROOT) not in parts:
        env["JUPYTER_PATH"] = os.pathsep.join([str(TEMPLATE_ROOT), *parts])


def main(argv: list[str] | None = None) -> None:
    add_template_root()
    WorkshopVoila.launch_instance(argv)


if __name__ == "__main__":
    main()
