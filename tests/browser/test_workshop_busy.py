"""The participant's page when the laptop is busy or something breaks: what a person typed is what
the kernel joins with, even when the kernel is paused while they type; a page whose kernel died, or
whose server was stopped and started again, says so in Chinese within 5 s, and its one button brings
the participant back where they stopped, every earlier answer kept."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest
from workshop_pages import give_answer, join, next_question, planned_answer, submit

from conftest import LEAKS, LIVE_QUIZ, _keep_log, start_voila
from overdue.workshop import serve
from overdue.workshop.flow import bank

pytestmark = pytest.mark.browser

BANK = "lesson03"
PAUSE = 1.5  # seconds the page's kernel is stopped while the participant types
TELLS_WITHIN_MS = 5_000  # a dead page says so within this


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """This module's Voila, on a port of its own, so that the last test can stop and start it."""
    tmp = tmp_path_factory.mktemp("voila-busy")
    srv = start_voila(tmp, LIVE_QUIZ, pool_size=2, port=serve.free_port())
    srv.tmp = tmp
    yield srv
    serve.stop(srv.proc)
    _keep_log(srv.log)


def kernel_pid(srv, page) -> int:
    """The process of the kernel that serves `page`."""
    kernel = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
    for pid in serve.kernel_pids(srv.proc):
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            if kernel.encode() in f.read():
                return pid
    raise LookupError(f"no process for kernel {kernel}")


def join_while_the_kernel_is_paused(srv, page, code: str, nickname: str) -> None:
    """Open the page from the QR link, then type the nickname and tap 进入课堂 while the page's
    kernel is stopped (as on a laptop too busy to answer)."""
    page.goto(f"{srv.url}?code={code}")
    page.locator(".ow-code input").wait_for()
    page.wait_for_function("c => document.querySelector('.ow-code input').value === c", arg=code)
    pid = kernel_pid(srv, page)
    os.kill(pid, signal.SIGSTOP)
    try:
        t0 = time.monotonic()
        page.locator(".ow-nick input").press_sequentially(nickname, delay=80)
        page.wait_for_timeout(600)
        page.locator(".ow-join").click()
        time.sleep(max(0.0, PAUSE - (time.monotonic() - t0)))
    finally:
        os.kill(pid, signal.SIGCONT)
    page.locator(".ow-hello").wait_for()


def test_people_who_type_while_the_kernel_is_paused_stay_two_people(server, browser):
    store = server.store()
    code = store.create_session([("bank", BANK)]).code
    q = bank(BANK).questions[0]
    answers = {"小明同学": planned_answer(q, True), "小红": planned_answer(q, False)}
    for nickname, answer in answers.items():
        ctx = browser.new_context(viewport={"width": 390, "height": 844})
        try:
            page = ctx.new_page()
            page.set_default_timeout(90_000)
            join_while_the_kernel_is_paused(server, page, code, nickname)
            hello = page.locator(".ow-hello").inner_text()
            assert nickname in hello and "欢迎回来" not in hello, hello
            give_answer(page, q, answer)
            submit(page)
        finally:
            ctx.close()
    rows = store.export_rows(code)  # each their own answer: one right, one wrong
    assert sorted((r["nickname"], r["question"], r["correct"]) for r in rows) == [
        ("小明同学", q.id, 1), ("小红", q.id, 0)]
    assert store.participant_count(code) == 2


def test_a_nickname_edited_twice_while_the_kernel_is_paused_arrives_whole(server, page):
    """The first part goes out when the box is left; the browser holds the second back until the
    kernel has answered the first: the tap on 进入课堂 waits for it (the template's script)."""
    store = server.store()
    code = store.create_session([("bank", BANK)]).code
    page.goto(f"{server.url}?code={code}")
    page.locator(".ow-code input").wait_for()
    page.wait_for_function("c => document.querySelector('.ow-code input').value === c", arg=code)
    pid = kernel_pid(server, page)
    os.kill(pid, signal.SIGSTOP)
    try:
        nick = page.locator(".ow-nick input")
        nick.press_sequentially("阿明", delay=50)
        page.locator(".ow-code input").click()  # leaves the box: "阿明" goes to the kernel
        nick.click()
        nick.press("End")
        nick.press_sequentially("哥哥", delay=50)
        page.locator(".ow-join").click()
        time.sleep(PAUSE)
    finally:
        os.kill(pid, signal.SIGCONT)
    page.locator(".ow-hello").wait_for()
    assert "阿明哥哥" in page.locator(".ow-hello").inner_text()
    assert store.participant_count(code) == 1


