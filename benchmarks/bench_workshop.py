"""Workshop mode under load, in a real browser: prints measured figures (no pass/fail).

1. Page: from Voila ready (kernel pool filled) to an interactive quiz page (the code box usable),
   in a fresh browser context (cold cache, like a phone's first visit), and again with a warm cache.
   Voila runs as `make workshop` runs it: pre-heated kernels that have already run the notebook.
2. Submit-to-stored latency: from the click on 提交 to the answer's row in SQLite (its created_at),
   with N participants (default 30) joining one after another, then answering 10 questions each at
   once; p50 / p95 / max. Measured twice, on two fresh Voila servers:
   - laptop load: the participants are `widget_client.WidgetClient`s, which speak the widget
     protocol to the kernels as the page's JavaScript does. In a workshop the pages render on the
     participants' phones; the laptop runs only Voila and the kernels, and this is that load.
   - everything on this machine: the participants are N headless chromium pages on the same cores
     as Voila and its N kernels (the click time is taken in the page, at the click event).
   And the SQLite part alone (N processes writing at once).
3. Answers lost (expected minus stored) and misattributed (stored under a participant, but not
   the answer that participant gave); `--runs N` repeats the laptop-load class on N fresh servers.
4. A dead page: seconds from killing a page's kernel, or stopping the server, to the page's
   Chinese message (`dead` part).
Every figure is printed with the machine's load average (1 minute) when it was taken: the machine
may be shared.

    .venv/bin/python benchmarks/bench_workshop.py [--people 30] [--questions 10] [--pool 6]
            [--gap 0.3] [--runs 1] [--only page,laptop,browsers,store,dead]
Needs /usr/bin/chromium and playwright (test extras) for the page and browser parts.
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

from workshop_pages import answer_questions_async, join_async, plan_for, run_participants  # noqa: E402

from overdue.workshop import serve  # noqa: E402
from overdue.workshop.flow import bank, stored_answer  # noqa: E402
from overdue.workshop.store import WorkshopStore, canonical_answer  # noqa: E402
from overdue.workshop.voila_app import QUIET_REFILL_DELAY  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
PREFILL_GIVE_UP = 90.0  # seconds a WidgetClient waits for the code from the link before typing it
# In the page: the wall-clock time (ms) of every click on 提交, taken when the click event fires.
CLICK_CLOCK = """() => { window.__owSubmits = [];
  document.addEventListener('click', e => { if (e.target.closest && e.target.closest('.ow-submit'))
    window.__owSubmits.push(Date.now()); }, true); }"""
NOTEBOOK = REPO / "notebooks" / "instructor" / "live_quiz.ipynb"


def load() -> str:
    """The machine's load average over the last minute, as printed beside each figure."""
    return f"load {os.getloadavg()[0]:.1f}"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


# One phone's share of a classroom's Wi-Fi (an assumption, not a measurement): 10 Mbit/s down,
# 5 Mbit/s up, 20 ms round trip. Chromium throttles the page to it (DevTools network emulation).
WIFI_SHARE = {"offline": False, "latency": 20, "downloadThroughput": 10e6 / 8, "uploadThroughput": 5e6 / 8}
# The code box is looked for at every frame the page draws. (A Playwright locator's wait retries
# after 20, 50, 100, 100 and then every 500 ms: a box that appears just after a retry is seen up to
# 0.5 s late, which added 0.35-0.49 s to 9 of 10 page times measured that way.)
CODE_BOX_SHOWN = """() => { const box = document.querySelector('.ow-code input');
  return box !== null && box.offsetParent !== null; }"""
WIRE_BYTES = """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .reduce((s, e) => [s[0] + (e.encodedBodySize || 0), s[1] + (e.decodedBodySize || 0)], [0, 0])"""


async def open_quiz_page(ctx, url: str, network: dict | None = None) -> tuple[float, list[int]]:
    """Seconds from asking for the page to a code box that takes input; bytes [on the wire, unpacked]."""
    page = await ctx.new_page()
    if network:
        cdp = await ctx.new_cdp_session(page)
        await cdp.send("Network.enable")
        await cdp.send("Network.emulateNetworkConditions", network)
    t0 = time.perf_counter()
    await page.goto(url)
    await page.wait_for_function(CODE_BOX_SHOWN, polling="raf", timeout=60_000)
    await page.locator(".ow-code input").fill("1")  # interactive: it takes input
    seconds = time.perf_counter() - t0
    sizes = await page.evaluate(WIRE_BYTES)
    await page.close()
    return seconds, sizes


