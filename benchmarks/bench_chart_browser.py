"""Chart latency as the learner feels it: from pressing Enter on a new principal to the new chart painted.

JupyterLab is started as ``python -m overdue lab`` starts it (`overdue.cli.lab_command`, on
127.0.0.1 with a token, config/runtime/settings folders in a temporary directory) on a temporary
course folder whose only notebook shows, in one output, the overdue-charges calculator
(`OverdueCalculator`, its chart blitted by `FastChart`) and beside it the same chart the plain way:
``ipywidgets.interactive`` over a principal box, re-plotted with pyplot on every change (the inline
backend's PNG). Headless Debian chromium (/usr/bin/chromium, Playwright) types each principal in
both boxes, interleaved (the order turns with every principal), and measures in the page:

    keydown Enter -> MutationObserver sees the new <img> (calculator: its ``src``; re-plot: a new
    <img> in the output) -> img.decode() -> requestAnimationFrame

The principals are a fixed learner-like walk from 10,000: small edits, and every fourth a jump
to another scale (3,000 .. 200,000) that moves the data out of the axes (a full redraw unless
the chart already has a background for the new limits). Prints p50/p95 (all; small edits; jumps)
for both and the ratio, with the 1-minute load average before and after (the machine is shared:
on 2 cores a load of 4 means other work wanted twice the processors).

    .venv/bin/python benchmarks/bench_chart_browser.py [--samples 60] [--voila] [--compare-src DIR]

``--compare-src DIR`` measures, interleaved in the same JupyterLab, a second notebook whose kernel
imports the package from DIR first (an older commit's ``src``: ``git archive <commit> src | tar -x
-C /tmp/old``): before and after under the same load.

A third box (the floor) only swaps in a picture drawn beforehand: what JupyterLab and ipywidgets
cost with no work in the kernel. ``--voila`` measures the same notebook in Voila as well. Targets
(JupyterLab, calculator): p50 <= 40 ms, p95 <= 80 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
TOKEN = "bench-chart-browser"
TARGET_P50, TARGET_P95 = 40.0, 80.0
FAIL_SHOT = Path(tempfile.gettempdir()) / "bench-chart-browser-failed.png"
CALC_INPUT = ".overdue-calc .overdue-field-principal input"
CALC_IMG = "img.overdue-calc-chart"
REPLOT_INPUT = ".bench-replot-principal input"
REPLOT_OUT = ".bench-replot-out"
FLOOR_INPUT = ".bench-floor-principal input"
FLOOR_IMG = ".bench-floor-img"

CELL = '''\
%matplotlib inline
import io

import ipywidgets as w
import matplotlib.pyplot as plt
from IPython.display import display

from overdue import charts
from overdue.i18n import ui
from overdue.widgets.overdue_calculator import PARTS, OverdueCalculator, OverdueChart

calc = OverdueCalculator()


def replot(principal="10000"):
    """The plain way: compute, then a new pyplot figure of the same chart on every change."""
    r = OverdueCalculator(principal=principal).result
    if r is None:
        return
    cv, P = r.curve, charts.PALETTE
    fig, ax = plt.subplots(figsize=(6, 3.5), dpi=100, layout="constrained")
    ax.stackplot(cv["days"], *[cv[k] for k in PARTS], labels=[ui(f"calc.part.{k}") for k in PARTS],
                 colors=[P[c] for c in OverdueChart.COLORS], hatch=charts.HATCHES[:len(PARTS)],
                 edgecolor="white", linewidth=0.3, alpha=0.9)
    ax.plot(cv["days"], cv["line"], color=P["black"], linestyle="--", linewidth=1.6, label=ui("calc.chart_cap_line"))
    day = max(r.day, 0)
    ax.axvline(day, color=P["green"], linewidth=1.6, label=ui("calc.chart_marker"))
    ax.plot([day], [float(r.charges.total)], marker="o", color=P["green"], markersize=6, linestyle="none")
    ax.set_xlabel(ui("calc.chart_x"), fontsize=11)
    ax.set_ylabel(ui("calc.chart_y"), fontsize=11)
    ax.tick_params(labelsize=9)
    ax.yaxis.set_major_formatter(charts.yuan_formatter)
    ax.margins(x=0)
    fig.legend(loc="outside lower center", ncol=3, fontsize=9, frameon=False)
    plt.show()


box = w.Text("10000", continuous_update=False, description="本金")
box.add_class("bench-replot-principal")
plain = w.interactive(replot, principal=box)
plain.children[-1].add_class("bench-replot-out")


def _picture(k):
    fig, ax = plt.subplots(figsize=(6, 3.5), dpi=100)
    ax.plot(range(100), [i * k for i in range(100)])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


# the floor: a box whose change only swaps in a picture drawn beforehand (no work in the kernel)
pictures = [_picture(1), _picture(2)]
floor_box = w.Text("10000", continuous_update=False, description="本金")
floor_box.add_class("bench-floor-principal")
floor_img = w.Image(value=pictures[0], format="png")
floor_img.add_class("bench-floor-img")
turn = [0]


def _swap(change):
    turn[0] += 1
    floor_img.value = pictures[turn[0] % 2]


floor_box.observe(_swap, names="value")
display(w.VBox([calc.widget, plain, w.VBox([floor_box, floor_img])]))
'''

MEASURE_JS = """
([inputSel, targetSel, mode]) => {
  const input = document.querySelector(inputSel);
  const target = document.querySelector(targetSel);
  window.__t0 = null;
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__t0 = performance.now(); },
                         {capture: true, once: true});
  window.__done = new Promise((resolve) => {
    const timer = setTimeout(() => { obs.disconnect(); resolve(null); }, 15000);
    const obs = new MutationObserver(async (muts) => {
      let img = null;
      for (const m of muts) {
        if (mode === 'src' && m.type === 'attributes') img = m.target;
        if (mode === 'child') for (const n of m.addedNodes) {
          if (n.tagName === 'IMG') img = n;
          else if (n.querySelector && n.querySelector('img')) img = n.querySelector('img');
        }
      }
      if (!img || window.__t0 === null) return;
      obs.disconnect();
      clearTimeout(timer);
      const arrived = (window.__lastRecv || window.__t0) - window.__t0;
      // decode() fails when the src changes again before the picture is decoded (a second message
      // for the same image): then wait for the picture that is shown in the end
      for (let tries = 0; tries < 5; tries++) {
        try { await img.decode(); break; } catch (e) {}
      }
      requestAnimationFrame(() => resolve([performance.now() - window.__t0, arrived]));
    });
    if (mode === 'src') obs.observe(target, {attributes: true, attributeFilter: ['src']});
    else obs.observe(target, {childList: true, subtree: true});
  });
}
"""

# when the last kernel message before the new picture arrived (the split: server and kernel / page)
RECV_HOOK = """
const Orig = window.WebSocket;
window.WebSocket = function (...args) {
  const ws = new Orig(...args);
  ws.addEventListener('message', () => { window.__lastRecv = performance.now(); });
  return ws;
};
window.WebSocket.prototype = Orig.prototype;
Object.assign(window.WebSocket, Orig);
"""

SCALES = [3000, 5000, 8000, 15000, 25000, 40000, 60000, 100000, 200000]


def principals(n: int, seed: int = 18) -> list[tuple[str, bool]]:
    """(principal, is_jump): small edits of a learner (+-1..6 %), every fourth a jump to another scale."""
    rng = random.Random(seed)
    p, out = 10000, []
    for i in range(n):
        if i % 4 == 3:
            q = rng.choice([s for s in SCALES if s >= 1.8 * p or s <= p / 1.8])
            jump = True
        else:
            q = p
            while q == p:
                q = int(round(p * (1 + rng.uniform(-0.06, 0.06)), -1))
            jump = False
        out.append((str(q), jump))
        p = q
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"no answer from {url} within {seconds:.0f} s")


def write_course(root: Path, compare_src: Path | None = None) -> None:
    """A course folder whose notebooks/00_start_here.ipynb (what `lab_command` opens) is the bench
    notebook; with `compare_src`, notebooks/compare.ipynb is the same with that package tree first on
    the kernel's path (the calculator as it was, in the same server)."""
    def write(path: Path, source: str) -> None:
        nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "bench", "metadata": {},
                         "outputs": [], "source": source}],
              "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
              "nbformat": 4, "nbformat_minor": 5}
        path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")

    (root / "notebooks").mkdir(parents=True)
    write(root / "notebooks" / "00_start_here.ipynb", CELL)
    if compare_src is not None:
        write(root / "notebooks" / "replot.ipynb", CELL)
        write(root / "notebooks" / "compare.ipynb",
              f"import sys\nsys.path.insert(0, {str(compare_src)!r})\n" + CELL.replace("%matplotlib inline\n", ""))


