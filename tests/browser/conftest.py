"""Fixtures for the end-to-end tests: Voila serving the live-quiz notebook, and Debian's chromium.

One Voila server per test module (module scope), started the way `make workshop` starts it
(`overdue.workshop.serve.voila_args`), on 127.0.0.1 and a free port, in its own process group, with a
temporary OVERDUE_WORKSHOP_DB; the group is killed at the end. Chromium is /usr/bin/chromium driven by
Playwright; without it the tests are skipped, unless OVERDUE_REQUIRE_BROWSER=1 (CI), then they fail.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from overdue.workshop import serve
from overdue.workshop.store import WorkshopStore

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
LIVE_QUIZ = REPO / "notebooks" / "instructor" / "live_quiz.ipynb"
DASHBOARD = REPO / "notebooks" / "instructor" / "class_dashboard.ipynb"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
# What must never reach a participant's page.
LEAKS = re.compile(r"Traceback|Error:|\bimport\b|ParticipantApp|File \"|\.py\b")


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "load: the full class of thirty browser pages (make test-load)")


def require_browser() -> None:
    """Skip (or fail in CI) when the browser or Playwright is missing."""
    missing = []
    if not os.path.exists(CHROMIUM):
        missing.append(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (python) not installed")
    if missing:
        reason = "; ".join(missing)
        if os.environ.get("OVERDUE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {reason}")
        pytest.skip(reason)


class VoilaServer:
    def __init__(self, proc, url: str, db: Path, log: Path, ready_seconds: float):
        self.proc, self.url, self.db, self.log, self.ready_seconds = proc, url, db, log, ready_seconds

    def store(self) -> WorkshopStore:
        return WorkshopStore(self.db)


def start_voila(tmp: Path, notebook: Path, pool_size: int, db: Path | None = None, **launch_args) -> VoilaServer:
    require_browser()
    db = db or tmp / "workshop.sqlite3"
    log = tmp / f"voila-{notebook.stem}.log"
    env = {"OVERDUE_WORKSHOP_DB": str(db), "OVERDUE_DATA_DIR": str(tmp), "PYTHONUNBUFFERED": "1"}
    WorkshopStore(db).close()  # create the schema before kernels race for it
    proc, url = serve.launch(
        notebook, pool_size=pool_size, preheat=pool_size > 0, env=env, log_path=log, **launch_args
    )
    try:
        ready = serve.wait_ready(proc, url, timeout=90, log_path=log, pool_size=pool_size)
    except RuntimeError:
        serve.stop(proc)
        raise
    return VoilaServer(proc, url, db, log, ready)


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """Voila serving live_quiz.ipynb with a small pool of pre-heated kernels."""
    tmp = tmp_path_factory.mktemp("voila")
    server = start_voila(tmp, LIVE_QUIZ, pool_size=int(os.environ.get("OVERDUE_TEST_POOL", "3")))
    yield server
    # a graceful stop waits for the pool's kernel that is still running the notebook (10 s on a busy
    # machine); nothing here needs it, and serve.stop kills the kernels it leaves
    serve.stop(server.proc, timeout=2)
    _keep_log(server.log)


def _keep_log(log: Path) -> None:
    """Leave the last Voila log in /tmp for a look after a failure."""
    try:
        Path("/tmp", f"overdue-{log.name}").write_bytes(log.read_bytes())
    except OSError:
        pass


@pytest.fixture(scope="module")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    pg = ctx.new_page()
    pg.set_default_timeout(90_000)  # generous: CI machines are small and may be busy
    yield pg
    ctx.close()
