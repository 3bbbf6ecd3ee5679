"""Chart update of the calculators: update the existing artists (blit) vs re-plot the chart.

Measures, on a 600x350 px chart with 1,000-point series (the overdue-charges calculator with its
chart showing days 0..999; and the plain case of the toolchain notes: a line, a horizontal line and a
fill):

* artist update: new data into the same artists, background restored, only the moving artists drawn
  (``FastChart.render``), PNG encoded (what goes to the ipywidgets.Image); and a change of the date
  alone, which redraws only the date marker over a cached image of the data;
* artist update + whole-canvas redraw (``canvas.draw()``), same PNG encoder;
* re-plot: a new figure, everything plotted again, drawn, same PNG encoder;
* an update whose data leaves the axis limits (one full redraw with new limits), and one back to
  limits seen before (a blit over the kept background); how many full redraws a learner's walk of
  principals needs (axis ends with headroom: most edits stay inside the axes);
* the whole calculator update: typing a value -> engine -> table -> chart;
* PNG encoding alone: the numpy+zlib writer used here vs Pillow (compress_level=1).

Prints medians (ms), the ratio and the targets (update <= 15 ms median, >= 5x faster than re-plot).
Run: .venv/bin/python benchmarks/bench_chart_update.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_MS = 15.0
TARGET_RATIO = 5.0


class Timing(float):
    """A median wall-clock time in ms (the float value) with the median CPU time beside it (``cpu``):
    on a busy machine the wall time includes waiting for a core, the process CPU time does not."""

    cpu: float

    def __new__(cls, wall: float, cpu: float) -> Timing:
        obj = super().__new__(cls, wall)
        obj.cpu = cpu
        return obj

    def __str__(self) -> str:
        return f"{float(self):7.1f} ms wall ({self.cpu:5.1f} ms CPU)"


def median_ms(fn: Callable[[int], object], runs: int, warmup: int = 3) -> Timing:
    for i in range(warmup):
        fn(i)
    wall, cpu = [], []
    for i in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn(i)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return Timing(statistics.median(wall) * 1000, statistics.median(cpu) * 1000)


def calculator_chart() -> dict[str, float]:
    from overdue.widgets.overdue_calculator import OverdueCalculator, OverdueChart

    calc = OverdueCalculator(horizon_days=999)
    # results whose curves differ but stay within the axis limits (penalty multiplier 1.4 .. 1.6,
    # compound on/off, the date moving): the usual kind of change
    results = []
    for k in range(8):
        calc.set(penalty_multiplier=str(1.4 + 0.025 * k), compound=bool(k % 2),
                 on=f"2026-06-{10 + k:02d}")
        results.append(calc.result)
    assert all(len(r.curve["days"]) == 1000 for r in results)
    chart = OverdueChart(results[0])
    w, h = chart.chart.size

    def blit(i: int) -> None:
        chart.update(results[i % len(results)])

    dated = []
    for k in range(8):
        calc.set(penalty_multiplier="1.5", compound=False, on=f"2026-{6 + k % 6:02d}-{10 + k:02d}")
        dated.append(calc.result)

    def date_only(i: int) -> None:
        chart.update(dated[i % len(dated)])

    def full_draw(i: int) -> None:
        chart.update(results[i % len(results)])
        chart.chart.invalidate()
        chart.chart.render()

    def replot(i: int) -> None:
        OverdueChart(results[i % len(results)])

    # data that leaves the limits: principal 10,000 <-> 30,000; the first time at a range is a full
    # redraw (the kept backgrounds emptied before each), a return to a range seen before a blit over
    # the kept background
    big = OverdueCalculator(horizon_days=999, principal="30000").result

    def rescale(i: int) -> None:
        chart.chart._backgrounds.clear()
        chart.chart._bases.clear()
        chart.update(big if i % 2 else results[0])

    # ... to a range not seen before whose tick labels are as wide as the last ones: the kept base
    # image of everything but the y axis, and the y axis drawn over it
    mid = OverdueCalculator(horizon_days=999, principal="20000").result

    def rescale_layered(i: int) -> None:
        chart.chart._backgrounds.clear()
        chart.update(mid if i % 2 else results[0])

    def rescale_kept(i: int) -> None:
        chart.update(big if i % 2 else results[0])

    blits_before = chart.chart.blits
    out = {
        "size": f"{w}x{h}",
        "blit": median_ms(blit, 60),
        "date_only": median_ms(date_only, 60),
        "full_draw": median_ms(full_draw, 20),
        "replot": median_ms(replot, 20),
        "rescale": median_ms(rescale, 10),
        "rescale_kept": median_ms(rescale_kept, 20),
        "rescale_layered": median_ms(rescale_layered, 20),
    }
    assert chart.chart.blits > blits_before
    # the whole widget path: a value typed into the form -> compute -> table -> chart
    calc2 = OverdueCalculator(horizon_days=999)
    view = calc2.view
    values = [f"{1.4 + 0.025 * k:.3f}" for k in range(8)]

    def typed(i: int) -> None:
        view.inputs["penalty_multiplier"].value = values[i % len(values)]

    out["widget"] = median_ms(typed, 30)
    # a learner's walk of principals (the browser benchmark's: small edits, every fourth a jump to
    # another scale): how many updates needed a full redraw
    from bench_chart_browser import principals

    walk = principals(64)
    calc3 = OverdueCalculator(horizon_days=999)
    view3 = calc3.view
    fc3 = view3.chart.chart
    full0 = fc3.full_draws
    for p, _ in walk:
        view3.inputs["principal"].value = p
    out["walk"] = (len(walk), fc3.full_draws - full0, fc3.cached_backgrounds, sum(j for _, j in walk),
                   fc3.layered_draws)
    return out


def plain_chart() -> dict[str, float]:
    """The toolchain notes' case: a 1,000-point line, a horizontal line and a fill."""
    from overdue import charts
    from overdue.widgets.fastchart import FastChart

    x = np.arange(1000, dtype=float)
    rng = np.random.default_rng(0)
    ys = [np.cumsum(rng.random(1000)) * (1 + 0.01 * k) for k in range(8)]

    def build(y: np.ndarray) -> tuple[FastChart, object, object, object]:
        fc = FastChart(600, 350)
        ax = fc.figure.add_subplot()
        (line,) = ax.plot(x, y, label="欠款")
        hline = ax.axhline(float(y.mean()), color=charts.PALETTE["black"], linestyle="--", label="24%")
        fill = ax.fill_between(x, 0, y, alpha=0.3)
        ax.set_ylim(0, 700)
        ax.set_xlabel("逾期天数")
        ax.yaxis.set_major_formatter(charts.yuan_formatter)
        ax.legend(loc="upper left")
        fc.animate(line, hline, fill)
        fc.render()
        return fc, line, hline, fill

    fc, line, hline, fill = build(ys[0])

    def blit(i: int) -> None:
        y = ys[i % len(ys)]
        line.set_ydata(y)
        hline.set_ydata([y.mean()] * 2)
        fill.set_data(x, 0, y)
        fc.render()

    def replot(i: int) -> None:
        build(ys[i % len(ys)])

    return {"blit": median_ms(blit, 60), "replot": median_ms(replot, 20)}


