"""A class served by a real JupyterHub, its answers in a shared PostgreSQL database.

JupyterHub (from PyPI) with configurable-http-proxy (npm), local processes as users' servers and a
dummy login; the hub's configuration is the README's `jupyterhub_config.py` for The Littlest
JupyterHub, with only the Python path and the database URL replaced. Three participants open the
live quiz through the hub's Voila URL in chromium, join and answer; the instructor's dashboard,
also through the hub, shows their counts, read from the shared PostgreSQL database. Everything
listens on 127.0.0.1 and is started and stopped here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from workshop_pages import give_answer, next_question, plan_for, submit

from conftest import CHROMIUM, CHROMIUM_ARGS, LAPTOP, LEAKS, PHONE, REPO, require_browser
from overdue.workshop import serve
from overdue.workshop.flow import bank
from overdue.workshop.store import WorkshopStore

sys.path.insert(0, str(REPO / "tests"))
import pgserver  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BANK = "lesson03"
QUESTIONS = 3
PARTICIPANTS = ["p0", "p1", "p2"]
INSTRUCTOR = "teacher"
LIVE_QUIZ = "voila/render/notebooks/instructor/live_quiz.ipynb"
DASHBOARD = "voila/render/notebooks/instructor/class_dashboard.ipynb"
TOKEN = "overdue-test-" + os.urandom(8).hex()  # the test's own API token (a hub service)


def readme_config() -> str:
    """The README's jupyterhub_config.py, as printed there."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- jupyterhub_config\.py: tested by tests/browser/test_jupyterhub\.py -->\s*"
                  r"```python\n(.*?)```", text, re.S)
    assert m, "README: the jupyterhub_config.py example is missing"
    return m.group(1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hub_config(tmp: Path, db_url: str, port: int) -> str:
    """The README's file, then what only this test needs (local ports, local processes, a login
    that takes any password, this repository and this Python)."""
    as_root = os.geteuid() == 0
    test_part = f"""
# -- this test only ------------------------------------------------------------------------------
import sys
c.Spawner.cmd = [sys.executable, "-m", "overdue.workshop.singleuser"]
c.Spawner.notebook_dir = {str(REPO)!r}
c.Spawner.environment.update({{
    "OVERDUE_WORKSHOP_DB": {db_url!r},
    "OVERDUE_DATA_DIR": {str(tmp / "data")!r},
}})
c.Spawner.args = {["--allow-root"] if as_root else []!r}
c.Spawner.ip = "127.0.0.1"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = {str(tmp / "home" / "{username}")!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {_free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{_free_port()}"
c.ConfigurableHTTPProxy.command = [{shutil.which("configurable-http-proxy")!r}]
c.JupyterHub.db_url = "sqlite:///{tmp / "jupyterhub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(tmp / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(tmp / "jupyterhub.pid")!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.services = [{{"name": "overdue-test", "api_token": {TOKEN!r}}}]
c.JupyterHub.load_roles = [{{"name": "overdue-test", "scopes": ["admin:users", "admin:servers"],
                            "services": ["overdue-test"]}}]
"""
    return readme_config() + test_part


def api(hub: str, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{hub}/hub/api{path}", data=data, method=method,
                                 headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return r.status, json.loads(raw) if raw else {}
    except urllib.error.HTTPError as e:
        return e.code, {}


def wait_for(check, timeout: float, what: str, pause: float = 0.5):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            result = check()
        except (OSError, urllib.error.URLError):
            result = None
        if result:
            return result
        time.sleep(pause)
    raise TimeoutError(what)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """A JupyterHub on 127.0.0.1 with the four users' servers started; yields (url, db_url, log)."""
    require_browser()
    if shutil.which("configurable-http-proxy") is None:
        reason = "configurable-http-proxy not found (npm install -g configurable-http-proxy)"
        if os.environ.get("OVERDUE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    pytest.importorskip("jupyterhub")
    db_url = pgserver.server().new_database("hub")
    WorkshopStore(db_url).close()  # the tables, before the kernels race for them
    tmp = tmp_path_factory.mktemp("jupyterhub")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    (tmp / "jupyterhub_config.py").write_text(hub_config(tmp, db_url, port), encoding="utf-8")
    log = tmp / "jupyterhub.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(tmp / "jupyterhub_config.py")],
                                cwd=tmp, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: api(url, "GET", "/")[0] == 200, 90, "the hub did not start")
        for name in [*PARTICIPANTS, INSTRUCTOR]:
            assert api(url, "POST", f"/users/{name}")[0] in (201, 409)
            assert api(url, "POST", f"/users/{name}/server")[0] in (201, 202)
        for name in [*PARTICIPANTS, INSTRUCTOR]:
            wait_for(lambda n=name: api(url, "GET", f"/users/{n}")[1].get("servers", {}).get("", {}).get("ready"),
                     240, f"{name}'s server did not start", pause=1.0)
        yield url, db_url, log
    finally:
        proc.send_signal(signal.SIGTERM)  # the hub stops the users' servers and the proxy
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            Path("/tmp/overdue-jupyterhub.log").write_bytes(log.read_bytes())
        except OSError:
            pass


def login(page, hub_url: str, name: str) -> None:
    page.goto(f"{hub_url}/hub/login")
    page.locator("#username_input").fill(name)
    page.locator("#password_input").fill("any")
    page.locator("#login_submit").click()
    page.wait_for_url(re.compile(r".*/(hub/home|hub/spawn|user/).*"))


def test_three_participants_through_the_hub_and_the_dashboard_counts_them_from_postgresql(hub):
    hub_url, db_url, log = hub
    store = WorkshopStore(db_url)
    assert store.backend == "postgresql"
    questions = bank(BANK).questions[:QUESTIONS]
    code = store.create_session([("bank", BANK)], title="JupyterHub").code
    store.set_meta(serve.URL_META_KEY, f"{hub_url}/user/<name>/{LIVE_QUIZ}")

    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        pages = []
        for i, name in enumerate(PARTICIPANTS):
            page = browser.new_context(viewport=PHONE).new_page()
            page.set_default_timeout(150_000)
            login(page, hub_url, name)
            page.goto(f"{hub_url}/user/{name}/{LIVE_QUIZ}?code={code}")
            expect(page.locator(".ow-code input")).to_have_value(code)  # the code from the link
            page.locator(".ow-nick input").fill(f"学员{i}")
            page.locator(".ow-join").click()
            page.locator(".ow-hello").wait_for()
            pages.append(page)
        for i, page in enumerate(pages):
            for k, (q, answer) in enumerate(zip(questions, plan_for(i, questions), strict=True)):
                page.get_by_text(f"第 {k + 1} 题").wait_for()
                give_answer(page, q, answer)
                submit(page)
                if k < QUESTIONS - 1:
                    next_question(page)
            # the course's page template (no public CDN, its rejoin script), code hidden, no traceback
            html = page.content()
            assert "ow-rejoin" in html and "cdn.jsdelivr.net" not in html
            assert not LEAKS.search(page.locator("body").inner_text())

        # the answers are in the shared database, each once
        assert store.participant_count(code) == len(PARTICIPANTS)
        assert store.answer_count(code) == len(PARTICIPANTS) * QUESTIONS
        assert {r["nickname"] for r in store.export_rows(code)} == {f"学员{i}" for i in range(3)}

        # the instructor's dashboard, through the hub, counts them
        dash = browser.new_context(viewport=LAPTOP).new_page()
        dash.set_default_timeout(150_000)
        login(dash, hub_url, INSTRUCTOR)
        dash.goto(f"{hub_url}/user/{INSTRUCTOR}/{DASHBOARD}?code={code}")
        status = dash.locator(".ow-status")
        expect(status).to_contain_text(f"{len(PARTICIPANTS)} 人加入")
        expect(status).to_contain_text(f"{len(PARTICIPANTS) * QUESTIONS} 个答案")
        assert f"课堂码 {code}" in dash.locator(".ow-code-head").inner_text()
        browser.close()
    store.close()
