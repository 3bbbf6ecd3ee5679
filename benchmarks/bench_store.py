"""The workshop store on SQLite and on PostgreSQL, in one run: prints measured figures (no pass/fail).

1. Submit-to-stored latency with protocol clients: a fresh Voila server (as `make workshop` runs
   it) per database, N participants (default 30, `benchmarks/widget_client.WidgetClient`: the widget
   messages a phone's page sends) join one after another, then all answer Q questions (default 10)
   at once; from the click on 提交 to the answer's row (its created_at): p50 / p95 / max, answers
   lost and misattributed. Target: p95 <= 300 ms.
2. The store alone: N processes writing Q answers each at once, one transaction per answer.

PostgreSQL is a server this script starts (tests/pgserver.py: Debian's binaries, initdb in a
temporary folder, 127.0.0.1) with PostgreSQL's default durability (fsync on, synchronous commit);
SQLite is a file in a temporary folder (WAL, synchronous=FULL). Both on this machine, so the
network between kernels and database is the loopback.

    .venv/bin/python benchmarks/bench_store.py [--people 30] [--questions 10] [--pool 6] [--gap 0.3]
            [--only class,store] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "tests"))

import bench_workshop as bw  # noqa: E402
import pgserver  # noqa: E402
from workshop_pages import plan_for  # noqa: E402

from overdue.workshop import serve  # noqa: E402
from overdue.workshop.flow import bank, stored_answer  # noqa: E402
from overdue.workshop.store import WorkshopStore, canonical_answer  # noqa: E402


def class_run(target: str, a, tmp: Path, name: str) -> dict:
    """One fresh Voila server on database `target`, one class of WidgetClients."""
    log = tmp / f"voila-{name}.log"
    WorkshopStore(target).close()
    env = {"OVERDUE_WORKSHOP_DB": target, "OVERDUE_DATA_DIR": str(tmp)}
    proc, url = serve.launch(bw.NOTEBOOK, pool_size=a.pool, env=env, log_path=log)
    try:
        serve.wait_ready(proc, url, timeout=120, log_path=log, pool_size=a.pool)
        store = WorkshopStore(target)
        questions = bank("lesson03").questions[: a.questions]
        code = store.create_session([("bank", "lesson03")], title="bench").code
        time.sleep(4.0)
        clicks, joined, wall, errors, _ = asyncio.run(bw.run_class_light(url, code, questions, a.people, a.gap))
        rows = store.export_rows(code)
        people = store.participant_count(code)
        store.close()
    finally:
        serve.stop(proc)
    latency = [(r["created_at"] - clicks[(r["nickname"], r["question"])]) * 1000
               for r in rows if (r["nickname"], r["question"]) in clicks]
    given = {(f"学员{i:02d}", q.id): canonical_answer(stored_answer(q, x))
             for i in range(a.people) for q, x in zip(questions, plan_for(i, questions), strict=True)}
    wrong = sum(1 for r in rows if given.get((r["nickname"], r["question"])) != r["answer"])
    return {"latency": latency, "stored": len(rows), "expected": a.people * len(questions), "wall": wall,
            "misattributed": wrong, "participants": people, "errors": errors, "load": bw.load()}


def _writer(target: str, code: str, who: int, n: int, out) -> None:
    s = WorkshopStore(target)
    p = s.join(code, f"s{who}")
    times = []
    for k in range(n):
        t0 = time.perf_counter()
        s.record_answer(p, "lesson03", f"q{k}", f"q{k}", k, True)
        times.append((time.perf_counter() - t0) * 1000)
    out.put(times)


def store_only(target: str, people: int, n: int) -> tuple[list[float], int]:
    s = WorkshopStore(target)
    code = s.create_session([("bank", "lesson03")]).code
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(target, code, i, n, out)) for i in range(people)]
    for pr in procs:
        pr.start()
    times = [t for _ in procs for t in out.get(timeout=300)]
    for pr in procs:
        pr.join()
    stored = s.answer_count(code)
    s.close()
    return times, stored


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=30)
    ap.add_argument("--questions", type=int, default=10)
    ap.add_argument("--pool", type=int, default=6)
    ap.add_argument("--gap", type=float, default=0.3, help="seconds between two participants arriving")
    ap.add_argument("--only", default="class,store")
    ap.add_argument("--backends", default="sqlite,postgresql")
    a = ap.parse_args()
    parts, backends = set(a.only.split(",")), a.backends.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="bench-store-"))
    pg = pgserver.PostgresServer(durable=True).start() if "postgresql" in backends else None
    print(f"machine: {mp.cpu_count()} cores; {a.people} participants x {a.questions} questions; "
          f"PostgreSQL {pg.bin.parent.name if pg else '-'} on 127.0.0.1 (fsync on); {bw.load()}")
    try:
        for backend in backends:
            def target(tag: str, backend=backend) -> str:
                return str(tmp / f"{tag}.sqlite3") if backend == "sqlite" else pg.new_database(tag)

            if "class" in parts:
                r = class_run(target("class"), a, tmp, backend)
                ms = r["latency"]
                print(f"\n{backend}, Voila + {a.people} protocol clients: submit -> stored p50 "
                      f"{bw.pct(ms, 0.5):.0f} ms, p95 {bw.pct(ms, 0.95):.0f} ms, max {max(ms or [0]):.0f} ms "
                      f"(n={len(ms)}; target p95 <= 300 ms); all answered in {r['wall']:.1f} s")
                print(f"  answers expected {r['expected']}, stored {r['stored']}, lost "
                      f"{r['expected'] - r['stored']}, misattributed {r['misattributed']}; participants "
                      f"{r['participants']} of {a.people}; with errors {len(r['errors'])}  ({r['load']})")
            if "store" in parts:
                ms, stored = store_only(target("store"), a.people, a.questions)
                print(f"{backend}, store alone ({a.people} processes x {a.questions} answers at once): p50 "
                      f"{bw.pct(ms, 0.5):.1f} ms, p95 {bw.pct(ms, 0.95):.1f} ms, max {max(ms):.1f} ms; "
                      f"stored {stored} of {a.people * a.questions}  ({bw.load()})")
    finally:
        if pg is not None:
            pg.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
