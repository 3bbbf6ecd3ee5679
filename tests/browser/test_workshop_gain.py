"""The before-and-after check in a real class: five phone pages in chromium answer the 课前/课后小测 at
the start and again at the end (through Voila, as `make workshop` serves them); the projected
dashboard's 学习效果 view and the organiser's exported report then show the paired numbers, and the
report names nobody."""

from __future__ import annotations

import asyncio

import pytest
from workshop_pages import answer_questions_async, join_async, planned_answer, run_participants

from conftest import CHROMIUM, CHROMIUM_ARGS, DASHBOARD, LAPTOP, LIVE_QUIZ, PHONE, _keep_log, start_voila
from overdue.quiz.gain import AFTER_ID, BANK_ID
from overdue.workshop import serve
from overdue.workshop.flow import bank
from overdue.workshop.store import Item

pytestmark = pytest.mark.browser

PEOPLE = 5
RIGHT_BEFORE = 4  # each gets the first 4 questions right before ...
RIGHT_AFTER = 9  # ... and the first 9 after: 40% -> 90%, +50 points


def nickname(i: int) -> str:
    return f"小测学员{i}"


def plan(questions) -> list:
    before = [planned_answer(q, k < RIGHT_BEFORE, variant=k) for k, q in enumerate(questions)]
    after = [planned_answer(q, k < RIGHT_AFTER, variant=k) for k, q in enumerate(questions)]
    return before + after


async def _run_class(url: str, code: str, questions) -> list[BaseException]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)

        async def start(i: int):
            page = await (await browser.new_context(viewport=PHONE)).new_page()
            page.set_default_timeout(150_000)
            return page

        async def join(page, i: int) -> None:
            await join_async(page, url, code, nickname(i))

        async def answer(page, i: int) -> None:
            await answer_questions_async(page, questions + questions, plan(questions))

        async def close(page) -> None:
            await page.context.close()

        _, _, errors = await run_participants(PEOPLE, 0.3, start, join, answer, close, wait_all=300)
        await browser.close()
    return errors


@pytest.fixture(scope="module")
def finished_class(tmp_path_factory):
    server = start_voila(tmp_path_factory.mktemp("voila-gain"), LIVE_QUIZ, pool_size=3)
    try:
        store = server.store()
        questions = bank(BANK_ID).questions
        code = store.create_session([Item("bank", BANK_ID), Item("bank", AFTER_ID)], title="周六课堂").code
        errors = asyncio.run(_run_class(server.url, code, list(questions)))
        assert not errors, errors[:3]
        yield store, code, questions
    finally:
        serve.stop(server.proc)
        _keep_log(server.log)


def test_both_rounds_are_stored_for_everyone(finished_class):
    store, code, questions = finished_class
    rows = store.export_rows(code)
    assert store.participant_count(code) == PEOPLE
    assert sorted({(r["nickname"], r["item"]) for r in rows}) == sorted(
        (nickname(i), item) for i in range(PEOPLE) for item in (BANK_ID, AFTER_ID))
    assert len(rows) == PEOPLE * 2 * len(questions)


def test_the_dashboard_shows_the_paired_change_and_the_report_names_nobody(finished_class, browser, tmp_path):
    store, code, _ = finished_class
    dash = start_voila(tmp_path, DASHBOARD, pool_size=0, db=store.path)
    try:
        page = browser.new_page(viewport=LAPTOP)
        page.set_default_timeout(60_000)
        page.goto(f"{dash.url}?code={code}")
        page.locator(".ow-status").get_by_text(f"{PEOPLE} 人加入").wait_for()
        page.locator(".ow-gain").click()
        view = page.locator(".ow-gain-box")
        view.get_by_text(f"课前、课后都做了：{PEOPLE} 人").wait_for()
        text = view.inner_text()
        assert "只做了课前：0 人，只做了课后：0 人" in text
        assert "课前答对 40%，课后答对 90%，变化 +50 个百分点" in text
        assert "人数太少，只作参考" in text
        chart = page.locator("img.ow-gain-chart")
        chart.wait_for()
        page.wait_for_timeout(500)
        assert chart.bounding_box()["y"] < LAPTOP["height"]  # the chart starts on the first screen
        page.screenshot(path="/tmp/workshop_gain_laptop.png")
        page.locator(".ow-report").click()
        page.get_by_text("学习效果报告已保存").wait_for()
        (report,) = (store.path.parent / "exports").glob("*.html")
        html = report.read_text(encoding="utf-8")
        assert "课前、课后都做了的人数：5" in html and "人数太少，只作参考" in html and "周六课堂" in html
        assert "小测学员" not in html  # no nickname
        page.close()
    finally:
        serve.stop(dash.proc)