async def page_times(url: str, samples: int, pause: float) -> dict[str, list]:
    """Cold (a first visit), warm (a reload) and cold over one phone's share of a classroom Wi-Fi;
    the samples are interleaved so that the machine's slow moments fall on all three."""
    from playwright.async_api import async_playwright

    out: dict[str, list] = {"cold": [], "warm": [], "wifi": [], "bytes": [], "load": load()}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        warm_ctx = await browser.new_context(viewport=PHONE)
        await open_quiz_page(warm_ctx, url)  # fill the HTTP cache once (not timed)
        for _ in range(samples):
            for kind in ("cold", "warm", "wifi"):
                await asyncio.sleep(pause)  # let Voila refill its pool
                ctx = warm_ctx if kind == "warm" else await browser.new_context(viewport=PHONE)
                seconds, sizes = await open_quiz_page(ctx, url, WIFI_SHARE if kind == "wifi" else None)
                out[kind].append(seconds)
                if kind == "cold":
                    out["bytes"].append(sizes)
                if ctx is not warm_ctx:
                    await ctx.close()
        await browser.close()
    return out


async def run_class(url: str, code: str, questions, people: int, gap: float):
    """Participants in chromium pages open the page and join one after another (gap seconds
    apart); once all are in, they all answer at the same time (the latency is measured in that
    phase). The click time is taken in the page, when the click event fires."""
    from playwright.async_api import async_playwright

    clicks: dict[tuple[str, str], float] = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)

        async def start(i):
            ctx = await browser.new_context(viewport=PHONE)
            page = await ctx.new_page()
            page.set_default_timeout(180_000)
            return page

        async def join(page, i):
            await join_async(page, url, code, f"学员{i:02d}")

        async def answer(page, i):
            await page.evaluate(CLICK_CLOCK)
            await answer_questions_async(page, questions, plan_for(i, questions))
            stamps = await page.evaluate("window.__owSubmits")
            for q, t in zip(questions, stamps, strict=False):
                clicks[(f"学员{i:02d}", q.id)] = t / 1000.0

        async def close(page):
            await page.context.close()

        joined, wall, errors = await run_participants(people, gap, start, join, answer, close)
        await browser.close()
    return clicks, joined, wall, errors, {}


async def run_class_light(url: str, code: str, questions, people: int, gap: float):
    """The same class with WidgetClients instead of browsers (the load on the instructor's laptop).
    The click time is taken when the client sends the click."""
    from widget_client import WidgetClient
    from widget_client import give_answer as give_answer_light

    clicks: dict[tuple[str, str], float] = {}
    phases = {"page": [], "prefill": []}
    missed: list[int] = []

    async def start(i):
        return WidgetClient(url)

    async def join(c, i):
        t0 = time.perf_counter()
        await c.open(f"?code={code}")
        phases["page"].append(time.perf_counter() - t0)
        await c.wait_for("ow-code")
        while c.state("ow-code").get("value") != code:  # the QR link pre-fills the code
            if time.perf_counter() - t0 > PREFILL_GIVE_UP:  # a person would type it
                missed.append(i)
                await c.set_value("ow-code", code)
                break
            await asyncio.sleep(0.05)
        phases["prefill"].append(time.perf_counter() - t0)
        await c.set_value("ow-nick", f"学员{i:02d}")
        await c.click("ow-join")
        await c.wait_for("ow-hello")

    async def answer(c, i):
        nick = f"学员{i:02d}"
        for k, (q, given) in enumerate(zip(questions, plan_for(i, questions), strict=True)):
            await give_answer_light(c, q, given)
            await c.click("ow-submit", on_send=lambda q=q: clicks.__setitem__((nick, q.id), time.time()))
            if not c.find("ow-feedback"):
                raise RuntimeError(f"{nick}: no feedback after question {q.id}")
            if k < len(questions) - 1:
                await c.click("ow-next")

    async def close(c):
        await c.close()

    joined, wall, errors = await run_participants(people, gap, start, join, answer, close)
    phases["code not pre-filled (typed by hand)"] = missed
    return clicks, joined, wall, errors, phases


DEAD_SHOWN = "() => document.querySelector('.ow-dead') !== null"