def measure(pages: dict, values: list[tuple[str, bool]]) -> dict[str, list[tuple[float, bool, float]]]:
    """(ms to painted, jump, ms to the last kernel message before the picture) per box; `pages`:
    ``main`` (calculator, and re-plot unless a ``replot`` page is given) and optionally ``compare``
    (its calculator). With a comparison each box has a page and a kernel of its own, so that the
    two calculators' pages are alike."""
    kinds = [("calc", "main", CALC_INPUT, CALC_IMG, "src"),
             ("replot", "replot" if "replot" in pages else "main", REPLOT_INPUT, REPLOT_OUT, "child"),
             ("floor", "main", FLOOR_INPUT, FLOOR_IMG, "src")]
    if "compare" in pages:
        kinds.append(("compare", "compare", CALC_INPUT, CALC_IMG, "src"))
    out: dict[str, list[tuple[float, bool, float]]] = {k[0]: [] for k in kinds}
    for i, (value, jump) in enumerate(values):
        shift = i % len(kinds)
        for name, which, inp, target, mode in kinds[shift:] + kinds[:shift]:  # every order in turn
            page = pages[which]
            if len(pages) > 1:
                page.bring_to_front()
            page.fill(inp, value)
            page.evaluate(MEASURE_JS, [inp, target, mode])
            page.press(inp, "Enter")
            got = page.evaluate("window.__done")
            if got is None:
                print(f"  {name} {value}: no new image within 15 s", file=sys.stderr)
                continue
            out[name].append((got[0], jump, got[1]))
            page.wait_for_timeout(150)  # a learner's pause; lets the kernel go idle
    return out


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def report(where: str, res: dict[str, list[tuple[float, bool, float]]], loads: tuple[float, float]) -> None:
    print(f"{where}: input -> painted chart, ms (load average {loads[0]:.1f} before, {loads[1]:.1f} after, "
          f"{os.cpu_count()} cores, shared machine)")
    for name, label in (("calc", "calculator (FastChart)"), ("replot", "interact re-plot (pyplot)"),
                        ("compare", "calculator, --compare-src"), ("floor", "floor: no kernel work")):
        if name not in res:
            continue
        xs = res[name]
        allv = [m for m, _, _ in xs]
        small = [m for m, j, _ in xs if not j]
        jumps = [m for m, j, _ in xs if j]
        arrived = [a for _, _, a in xs]
        page = [m - a for m, _, a in xs]
        print(f"  {label:27s} n={len(allv):3d}  p50 {pct(allv, .5):6.1f}  p95 {pct(allv, .95):6.1f}   "
              f"small edits p50 {pct(small, .5):6.1f} p95 {pct(small, .95):6.1f}   "
              f"jumps p50 {pct(jumps, .5):6.1f} p95 {pct(jumps, .95):6.1f}")
        print(f"  {'':27s} of which Enter -> picture's message in the page p50 {pct(arrived, .5):6.1f} "
              f"p95 {pct(arrived, .95):6.1f}; message -> painted p50 {pct(page, .5):6.1f} p95 {pct(page, .95):6.1f}")
    c = [m for m, _, _ in res["calc"]]
    r = [m for m, _, _ in res["replot"]]
    if c and r:
        print(f"  ratio re-plot / calculator: p50 {pct(r, .5) / pct(c, .5):.1f}x, p95 {pct(r, .95) / pct(c, .95):.1f}x")
        ok50, ok95 = pct(c, .5) <= TARGET_P50, pct(c, .95) <= TARGET_P95
        print(f"  target calculator p50 <= {TARGET_P50:.0f} ms: {'met' if ok50 else 'NOT met'}; "
              f"p95 <= {TARGET_P95:.0f} ms: {'met' if ok95 else 'NOT met'}")


