"""The default test tier (`make test`, `python -m overdue test`): wall time against its 120 s target.

Run: .venv/bin/python benchmarks/bench_test_tier.py [runs]      (default 1 run; each takes about 2 minutes)

For each run it prints the wall time, the processor time the whole machine spent meanwhile (from
/proc/stat on Linux: the run's own processes, its kernels, servers and browsers, and anything else
running), the load average before it, and the ratio wall / 120 s. The first run after a checkout
also writes Python's bytecode caches; "warm" means a later run. Prints figures only (no assertion
on time). Target: every warm run <= 120 s on 2 cores. Each run's pytest output, with its failures and
its 20 slowest steps, is kept in build/bench_test_tier/.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 120.0


def busy_seconds() -> float | None:
    """Processor seconds the machine has spent busy since boot (user, nice, system, irq, softirq,
    steal), or None where /proc/stat does not exist."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


OUTPUT = ROOT / "build" / "bench_test_tier"


def one_run(n: int) -> tuple[float, float | None, int]:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    busy0, t0 = busy_seconds(), time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "overdue", "test", "-q", "-rfE", "--durations=20"], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - t0
    # every run's output is kept: a failing or slow run names its tests and their durations
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / f"run{n}.txt").write_text(proc.stdout, encoding="utf-8")
    busy1 = busy_seconds()
    cpu = None if busy0 is None or busy1 is None else busy1 - busy0
    summary = [line for line in proc.stdout.splitlines() if " passed" in line or " failed" in line]
    print(f"load before {load:4.1f}  wall {wall:6.1f} s  machine CPU "
          f"{'n/a' if cpu is None else f'{cpu:6.1f} s'}  wall/target {wall / TARGET_S:4.2f}  "
          f"exit {proc.returncode}  {summary[-1].strip('= ') if summary else ''}", flush=True)
    return wall, cpu, proc.returncode


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    print(f"{os.cpu_count()} processors; target {TARGET_S:.0f} s of wall time per run")
    walls = [one_run(n)[0] for n in range(1, runs + 1)]
    print(f"each run's output (failures, the 20 slowest steps): {OUTPUT}/run*.txt")
    if runs > 1:
        print(f"median {statistics.median(walls):.1f} s, max {max(walls):.1f} s, "
              f"median/target {statistics.median(walls) / TARGET_S:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