def png_encoding() -> dict[str, float]:
    from overdue.widgets.fastchart import encode_png, encode_png_pillow
    from overdue.widgets.overdue_calculator import OverdueCalculator, OverdueChart

    chart = OverdueChart(OverdueCalculator(horizon_days=999).result)
    buf = chart.chart.canvas.buffer_rgba()
    w, h = chart.chart.size
    ours = median_ms(lambda i: encode_png(buf, w, h), 40)
    pil = median_ms(lambda i: encode_png_pillow(buf, w, h), 40)
    return {"numpy_zlib": ours, "pillow": pil, "bytes_numpy_zlib": len(encode_png(buf, w, h)),
            "bytes_pillow": len(encode_png_pillow(buf, w, h))}


def main() -> None:
    calc = calculator_chart()
    plain = plain_chart()
    png = png_encoding()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Chart update, {calc['size']} px, 1,000-point series (medians; {os.cpu_count()} cores, "
          f"load average {load:.1f} at the end)")
    print("  overdue-charges calculator (4 stacked hatched fills, 24% line, date marker):")
    print(f"    artist update + blit + PNG          {calc['blit']}")
    print(f"    date changed only (marker over cached data layer) {calc['date_only']}")
    print(f"    artist update + full redraw + PNG   {calc['full_draw']}")
    print(f"    re-plot (new figure) + PNG          {calc['replot']}")
    print(f"    ratio re-plot / blit                {calc['replot'] / calc['blit']:7.1f} x wall, "
          f"{calc['replot'].cpu / calc['blit'].cpu:.1f} x CPU")
    print(f"    update that changes axis limits     {calc['rescale']} (full redraw: the data left the axes "
          "for a range not seen before)")
    print(f"    ... new range, tick labels as wide  {calc['rescale_layered']} (kept base + y axis, then blit)")
    print(f"    ... to a range seen before          {calc['rescale_kept']} (blit over the kept background)")
    n, full, kept, jumps, layered = calc["walk"]
    print(f"    a learner's walk of {n} principals ({jumps} jumps to another scale): {full - layered} full "
          f"redraws, {layered} new ranges from a kept base, {kept} returns to a kept background, "
          f"{n - full - kept} blits in the same axes")
    print(f"    whole widget: typed value -> engine -> table -> chart  {calc['widget']}")
    print("  plain chart (1,000-point line, horizontal line, fill):")
    print(f"    artist update + blit + PNG          {plain['blit']}")
    print(f"    re-plot (new figure) + PNG          {plain['replot']}")
    print(f"    ratio re-plot / blit                {plain['replot'] / plain['blit']:7.1f} x wall")
    print("  PNG encoding of the 600x350 canvas:")
    print(f"    numpy + zlib level 1 (used)         {png['numpy_zlib']}, {png['bytes_numpy_zlib']:,} bytes")
    print(f"    Pillow compress_level=1 (RGBA)      {png['pillow']}, {png['bytes_pillow']:,} bytes")
    blit, replot = calc["blit"], calc["replot"]
    print(f"Targets (calculator chart): update <= {TARGET_MS:.0f} ms median: "
          f"{'met' if blit <= TARGET_MS else 'NOT met'} on wall time ({float(blit):.1f} ms), "
          f"{'met' if blit.cpu <= TARGET_MS else 'NOT met'} on CPU time ({blit.cpu:.1f} ms); "
          f">= {TARGET_RATIO:.0f}x faster than re-plot: {'met' if replot / blit >= TARGET_RATIO else 'NOT met'} "
          f"({replot / blit:.1f}x)")

if __name__ == "__main__":
    main()
