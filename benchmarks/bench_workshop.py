"""Workshop mode under load, in a real browser: prints measured figures (no pass/fail).

1. Page: from Voila ready (kernel pool filled) to an interactive quiz page (the code box usable),
   in a fresh browser context (cold cache, like a phone's first visit), and again with a warm cache.
   Voila runs as `make workshop` runs it: pre-heated kernels that have already run the notebook.
2. Submit-to-stored latency: from the click on 提交 to the answer's row in SQLite (its created_at),
   with N participants (default 30) answering 10 questions each at once; p50 / p95 / max. Here the
   N headless browser pages run on the same machine as Voila and its N kernels; and the SQLite part
   alone (N processes writing at once).
3. Answers lost: expected minus stored.

    .venv/bin/python benchmarks/bench_workshop.py [--people 30] [--questions 10] [--pool 6]
Needs /usr/bin/chromium and playwright (test extras).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from workshop_pages import answer_questions_async, join_async, planned_answer  # noqa: E402

from overdue.workshop import serve  # noqa: E402
from overdue.workshop.flow import bank  # noqa: E402
from overdue.workshop.store import WorkshopStore  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
NOTEBOOK = REPO / "notebooks" / "instructor" / "live_quiz.ipynb"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


async def page_times(url: str, samples: int, pause: float) -> tuple[list[float], list[float]]:
    from playwright.async_api import async_playwright

    cold, warm = [], []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        warm_ctx = await browser.new_context(viewport=PHONE)
        first = await warm_ctx.new_page()  # fill the HTTP cache once (not timed)
        await first.goto(url)
        await first.locator(".ow-code input").wait_for(timeout=60_000)
        await first.close()
        for _ in range(samples):
            for ctx_kind in ("cold", "warm"):
                await asyncio.sleep(pause)  # let Voila refill its pool
                ctx = await browser.new_context(viewport=PHONE) if ctx_kind == "cold" else warm_ctx
                page = await ctx.new_page()
                t0 = time.perf_counter()
                await page.goto(url)
                await page.locator(".ow-code input").wait_for(timeout=60_000)
                await page.locator(".ow-code input").fill("1")  # interactive: it takes input
                (cold if ctx_kind == "cold" else warm).append(time.perf_counter() - t0)
                await page.close()
                if ctx_kind == "cold":
                    await ctx.close()
        await browser.close()
    return cold, warm


async def run_class(url: str, code: str, questions, people: int, gap: float):
    """Participants open the page and join one after another (gap seconds apart); once all are in,
    they all answer at the same time (the latency is measured in that phase)."""
    from playwright.async_api import async_playwright

    clicks: dict[tuple[str, str], float] = {}
    joined: list[float] = []
    everyone_in = asyncio.Event()
    answering = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)

        def arrived():
            answering["n"] = answering.get("n", 0) + 1
            if answering["n"] == people:
                answering["t0"] = time.perf_counter()
                everyone_in.set()

        async def participant(i: int):
            await asyncio.sleep(i * gap)
            nick = f"学员{i:02d}"
            ctx = await browser.new_context(viewport=PHONE)
            page = await ctx.new_page()
            page.set_default_timeout(180_000)
            try:
                try:
                    t0 = time.perf_counter()
                    await join_async(page, url, code, nick)
                    joined.append(time.perf_counter() - t0)
                finally:
                    arrived()
                await asyncio.wait_for(everyone_in.wait(), 600)
                plan = [planned_answer(q, (i + k) % 3 != 0, variant=i) for k, q in enumerate(questions)]

                def mark(q):
                    clicks[(nick, q.id)] = time.time()

                await answer_questions_async(page, questions, plan, on_submit=mark)
            finally:
                await ctx.close()

        results = await asyncio.gather(*(participant(i) for i in range(people)), return_exceptions=True)
        answer_wall = time.perf_counter() - answering.get("t0", time.perf_counter())
        await browser.close()
    errors = [r for r in results if isinstance(r, BaseException)]
    return clicks, joined, answer_wall, errors


def _store_writer(path: str, code: str, who: int, n: int, out) -> None:
    from overdue.workshop.store import WorkshopStore

    s = WorkshopStore(path)
    p = s.join(code, f"s{who}")
    times = []
    for k in range(n):
        t0 = time.perf_counter()
        s.record_answer(p, "lesson03", f"q{k}", f"q{k}", k, True)
        times.append(time.perf_counter() - t0)
    out.put(times)


def store_only(tmp: Path, people: int, n: int) -> list[float]:
    """The SQLite part alone: `people` processes each writing n answers at once."""
    import multiprocessing as mp

    path = tmp / "store-only.sqlite3"
    code = WorkshopStore(path).create_session([("bank", "lesson03")]).code
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_store_writer, args=(str(path), code, i, n, out)) for i in range(people)]
    for pr in procs:
        pr.start()
    times = [t for _ in procs for t in out.get(timeout=120)]
    for pr in procs:
        pr.join()
    assert WorkshopStore(path).answer_count(code) == people * n
    return times


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=30)
    ap.add_argument("--questions", type=int, default=10)
    ap.add_argument("--pool", type=int, default=6)
    ap.add_argument("--samples", type=int, default=3)
    ap.add_argument("--gap", type=float, default=0.3, help="seconds between two participants arriving")
    a = ap.parse_args()
    if not os.path.exists(CHROMIUM):
        print(f"skipped: {CHROMIUM} not found")
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="bench-workshop-"))
    db = tmp / "workshop.sqlite3"
    log = tmp / "voila.log"
    WorkshopStore(db).close()
    env = {"OVERDUE_WORKSHOP_DB": str(db), "OVERDUE_DATA_DIR": str(tmp)}
    t_launch = time.perf_counter()
    proc, url = serve.launch(NOTEBOOK, pool_size=a.pool, env=env, log_path=log)
    try:
        serve.wait_ready(proc, url, timeout=120, log_path=log, pool_size=a.pool)
        ready = time.perf_counter() - t_launch
        cold, warm = asyncio.run(page_times(url, a.samples, pause=4.0))

        store = WorkshopStore(db)
        questions = bank("lesson03").questions[: a.questions]
        code = store.create_session([("bank", "lesson03")], title="bench").code
        time.sleep(4.0)
        clicks, joined, wall, errors = asyncio.run(run_class(url, code, questions, a.people, a.gap))
        writes = store_only(tmp, a.people, len(questions))
        rows = store.export_rows(code)
        latency = [r["created_at"] - clicks[(r["nickname"], r["question"])]
                   for r in rows if (r["nickname"], r["question"]) in clicks]
        expected = a.people * len(questions)
    finally:
        serve.stop(proc)

    print(f"voila ready (pool of {a.pool} kernels filled): {ready:.1f} s after launch")
    print(f"page, Voila ready -> interactive quiz page, cold cache: median {statistics.median(cold):.2f} s, "
          f"max {max(cold):.2f} s  (n={len(cold)}; target <= 1.5 s)")
    print(f"page, warm cache (a reload):                     median {statistics.median(warm):.2f} s, "
          f"max {max(warm):.2f} s  (n={len(warm)})")
    print(f"{a.people} participants join, arriving {a.gap} s apart: join (page + join) median "
          f"{statistics.median(joined or [0]):.2f} s, max {max(joined or [0]):.2f} s")
    print(f"then all {a.people} answer {len(questions)} questions at once: {wall:.1f} s")
    ms = [x * 1000 for x in latency]
    print(f"submit -> stored latency: p50 {pct(ms, 0.5):.0f} ms, p95 {pct(ms, 0.95):.0f} ms, "
          f"max {max(ms or [0]):.0f} ms  (n={len(ms)}; target p95 <= 300 ms)")
    wms = [x * 1000 for x in writes]
    print(f"store only ({a.people} processes x {len(questions)} answers at once, one transaction each): "
          f"p50 {pct(wms, 0.5):.1f} ms, p95 {pct(wms, 0.95):.1f} ms, max {max(wms):.1f} ms")
    print(f"answers: expected {expected}, stored {len(rows)}, lost {expected - len(rows)}; "
          f"participants with errors: {len(errors)}")
    if errors:
        print(f"first error: {str(errors[0])[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
