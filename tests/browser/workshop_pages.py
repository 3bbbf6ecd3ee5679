"""Page actions shared by the browser tests and the benchmark: join, answer a question, go on.

The answer to click is read from the same bank model the page uses, so the tests do not depend on
the wording or order of the content.
"""

from __future__ import annotations

import asyncio
import re
import time
import warnings
from typing import Any

from playwright.async_api import TimeoutError as AsyncPlaywrightTimeout
from playwright.async_api import expect as async_expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from overdue.i18n import text

FIRST_PAINT_MS = 45_000  # a page still blank after this is reloaded once
PREFILL_TIMEOUT_MS = 150_000  # generous: on a busy 2-core machine the kernel answers late
ECHO_TIMEOUT_MS = 150_000  # the kernel's answer to a tap, as late as that


class BlankPage(UserWarning):
    """A participant's page was still blank after FIRST_PAINT_MS and was reloaded: the run goes on,
    and pytest's warnings summary names it (a phone would have shown nothing for that long)."""


def _reloaded_blank(url: str) -> None:
    warnings.warn(BlankPage(f"{url}: still blank after {FIRST_PAINT_MS // 1000} s, reloaded once"), stacklevel=3)


def join(page, url: str, code: str, nickname: str, *, prefill: bool = True) -> None:
    page.goto(f"{url}?code={code}" if prefill else url)
    try:
        page.locator(".ow-code input").wait_for(timeout=FIRST_PAINT_MS)
    except PlaywrightTimeout:  # a page that stays blank is reloaded once, as a person would
        _reloaded_blank(url)
        page.reload()
        page.locator(".ow-code input").wait_for()
    if prefill:  # the code from the QR link arrives a moment after the page: wait for it
        expect(page.locator(".ow-code input")).to_have_value(code, timeout=PREFILL_TIMEOUT_MS)
    else:
        page.locator(".ow-code input").fill(code)
    page.locator(".ow-nick input").fill(nickname)
    page.locator(".ow-join").click()
    page.locator(".ow-hello").wait_for()


def planned_answer(q, correct: bool, variant: int = 0) -> Any:
    """The answer a test participant gives, in the form the store keeps."""
    t = q.type
    if t == "numeric":
        return float(q.answer) if correct else float(q.answer) + 100 + variant
    if t == "truefalse":
        return q.answer if correct else not q.answer
    ids = q.option_ids
    if t == "single":
        wrong = [i for i in ids if i != q.answer]
        return q.answer if correct else wrong[variant % len(wrong)]
    if t == "multiple":
        if correct:
            return sorted(q.answer)
        wrong = [i for i in ids if i not in q.answer]
        return sorted([wrong[variant % len(wrong)]]) if wrong else sorted(q.answer[:-1] or ids)
    return list(q.answer) if correct else list(reversed(q.answer))  # ordering


def plan_for(i: int, questions) -> list:
    """Participant i's answers to `questions`: right unless (i + k) % 3 == 0, wrong answers varied
    by i (so the dashboard's counts differ from bar to bar)."""
    return [planned_answer(q, (i + k) % 3 != 0, variant=i) for k, q in enumerate(questions)]


def give_answer(page, q, answer: Any) -> None:
    """Enter `answer` on the page (without submitting)."""
    t = q.type
    if t == "numeric":
        page.locator(".ow-number input").fill(f"{answer:g}")
        return
    options = page.locator(".ow-option")
    if t == "truefalse":
        options.nth(0 if answer else 1).click()
        return
    ids = [answer] if isinstance(answer, str) else list(answer)
    shown = [x.strip() for x in options.all_inner_texts()]  # each person sees their own order
    for oid in ids:
        options.nth(option_index(shown, q, oid)).click()
    wait_until_shown(page, t, len(ids))


def option_index(shown: list[str], q, oid: str) -> int:
    """Where option `oid` is among the buttons (their text ends with the option's text; a mark such
    as ○ or ● may come before it)."""
    label = text(q.option(oid).text).strip()
    return next(i for i, t in enumerate(shown) if t.endswith(label))


def order_written(n: int) -> re.Pattern:
    """The chosen order under an ordering question, once it lists n steps (n - 1 arrows)."""
    return re.compile(f"(?:[^→]*→){{{n - 1}}}", re.S)