def dead_page_times(tmp: Path, samples: int) -> tuple[list[float], float]:
    """Seconds from killing a joined page's kernel to its message (`samples` times), and from
    stopping the server to an open page's message (once)."""
    import signal

    from playwright.sync_api import sync_playwright

    db, log = tmp / "workshop-dead.sqlite3", tmp / "voila-dead.log"
    WorkshopStore(db).close()
    env = {"OVERDUE_WORKSHOP_DB": str(db), "OVERDUE_DATA_DIR": str(tmp)}
    proc, url = serve.launch(NOTEBOOK, pool_size=2, env=env, log_path=log)
    kills: list[float] = []
    try:
        serve.wait_ready(proc, url, timeout=120, log_path=log, pool_size=2)
        code = WorkshopStore(db).create_session([("bank", "lesson03")], title="bench").code
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page(viewport=PHONE)
            page.set_default_timeout(60_000)
            for k in range(samples + 1):
                page.goto(f"{url}?code={code}&nick=%E6%B5%8B{k}&rejoin=1")
                page.locator(".ow-hello").wait_for()
                if k == samples:
                    break
                kernel = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data')"
                                       ".textContent).kernelId")
                pid = next(pid for pid in serve.kernel_pids(proc)
                           if kernel.encode() in Path(f"/proc/{pid}/cmdline").read_bytes())
                t0 = time.perf_counter()
                os.kill(pid, signal.SIGKILL)
                page.wait_for_function(DEAD_SHOWN, polling=50, timeout=60_000)
                kills.append(time.perf_counter() - t0)
                time.sleep(3.0)  # let the pool refill
            t0 = time.perf_counter()
            serve.stop(proc)
            page.wait_for_function(DEAD_SHOWN, polling=50, timeout=60_000)
            stopped = time.perf_counter() - t0
            browser.close()
    finally:
        serve.stop(proc)
    return kills, stopped


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


def class_run(kind: str, a, tmp: Path) -> dict:
    """One fresh Voila server, one class of a.people participants of `kind` ("laptop": WidgetClients,
    "browsers": chromium pages); returns what was measured."""
    db = tmp / f"workshop-{kind}.sqlite3"
    log = tmp / f"voila-{kind}.log"
    WorkshopStore(db).close()
    env = {"OVERDUE_WORKSHOP_DB": str(db), "OVERDUE_DATA_DIR": str(tmp)}
    proc, url = serve.launch(NOTEBOOK, pool_size=a.pool, env=env, log_path=log)
    try:
        serve.wait_ready(proc, url, timeout=120, log_path=log, pool_size=a.pool)
        store = WorkshopStore(db)
        questions = bank("lesson03").questions[: a.questions]
        code = store.create_session([("bank", "lesson03")], title="bench").code
        time.sleep(4.0)
        run = run_class_light if kind == "laptop" else run_class
        clicks, joined, wall, errors, phases = asyncio.run(run(url, code, questions, a.people, a.gap))
        rows = store.export_rows(code)
    finally:
        serve.stop(proc)
    latency = [(r["created_at"] - clicks[(r["nickname"], r["question"])]) * 1000
               for r in rows if (r["nickname"], r["question"]) in clicks]
    given = {(f"学员{i:02d}", q.id): canonical_answer(stored_answer(q, x))
             for i in range(a.people) for q, x in zip(questions, plan_for(i, questions), strict=True)}
    wrong = sum(1 for r in rows if given.get((r["nickname"], r["question"])) != r["answer"])
    return {"joined": joined, "wall": wall, "latency": latency, "stored": len(rows), "phases": phases,
            "expected": a.people * len(questions), "errors": errors, "questions": len(questions),
            "misattributed": wrong, "participants": store.participant_count(code), "load": load()}


