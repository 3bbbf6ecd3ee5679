"""Thirty participants, in thirty browser contexts, join and then answer ten questions each at the
same time:
all 300 answers are stored once, and the dashboard counts exactly what was answered (its data
function, and the dashboard page rendered by Voila).

`make test-load` runs this module (marker `load`); `make test` runs the lighter class of
test_workshop_class.py (27 protocol-level participants and 3 pages)."""

from __future__ import annotations

import asyncio
import io
import json
from collections import Counter

import pytest
import zxingcpp
from PIL import Image
from workshop_pages import answer_questions_async, join_async, plan_for, run_participants

from conftest import CHROMIUM, CHROMIUM_ARGS, DASHBOARD, LAPTOP, LIVE_QUIZ, PHONE, start_voila
from overdue.workshop import serve
from overdue.workshop.flow import bank, stored_answer
from overdue.workshop.qr import with_code
from overdue.workshop.stats import session_stats
from overdue.workshop.store import canonical_answer

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.load]

BANK = "lesson03"
PEOPLE = 30
QUESTIONS = 10
ARRIVAL_GAP = 0.5  # seconds between two participants opening the page (people scan the QR in turn)
POOL = 6



async def _run_class(url: str, code: str, questions) -> list[BaseException]:
    """Everyone opens the page and joins (people arrive one after another), then all thirty
    answer their ten questions at the same time; returns the participants' errors."""
    from playwright.async_api import async_playwright

    async def shot_on_error(page, i: int, step) -> None:
        try:
            await step
        except Exception:  # keep what the stuck participant saw, for a look after a failure
            await page.screenshot(path=f"/tmp/overdue-stuck-{i:02d}.png")
            raise

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)

        async def start(i: int):
            page = await (await browser.new_context(viewport=PHONE)).new_page()
            page.set_default_timeout(150_000)
            return page

        async def join(page, i: int) -> None:
            await shot_on_error(page, i, join_async(page, url, code, f"学员{i:02d}"))

        async def answer(page, i: int) -> None:
            await shot_on_error(page, i, answer_questions_async(page, questions, plan_for(i, questions)))

        async def close(page) -> None:
            await page.context.close()

        _, _, errors = await run_participants(PEOPLE, ARRIVAL_GAP, start, join, answer, close, wait_all=300)
        await browser.close()
    return errors


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """This module's own server, with a larger pool of pre-heated kernels."""
    server = start_voila(tmp_path_factory.mktemp("voila-load"), LIVE_QUIZ, pool_size=POOL)
    yield server
    serve.stop(server.proc)


@pytest.fixture(scope="module")
def finished_class(voila):
    store = voila.store()
    questions = bank(BANK).questions[:QUESTIONS]
    code = store.create_session([("bank", BANK)], title="三十人同时作答").code
    errors = asyncio.run(_run_class(voila.url, code, questions))
    assert not errors, errors[:3]
    return store, code, questions


def test_thirty_participants_lose_no_answer_and_count_none_twice(finished_class):
    store, code, questions = finished_class
    assert store.answer_count(code) == PEOPLE * QUESTIONS
    assert store.participant_count(code) == PEOPLE
    tally = store.tally(code)
    for q in questions:
        expected = Counter(canonical_answer(stored_answer(q, plan_for(i, questions)[questions.index(q)]))
                           for i in range(PEOPLE))
        assert tally[(BANK, q.id)]["answers"] == dict(expected), q.id


def test_the_dashboard_counts_match_what_was_answered(finished_class):
    store, code, questions = finished_class
    stats = session_stats(code, store)
    assert (stats.participants, stats.answers) == (PEOPLE, PEOPLE * QUESTIONS)
    for k, q in enumerate(questions):
        st = stats.steps[k]
        right = sum(1 for i in range(PEOPLE) if (i + k) % 3 != 0)
        assert (st.question_id, st.n, st.n_correct) == (q.id, PEOPLE, right)
        assert st.share_correct == pytest.approx(right / PEOPLE)
        if q.type in ("single", "truefalse"):
            chosen = Counter(json.dumps(stored_answer(q, plan_for(i, questions)[k])) for i in range(PEOPLE))
            keys = {"true": "true", "false": "false"}
            by_bar = {keys.get(b.key, json.dumps(b.key)): b.count for b in st.bars}
            assert {k2: v for k2, v in by_bar.items() if v} == dict(chosen), q.id
    assert all(s.n == 0 for s in stats.steps[QUESTIONS:])


def test_the_rendered_dashboard_shows_the_same_totals(finished_class, tmp_path, voila):
    store, code, _ = finished_class
    store.set_meta(serve.URL_META_KEY, voila.url)
    dash = start_voila(tmp_path, DASHBOARD, pool_size=0, db=voila.db)
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = b.new_page(viewport=LAPTOP)
            page.set_default_timeout(60_000)
            page.goto(f"{dash.url}?code={code}")
            status = page.locator(".ow-status")
            status.get_by_text(f"{PEOPLE} 人加入").wait_for()
            assert f"{PEOPLE * QUESTIONS} 个答案" in status.inner_text()
            assert f"课堂码 {code}" in page.locator(".ow-code-head").inner_text()
            page.locator("img.ow-chart").wait_for()
            page.locator(".ow-reveal").click()
            page.get_by_text("正确答案：").wait_for()
            page.wait_for_timeout(500)
            page.screenshot(path="/tmp/workshop_dashboard_laptop.png")
            # the QR code on the projected dashboard scans to the page with this session's code
            page.locator("img.ow-qr").wait_for()
            shot = Image.open(io.BytesIO(page.screenshot()))
            found = zxingcpp.read_barcodes(shot, formats=zxingcpp.BarcodeFormat.QRCode, try_invert=False)
            assert [r.text for r in found] == [with_code(voila.url, code)]
            page.locator("img.ow-chart").scroll_into_view_if_needed()
            page.screenshot(path="/tmp/workshop_dashboard_laptop_chart.png")
            page.set_viewport_size(PHONE)
            page.locator(".ow-code-head").scroll_into_view_if_needed()
            page.screenshot(path="/tmp/workshop_dashboard_phone.png")
            page.locator("img.ow-chart").scroll_into_view_if_needed()
            page.screenshot(path="/tmp/workshop_dashboard_phone_chart.png")
            assert "Traceback" not in page.locator("body").inner_text()
            b.close()
    finally:
        serve.stop(dash.proc)