def open_lab_notebook(browser, url: str):
    """A page with the notebook at `url` run, both charts shown."""
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    page.add_init_script(RECV_HOOK)
    page.goto(url)
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
    # run the cell (Ctrl+Enter: in place); again if the kernel was not ready to take it
    for _ in range(8):
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(timeout=120_000)
        page.locator(".jp-Notebook .jp-Cell .jp-InputArea-editor").first.click()
        page.keyboard.press("Control+Enter")
        try:
            page.locator(CALC_IMG).wait_for(timeout=15_000)
            break
        except Exception:
            pass
    try:
        page.locator(CALC_IMG).wait_for(timeout=120_000)
        page.locator(f"{REPLOT_OUT} img").wait_for(timeout=120_000)
    except Exception:
        page.screenshot(path=str(FAIL_SHOT), full_page=True)
        print(f"the notebook did not show both charts: see {FAIL_SHOT}", file=sys.stderr)
        raise
    return page


def run_lab(tmp: Path, warm, values, settle_ms: float, compare: bool) -> None:
    from playwright.sync_api import sync_playwright

    from overdue.cli import lab_command

    port = free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTER_CONFIG_DIR=str(tmp / "cfg"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "user-settings"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "ws"))
    cmd = lab_command(port, open_browser=False, root=tmp / "course",
                      extra=["--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}"])
    log = open(tmp / "lab.log", "wb")
    proc = subprocess.Popen(cmd, cwd=tmp / "course", env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/api/status?token={TOKEN}")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            pages = {"main": open_lab_notebook(
                browser, f"{base}/lab/workspaces/bench-main/tree/notebooks/00_start_here.ipynb?token={TOKEN}")}
            if compare:
                pages["replot"] = open_lab_notebook(
                    browser, f"{base}/lab/workspaces/bench-replot/tree/notebooks/replot.ipynb?token={TOKEN}")
                pages["compare"] = open_lab_notebook(
                    browser, f"{base}/lab/workspaces/bench-compare/tree/notebooks/compare.ipynb?token={TOKEN}")
            pages["main"].wait_for_timeout(settle_ms)
            measure(pages, warm)  # warm-up (first draws, the browser's caches)
            before = os.getloadavg()[0]
            res = measure(pages, values)
            after = os.getloadavg()[0]
            browser.close()
        report("JupyterLab", res, (before, after))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def run_voila(tmp: Path, warm, values, settle_ms: float) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTER_CONFIG_DIR=str(tmp / "cfg"))
    cmd = [sys.executable, "-m", "voila", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
           "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext",
           str(tmp / "course" / "notebooks" / "00_start_here.ipynb")]
    log = open(tmp / "voila.log", "wb")
    proc = subprocess.Popen(cmd, cwd=tmp / "course", env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(base)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 2400})
            page.add_init_script(RECV_HOOK)
            page.goto(base, timeout=120_000)
            page.locator(CALC_IMG).wait_for(timeout=120_000)
            page.locator(f"{REPLOT_OUT} img").wait_for(timeout=120_000)
            page.wait_for_timeout(settle_ms)
            measure({"main": page}, warm)
            before = os.getloadavg()[0]
            res = measure({"main": page}, values)
            after = os.getloadavg()[0]
            browser.close()
        report("Voila", res, (before, after))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples", type=int, default=60, help="principals typed into each box")
    ap.add_argument("--voila", action="store_true", help="measure in Voila too")
    ap.add_argument("--no-lab", action="store_true", help="skip JupyterLab")
    ap.add_argument("--compare-src", type=Path, help="a package tree (the src folder of an older commit, e.g. "
                    "from git archive) whose calculator is measured beside, in the same JupyterLab")
    a = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found (apt-get install chromium): nothing measured")
        return
    values = principals(a.samples + 4)
    warm, values = values[:4], values[4:]
    jumps = sum(j for _, j in values)
    print(f"{len(values)} principals per box ({jumps} jumps to another scale), interleaved; "
          f"warm-up {len(warm)} first")
    with tempfile.TemporaryDirectory(prefix="bench-chart-") as d:
        tmp = Path(d)
        write_course(tmp / "course", a.compare_src.resolve() if a.compare_src else None)
        if not a.no_lab:
            run_lab(tmp, warm, values, 1000, a.compare_src is not None)
        if a.voila:
            run_voila(tmp, warm, values, 1000)


if __name__ == "__main__":
    main()