def report_class(title: str, r: dict, a) -> None:
    ms = r["latency"]
    print(f"\n{title}  ({r.get('load_start', '')} at the start)")
    print(f"  {a.people} participants join, arriving {a.gap} s apart: join (page + join) median "
          f"{statistics.median(r['joined'] or [0]):.2f} s, max {max(r['joined'] or [0]):.2f} s")
    labels = {"page": "page opened (HTML, kernel websocket, widget state)", "prefill": "code from the link shown"}
    for name, xs in r["phases"].items():
        if name in labels:
            print(f"    {labels[name]}: median {statistics.median(xs or [0]):.2f} s, max {max(xs or [0]):.2f} s")
        else:
            print(f"    {name}: {len(xs)} of {a.people}")
    print(f"  then all {a.people} answer {r['questions']} questions at once: {r['wall']:.1f} s")
    print(f"  submit -> stored latency: p50 {pct(ms, 0.5):.0f} ms, p95 {pct(ms, 0.95):.0f} ms, "
          f"max {max(ms or [0]):.0f} ms  (n={len(ms)}; target p95 <= 300 ms; p95/target "
          f"{pct(ms, 0.95) / 300:.2f})")
    print(f"  answers: expected {r['expected']}, stored {r['stored']}, lost {r['expected'] - r['stored']}, "
          f"misattributed {r['misattributed']}; participants stored {r['participants']} of {a.people}; "
          f"participants with errors: {len(r['errors'])}  ({r['load']} at the end)")
    if r["errors"]:
        print(f"  first error: {str(r['errors'][0])[:300]}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=30)
    ap.add_argument("--questions", type=int, default=10)
    ap.add_argument("--pool", type=int, default=6)
    ap.add_argument("--samples", type=int, default=3)
    ap.add_argument("--gap", type=float, default=0.3, help="seconds between two participants arriving")
    ap.add_argument("--runs", type=int, default=1, help="laptop-load classes, each on a fresh server")
    ap.add_argument("--only", default="page,laptop,browsers,store,dead", help="comma-separated parts to run")
    a = ap.parse_args()
    parts = set(a.only.split(","))
    if not os.path.exists(CHROMIUM):
        parts -= {"page", "browsers"}
        print(f"{CHROMIUM} not found: page and browser parts skipped")

    tmp = Path(tempfile.mkdtemp(prefix="bench-workshop-"))
    print(f"machine: {os.cpu_count()} cores; Voila pool of {a.pool} pre-heated kernels")
    if "page" in parts:
        db, log = tmp / "workshop-page.sqlite3", tmp / "voila-page.log"
        WorkshopStore(db).close()
        env = {"OVERDUE_WORKSHOP_DB": str(db), "OVERDUE_DATA_DIR": str(tmp)}
        t_launch = time.perf_counter()
        proc, url = serve.launch(NOTEBOOK, pool_size=a.pool, env=env, log_path=log)
        try:
            serve.wait_ready(proc, url, timeout=120, log_path=log, pool_size=a.pool)
            ready = time.perf_counter() - t_launch
            # after a lone page, Voila waits QUIET_REFILL_DELAY before starting the replacement
            # kernel, which then takes 2-3 s to start and run the notebook: samples wait for both
            pages = asyncio.run(page_times(url, a.samples, pause=QUIET_REFILL_DELAY + 4.0))
        finally:
            serve.stop(proc)
        cold, warm, wifi = pages["cold"], pages["warm"], pages["wifi"]
        wire, unpacked = pages["bytes"][-1]
        print(f"voila ready (pool filled): {ready:.1f} s after launch")
        print(f"page, Voila ready -> interactive quiz page, cold cache: median {statistics.median(cold):.2f} s, "
              f"max {max(cold):.2f} s  (n={len(cold)}; target <= 1.5 s; median/target "
              f"{statistics.median(cold) / 1.5:.2f}; {pages['load']} before, {load()} after)")
        print(f"page, warm cache (a reload):                     median {statistics.median(warm):.2f} s, "
              f"max {max(warm):.2f} s  (n={len(warm)})")
        print(f"page, cold, over 10 Mbit/s Wi-Fi (20 ms):        median {statistics.median(wifi):.2f} s, "
              f"max {max(wifi):.2f} s  (n={len(wifi)})")
        print(f"a first visit moves {wire / 1e6:.2f} MB on the wire for {unpacked / 1e6:.2f} MB of files "
              f"(compressed/plain {wire / unpacked:.2f})")
    if "laptop" in parts:
        totals = {"lost": 0, "misattributed": 0, "p95": []}
        for run in range(a.runs):
            start = load()
            r = class_run("laptop", a, tmp)
            r["load_start"] = start
            report_class(f"laptop load, run {run + 1} of {a.runs} (participants' pages render on their "
                         "phones; WidgetClients here):", r, a)
            totals["lost"] += r["expected"] - r["stored"]
            totals["misattributed"] += r["misattributed"]
            totals["p95"].append(pct(r["latency"], 0.95))
        if a.runs > 1:
            print(f"\n{a.runs} laptop-load runs: answers lost {totals['lost']}, misattributed "
                  f"{totals['misattributed']}; submit -> stored p95 per run "
                  + ", ".join(f"{x:.0f}" for x in totals["p95"]) + " ms")
    if "browsers" in parts:
        report_class(f"everything on this machine ({a.people} headless chromium pages beside Voila):",
                     class_run("browsers", a, tmp), a)
    if "dead" in parts:
        kill, restart = dead_page_times(tmp, a.samples)
        print(f"\ndead page, kernel killed -> the page says so: median {statistics.median(kill):.2f} s, "
              f"max {max(kill):.2f} s (n={len(kill)}; target <= 5 s)")
        print(f"dead page, server stopped -> the page says so: {restart:.2f} s  ({load()})")
    if "store" in parts:
        wms = [x * 1000 for x in store_only(tmp, a.people, a.questions)]
        print(f"\nstore only ({a.people} processes x {a.questions} answers at once, one transaction each): "
              f"p50 {pct(wms, 0.5):.1f} ms, p95 {pct(wms, 0.95):.1f} ms, max {max(wms):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
