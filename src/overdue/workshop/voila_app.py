"""Voila as the workshop runs it: ``python -m overdue.workshop.voila_app NOTEBOOK [Voila options]``.

The same server as ``python -m voila``, with two changes for phones on a classroom network:

- the course's page template, ``overdue`` (in ``jupyter/voila/templates/``): Voila's classic
  template without links to public CDNs, so a page never waits for a host outside the classroom;
- compressed responses. A first visit downloads about 5 MB of Voila's scripts; compressed, about
  1.3 MB. Each file is compressed once and kept (`CachedGZip`), so thirty first visits cost the
  laptop no more compression work than one. (Voila 0.5 applies its ``tornado_settings`` after
  tornado has built the application's transforms, so ``compress_response`` there has no effect;
  the transform is passed to tornado here.)
"""

from __future__ import annotations

import os
from pathlib import Path

from tornado.httputil import HTTPHeaders, HTTPServerRequest
from tornado.web import GZipContentEncoding
from voila.app import Voila

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


class WorkshopVoila(Voila):
    def init_settings(self) -> dict:
        settings = super().init_settings()
        settings["transforms"] = [CachedGZip]  # tornado.web.Application(transforms=...)
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
