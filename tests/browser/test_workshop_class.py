"""A class of thirty at once, at the cost `make test` can afford: 27 protocol-level participants
(benchmarks/widget_client.py: the widget messages a phone's page sends, without drawing the page,
as the benchmark's laptop-load run) and 3 real phone pages in chromium. They arrive a moment apart,
then all answer at the same time: every answer is stored once, under the person who gave it, and the
dashboard's data counts exactly that. The full class of thirty browser pages is `make test-load`
(test_workshop_load.py)."""

from __future__ import annotations

import asyncio
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from workshop_pages import answer_questions_async, join_async, plan_for, run_participants

from conftest import CHROMIUM, CHROMIUM_ARGS, LAPTOP, LIVE_QUIZ, PHONE, _keep_log, start_voila
from overdue.workshop import serve
from overdue.workshop.flow import bank, stored_answer
from overdue.workshop.stats import session_stats
from overdue.workshop.store import canonical_answer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from widget_client import WidgetClient, give_answer  # noqa: E402

pytestmark = pytest.mark.browser

BANK = "lesson06"  # its first questions: true/false, multiple choice, a number
PEOPLE = 30
BROWSERS = (0, 10, 20)  # these participants use a real page; the others a protocol client
QUESTIONS = 3  # each answered right or wrong by someone (plan_for); more questions add kernel work, not checks
ARRIVAL_GAP = 0.2  # seconds between two arrivals: a class scanning the QR code together
POOL = 2  # pre-heated kernels: the class starts 30 kernels either way, a pool only adds idle ones


def nickname(i: int) -> str:
    return f"学员{i:02d}"


async def _run_class(url: str, code: str, questions) -> list[BaseException]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)

        async def start(i: int):
            if i not in BROWSERS:
                return WidgetClient(url)
            page = await (await browser.new_context(viewport=PHONE)).new_page()
            page.set_default_timeout(150_000)
            return page

        async def join(handle, i: int) -> None:
            if isinstance(handle, WidgetClient):
                await handle.open(f"?code={code}")
                await handle.wait_for("ow-code")
                await handle.set_value("ow-code", code)  # as typed (the link's code may come later)
                await handle.set_value("ow-nick", nickname(i))
                await handle.click("ow-join")
                await handle.wait_for("ow-hello")
            else:
                await join_async(handle, url, code, nickname(i))

        async def answer(handle, i: int) -> None:
            plan = plan_for(i, questions)
            if not isinstance(handle, WidgetClient):
                await answer_questions_async(handle, questions, plan)
                return
            for k, (q, given) in enumerate(zip(questions, plan, strict=True)):
                await give_answer(handle, q, given)
                await handle.click("ow-submit")
                if not handle.find("ow-feedback"):
                    raise AssertionError(f"{nickname(i)}: no feedback after {q.id}")
                if k < len(questions) - 1:
                    await handle.click("ow-next")

        async def close(handle) -> None:
            if isinstance(handle, WidgetClient):
                await handle.close()
            else:
                await handle.context.close()

        _, _, errors = await run_participants(PEOPLE, ARRIVAL_GAP, start, join, answer, close, wait_all=300)
        await browser.close()
    return errors


@pytest.fixture(scope="module")
def finished_class(tmp_path_factory):
    server = start_voila(tmp_path_factory.mktemp("voila-class"), LIVE_QUIZ, pool_size=POOL)
    try:
        store = server.store()
        questions = bank(BANK).questions[:QUESTIONS]
        code = store.create_session([("bank", BANK)], title="三十人").code
        errors = asyncio.run(_run_class(server.url, code, questions))
        assert not errors, errors[:3]
        yield store, code, questions, server
    finally:
        serve.stop(server.proc)
        _keep_log(server.log)


@pytest.mark.smoke
def test_every_answer_is_stored_once_under_the_person_who_gave_it(finished_class):
    store, code, questions, _ = finished_class
    assert store.participant_count(code) == PEOPLE
    given = defaultdict(dict)
    for row in store.export_rows(code):
        assert row["question"] not in given[row["nickname"]], row  # nothing twice
        given[row["nickname"]][row["question"]] = row["answer"]
    expected = {
        nickname(i): {q.id: canonical_answer(stored_answer(q, a)) for q, a in zip(questions, plan_for(i, questions),
                                                                                   strict=True)}
        for i in range(PEOPLE)
    }
    assert dict(given) == expected


@pytest.mark.smoke
def test_the_dashboard_data_counts_what_was_answered(finished_class):
    store, code, questions, _ = finished_class
    stats = session_stats(code, store)
    assert (stats.participants, stats.answers) == (PEOPLE, PEOPLE * QUESTIONS)
    for k, q in enumerate(questions):
        right = sum(1 for i in range(PEOPLE) if (i + k) % 3 != 0)
        assert (stats.steps[k].question_id, stats.steps[k].n, stats.steps[k].n_correct) == (q.id, PEOPLE, right)


def test_the_projected_dashboard_shows_the_totals_the_chart_and_readable_labels(finished_class, browser):
    """The projector page of the class's own server (/dashboard) at 1366x768: the totals, the chart
    on the first screen, and, in the folded 下课后 part, a delete confirmation at least 16 px."""
    store, code, _, server = finished_class
    page = browser.new_page(viewport=LAPTOP)
    page.set_default_timeout(60_000)
    page.goto(f"{server.url}{serve.DASHBOARD_PATH}?code={code}")
    page.locator(".ow-status").get_by_text(f"{PEOPLE} 人加入").wait_for()
    assert f"{PEOPLE * QUESTIONS} 个答案" in page.locator(".ow-status").inner_text()
    chart = page.locator("img.ow-chart")
    chart.wait_for()
    page.wait_for_timeout(500)
    box = chart.bounding_box()
    assert box["y"] < LAPTOP["height"] / 2 and box["y"] + box["height"] <= LAPTOP["height"] + 2
    page.screenshot(path="/tmp/workshop_dashboard_laptop.png")
    page.get_by_text("下课后：结束课堂、导出、删除数据").click()  # the fold
    label = page.locator(".widget-checkbox").filter(has_text="我确认删除")
    label.wait_for()
    size = label.locator("span").last.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 16, size
    page.set_viewport_size(PHONE)
    label.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/workshop_dashboard_phone.png")
    page.close()
