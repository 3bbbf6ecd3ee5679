"""Accessibility (WCAG 2.1 A and AA rules of axe-core) of the lessons as Voila shows them.

axe-core comes from npm (`.ci/run` installs it into build/axe; `OVERDUE_AXE_JS` may point elsewhere)
and is injected with Playwright. A test fails on any critical or serious finding; moderate ones
(e.g. "region": page content outside landmarks, which comes from Voila's own page) are printed only.
Nothing the course's markup causes is excluded.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, LAPTOP, REPO, require_browser

pytestmark = pytest.mark.browser

AXE = Path(os.environ.get("OVERDUE_AXE_JS", REPO / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"))
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = ("critical", "serious")


def require_axe() -> None:
    require_browser()
    if not AXE.is_file():
        reason = f"axe-core not found at {AXE} (npm install --prefix build/axe axe-core@4)"
        if os.environ.get("OVERDUE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def axe_findings(page) -> list[dict]:
    """Every violation axe-core finds on the page, with impact, rule, and the first elements."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + '  ' + n.html.slice(0, 160))}));
        }""",
        WCAG,
    )


def failing(findings: list[dict]) -> list[str]:
    for f in findings:
        if f["impact"] not in FAILING:
            print(f"(not failing) {f['impact']} {f['id']}: {f['help']}")
    return [f"{f['impact']} {f['id']}: {f['help']}\n  " + "\n  ".join(f["nodes"]) for f in findings
            if f["impact"] in FAILING]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("lesson", ["02_verify_collector", "03_check_the_amount", "09_capstone_second_visit"])
def test_a_lesson_in_voila_has_no_serious_accessibility_finding(lesson, tmp_path):
    require_axe()
    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"), JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "voila", str(REPO / "notebooks" / f"{lesson}.ipynb"), "--no-browser",
         f"--port={port}", "--Voila.ip=127.0.0.1"],
        cwd=REPO / "notebooks", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # listening (a page request would start a kernel of its own)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
                break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=LAPTOP)
            page.goto(url, timeout=180_000)
            # (the first output is the lesson's invisible page style: wait for the widgets instead)
            page.wait_for_function("document.querySelectorAll('.jupyter-widgets').length > 0", timeout=180_000)
            settled, last = 0, -1
            for _ in range(90):  # until no widget has appeared for 3 s: the lesson has finished drawing
                count = page.evaluate("document.querySelectorAll('.jupyter-widgets').length")
                settled = settled + 1 if count == last else 0
                if settled >= 3:
                    break
                last = count
                page.wait_for_timeout(1000)
            errors = page.locator(".jupyter-widgets-error-widget").count()
            findings = axe_findings(page)
            browser.close()
        assert errors == 0, f"{errors} widgets failed to draw"
        assert failing(findings) == [], "\n".join(failing(findings))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_the_checker_finds_what_it_is_meant_to_find(tmp_path):
    """A page with an unlabelled input, an image without text and a colour-only link fails."""
    require_axe()
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "bad.html"
    page_file.write_text(
        "<html lang='zh'><head><title>t</title></head><body><main><p>文字 <a href='x' style='color:#00f;"
        "text-decoration:none'>链接</a> 文字</p><input type='date'><img src='x.png'></main></body></html>",
        encoding="utf-8",
    )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(page_file.as_uri())
        ids = {f["id"] for f in axe_findings(page)}
        browser.close()
    assert {"label", "image-alt"} <= ids


@pytest.mark.parametrize("which", ["participant", "dashboard"])
def test_the_workshop_pages_have_no_serious_accessibility_finding(which, tmp_path):
    """The participant's page after joining (a question on screen) and the projected dashboard."""
    require_axe()
    from playwright.sync_api import sync_playwright
    from workshop_pages import join

    from conftest import DASHBOARD, LIVE_QUIZ, PHONE, start_voila
    from overdue.workshop import serve
    from overdue.workshop.store import WorkshopStore

    db = tmp_path / "workshop.sqlite3"
    code = WorkshopStore(db).create_session([("bank", "lesson02"), ("roleplay", "doorstep")]).code
    server = start_voila(tmp_path, LIVE_QUIZ if which == "participant" else DASHBOARD,
                         pool_size=1 if which == "participant" else 0, db=db)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            if which == "participant":
                page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
                page.set_default_timeout(120_000)
                join(page, server.url, code, "小周")
            else:
                page = browser.new_page(viewport=LAPTOP)
                page.set_default_timeout(120_000)
                page.goto(f"{server.url}?code={code}")
                page.locator("img.ow-chart").wait_for()
                # the folded parts too: the session form (its lists) and 下课后 (export, delete)
                page.get_by_text("新建课堂", exact=True).click()
                page.locator(".ow-agenda").wait_for()
                page.get_by_text(re.compile("^下课后：")).first.click()
                page.locator(".ow-delete").wait_for()
                page.wait_for_timeout(1000)
            findings = axe_findings(page)
            browser.close()
        assert failing(findings) == [], "\n".join(failing(findings))
    finally:
        serve.stop(server.proc)