def wait_until_shown(page, qtype: str, n: int) -> None:
    """Wait, as a person looks before pressing 提交, until the page shows all n taps: n options
    marked and, for an ordering question, the order written out under them. That text grows with
    each tap and moves 提交 down; a click aimed at 提交 before the last tap's update arrives lands
    where the button was, and nothing is submitted."""
    expect(page.locator(".ow-option.ow-selected")).to_have_count(n, timeout=ECHO_TIMEOUT_MS)
    if qtype == "ordering":
        expect(page.locator(".ow-order")).to_have_text(order_written(n), timeout=ECHO_TIMEOUT_MS)


async def wait_until_shown_async(page, qtype: str, n: int) -> None:
    await async_expect(page.locator(".ow-option.ow-selected")).to_have_count(n, timeout=ECHO_TIMEOUT_MS)
    if qtype == "ordering":
        await async_expect(page.locator(".ow-order")).to_have_text(order_written(n), timeout=ECHO_TIMEOUT_MS)


def submit(page) -> str:
    page.locator(".ow-submit").click()
    fb = page.locator(".ow-feedback")
    fb.wait_for()
    return fb.inner_text()


def next_question(page) -> None:
    page.locator(".ow-next").click()


# -- the same actions for Playwright's async API (many participants at once) -------------------------


async def join_async(page, url: str, code: str, nickname: str) -> None:
    await page.goto(f"{url}?code={code}")
    try:
        await page.locator(".ow-code input").wait_for(timeout=FIRST_PAINT_MS)
    except AsyncPlaywrightTimeout:  # a page that stays blank is reloaded once, as a person would
        _reloaded_blank(url)
        await page.reload()
        await page.locator(".ow-code input").wait_for()
    # the code from the QR link arrives a moment after the page: wait for it before joining
    await async_expect(page.locator(".ow-code input")).to_have_value(code, timeout=PREFILL_TIMEOUT_MS)
    await page.locator(".ow-nick input").fill(nickname)
    await page.locator(".ow-join").click()
    await page.locator(".ow-hello").wait_for()


async def give_answer_async(page, q, answer: Any) -> None:
    t = q.type
    if t == "numeric":
        await page.locator(".ow-number input").fill(f"{answer:g}")
        return
    options = page.locator(".ow-option")
    if t == "truefalse":
        await options.nth(0 if answer else 1).click()
        return
    ids = [answer] if isinstance(answer, str) else list(answer)
    shown = [x.strip() for x in await options.all_inner_texts()]  # each person sees their own order
    for oid in ids:
        await options.nth(option_index(shown, q, oid)).click()
    await wait_until_shown_async(page, t, len(ids))


async def answer_questions_async(page, questions, plan, on_submit=None) -> None:
    """Answer `questions` in order with the answers in `plan` (same order); on_submit(q) is
    called right before each click on 提交 (for timing)."""
    for k, (q, answer) in enumerate(zip(questions, plan, strict=True)):
        await page.get_by_text(f"第 {k + 1} 题").wait_for()
        await give_answer_async(page, q, answer)
        if on_submit is not None:
            on_submit(q)
        await page.locator(".ow-submit").click()
        await page.locator(".ow-feedback").wait_for()
        if k < len(questions) - 1:
            await page.locator(".ow-next").click()


async def run_participants(people: int, gap: float, start, join, answer, close, wait_all: float = 600.0):
    """The shape of a class: participant i arrives i * gap seconds in, `start(i)` gives its handle
    and `join(handle, i)` is timed; once everyone has joined (or failed to), all run
    `answer(handle, i)` at the same time; `close(handle)` always. Returns the join times, the
    answering phase's wall time and the participants' errors."""
    joined: list[float] = []
    everyone_in = asyncio.Event()
    count = {"n": 0}

    def arrived():
        count["n"] += 1
        if count["n"] == people:
            count["t0"] = time.perf_counter()
            everyone_in.set()

    async def participant(i: int):
        await asyncio.sleep(i * gap)
        handle = await start(i)
        try:
            try:
                t0 = time.perf_counter()
                await join(handle, i)
                joined.append(time.perf_counter() - t0)
            finally:
                arrived()
            await asyncio.wait_for(everyone_in.wait(), wait_all)
            await answer(handle, i)
        finally:
            await close(handle)

    results = await asyncio.gather(*(participant(i) for i in range(people)), return_exceptions=True)
    wall = time.perf_counter() - count.get("t0", time.perf_counter())
    return joined, wall, [r for r in results if isinstance(r, BaseException)]
