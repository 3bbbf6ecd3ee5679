"""`python -m overdue lab` (and `make lab`) opens JupyterLab in Simplified Chinese with no English
news prompt, through the course's own settings: the user's JupyterLab settings are not written."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, LAPTOP, REPO, require_browser
from overdue.cli import lab_command

pytestmark = pytest.mark.browser
TOKEN = "course-lab-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_lab_opens_in_chinese_without_the_news_prompt(tmp_path):
    require_browser()
    from playwright.sync_api import sync_playwright

    port = _free_port()
    user_settings = tmp_path / "user-settings"
    env = dict(
        os.environ,
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"),
        JUPYTERLAB_SETTINGS_DIR=str(user_settings),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
    )
    cmd = lab_command(port, open_browser=False, extra=["--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}"])
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("JupyterLab did not answer within 60 s")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=LAPTOP)
            page.goto(f"{base}/lab/tree/notebooks/00_start_here.ipynb?token={TOKEN}")
            labels = page.locator("#jp-MainMenu .lm-MenuBar-itemLabel")
            labels.first.wait_for(timeout=60_000)
            menus = [t.strip() for t in labels.all_inner_texts()]
            page.wait_for_timeout(1500)  # the news prompt, when on, appears a moment after start
            body = page.inner_text("body")
            page.screenshot(path=str(tmp_path / "lab.png"))
            browser.close()
        assert menus[:3] == ["文件", "编辑", "查看"], menus
        assert "Would you like to get notified" not in body and "File" not in menus
        # nothing was written into the user's own settings
        assert not user_settings.exists() or not any(
            "translation-extension" in str(p) for p in user_settings.rglob("*")
        )
        with urllib.request.urlopen(f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin?token={TOKEN}") as r:
            assert json.loads(r.read().decode())["raw"] in ("", "{}")  # the default, not a user change
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
