"""Kernels of closed pages are shut down; the kernel of a page still open is kept, however idle.

Voila's own shutdown call on closing a tab does not reach the server here (it is refused for a
missing _xsrf cookie), and phones often close tabs without any call; the idle culler is what frees
the memory. The test runs Voila with a culling time of seconds instead of `make workshop`'s minutes.
"""

from __future__ import annotations

import time

import pytest
from workshop_pages import give_answer, join, planned_answer, submit

from conftest import LIVE_QUIZ, PHONE, _keep_log, start_voila
from overdue.workshop import serve
from overdue.workshop.flow import bank

pytestmark = pytest.mark.browser

POOL = 1
CULL_IDLE = 4
CULL_INTERVAL = 1


@pytest.fixture(scope="module")
def culling_voila(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("voila-cull")
    server = start_voila(tmp, LIVE_QUIZ, pool_size=POOL, cull_idle=CULL_IDLE, cull_interval=CULL_INTERVAL)
    yield server
    serve.stop(server.proc)
    _keep_log(server.log)


def wait_for_kernels(server, n: int, timeout: float) -> int:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        count = len(serve.kernel_pids(server.proc))
        if count == n:
            return count
        time.sleep(0.5)
    return len(serve.kernel_pids(server.proc))


def test_a_closed_page_frees_its_kernel_and_an_open_one_keeps_working(culling_voila, browser):
    server = culling_voila
    store = server.store()
    code = store.create_session([("bank", "lesson03")]).code
    assert wait_for_kernels(server, POOL, 60) == POOL

    stays = browser.new_context(viewport=PHONE)
    leaves = browser.new_context(viewport=PHONE)
    try:
        page_a, page_b = stays.new_page(), leaves.new_page()
        for pg in (page_a, page_b):
            pg.set_default_timeout(90_000)
        join(page_a, server.url, code, "留下的人")
        join(page_b, server.url, code, "离开的人")
        assert wait_for_kernels(server, POOL + 2, 60) == POOL + 2  # two pages, a refilled pool

        leaves.close()  # the tab is closed without a word to the server
        assert wait_for_kernels(server, POOL + 1, 60) == POOL + 1

        time.sleep(CULL_IDLE + 2 * CULL_INTERVAL)  # the open page idles past the culling time
        assert len(serve.kernel_pids(server.proc)) == POOL + 1
        q = bank("lesson03").questions[0]
        give_answer(page_a, q, planned_answer(q, True))
        assert "✔ 正确" in submit(page_a)
        assert [r["nickname"] for r in store.export_rows(code)] == ["留下的人"]
    finally:
        stays.close()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_stopping_the_server_leaves_no_kernel_behind(tmp_path):
    server = start_voila(tmp_path, LIVE_QUIZ, pool_size=2)
    kernels = serve.kernel_pids(server.proc)
    assert len(kernels) == 2
    serve.stop(server.proc)
    time.sleep(0.5)
    assert [pid for pid in kernels if _alive(pid)] == []