def test_a_second_phone_with_the_same_nickname_is_asked_first(server, browser):
    store = server.store()
    code = store.create_session([("bank", BANK)]).code
    q = bank(BANK).questions[0]
    first_ctx, second_ctx = (browser.new_context(viewport={"width": 390, "height": 844}) for _ in range(2))
    try:
        first, second = first_ctx.new_page(), second_ctx.new_page()
        for pg in (first, second):
            pg.set_default_timeout(90_000)
        join(first, server.url, code, "小芳")
        give_answer(first, q, planned_answer(q, True))
        submit(first)
        second.goto(f"{server.url}?code={code}")
        second.locator(".ow-code input").wait_for()
        second.wait_for_function("c => document.querySelector('.ow-code input').value === c", arg=code)
        second.locator(".ow-nick input").fill("小芳")
        second.locator(".ow-join").click()
        asked = second.locator(".ow-same-person")
        asked.wait_for()
        assert "是你本人吗" in asked.inner_text()
        assert "你的答案" not in second.locator("body").inner_text()  # nothing of 小芳's is shown
        second.screenshot(path="/tmp/workshop_same_nickname_phone.png")
        second.locator(".ow-same-no").click()
        second.locator(".ow-nick input").fill("小芳二号")
        second.locator(".ow-join").click()
        assert "小芳二号" in second.locator(".ow-hello").inner_text()
        assert "第 1 题" in second.locator(".ow-prompt").inner_text()
    finally:
        first_ctx.close()
        second_ctx.close()
    assert [r["nickname"] for r in store.export_rows(code)] == ["小芳"]
    assert store.participant_count(code) == 2


def answer_two(page, qs) -> None:
    for k in range(2):
        give_answer(page, qs[k], planned_answer(qs[k], True))
        assert "✔ 正确" in submit(page)
        next_question(page)
    page.get_by_text("第 3 题").wait_for()


def rejoin_and_finish_the_third(page, qs, nickname: str) -> None:
    """Tap the dead page's one button; the new page joins at once and asks the third question."""
    page.locator(".ow-rejoin").click()
    hello = page.locator(".ow-hello")
    hello.wait_for()
    assert "欢迎回来" in hello.inner_text() and nickname in hello.inner_text()
    assert "是你本人吗" not in page.locator("body").inner_text()  # the same phone is not asked
    assert "第 3 题" in page.locator(".ow-prompt").inner_text()
    give_answer(page, qs[2], planned_answer(qs[2], True))
    assert "✔ 正确" in submit(page)


def dead_message(page) -> str:
    dead = page.locator(".ow-dead")
    dead.wait_for(timeout=TELLS_WITHIN_MS)
    text = dead.inner_text()
    assert "连接断开了" in text and "答案都保存好了" in text and not LEAKS.search(text)
    assert page.locator(".ow-dead button").count() == 1
    return text


def test_a_page_whose_kernel_died_says_so_and_rejoins_in_one_tap(server, page):
    store = server.store()
    code = store.create_session([("bank", BANK)]).code
    qs = bank(BANK).questions
    join(page, server.url, code, "阿强")
    answer_two(page, qs)
    os.kill(kernel_pid(server, page), signal.SIGKILL)
    dead_message(page)
    page.screenshot(path="/tmp/workshop_dead_page_phone.png")
    rejoin_and_finish_the_third(page, qs, "阿强")
    rows = store.export_rows(code)
    assert [(r["nickname"], r["question"]) for r in rows] == [("阿强", q.id) for q in qs[:3]]


def test_after_the_server_is_stopped_and_started_the_page_says_so_and_rejoins(server, page):
    store = server.store()
    code = store.create_session([("bank", BANK)]).code
    qs = bank(BANK).questions
    join(page, server.url, code, "阿珍")
    answer_two(page, qs)
    port = int(server.url.rstrip("/").rsplit(":", 1)[1])
    serve.stop(server.proc)
    dead_message(page)
    again = start_voila(server.tmp, LIVE_QUIZ, pool_size=1, db=server.db, port=port)
    server.proc = again.proc  # the fixture stops this one
    rejoin_and_finish_the_third(page, qs, "阿珍")
    rows = store.export_rows(code)
    assert [(r["nickname"], r["question"]) for r in rows] == [("阿珍", q.id) for q in qs[:3]]
