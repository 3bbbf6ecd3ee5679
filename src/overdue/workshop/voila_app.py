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
"""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from tornado.httputil import HTTPHeaders, HTTPServerRequest
from tornado.web import GZipContentEncoding
from voila import notebook_renderer
from voila.app import Voila
from voila.exporter import VoilaExporter

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


# What the changes above rely on inside Voila (0.5), beyond its documented options. Checked at start
# and by tests/test_workshop_voila_app.py, so that a Voila update that moves one of them fails with a
# clear message instead of a server that quietly behaves like plain Voila.
VOILA_INTERNALS = (
    ("voila.notebook_renderer.VoilaExporter", "every page's exporter is looked up by this module name"),
    ("voila.exporter.VoilaExporter.environment", "the template environment, to share compiled templates"),
    ("voila.app.Voila.init_settings", "tornado's settings, to pass the gzip transform"),
    ("voila.voila_kernel_manager.voila_kernel_manager_factory", "the pre-heating kernel manager"),
    ("fill_if_needed(delay, notebook_name)", "the pool refill that `pace_refills` wraps"),
    ("_pools / kernel_pools_config", "the pool state `pace_refills` reads"),
)


def voila_internals_missing() -> list[str]:
    """The parts of Voila this module patches that the installed Voila no longer has (empty: all there)."""
    import importlib
    import inspect

    missing = []
    for dotted, why in VOILA_INTERNALS[:4]:
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
    if "def fill_if_needed" not in source or "notebook_name" not in source or "delay" not in source:
        missing.append(f"{VOILA_INTERNALS[4][0]} ({VOILA_INTERNALS[4][1]})")
    if "_pools" not in source or "kernel_pools_config" not in source:
        missing.append(f"{VOILA_INTERNALS[5][0]} ({VOILA_INTERNALS[5][1]})")
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
