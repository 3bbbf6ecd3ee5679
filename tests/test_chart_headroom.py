"""Calculator charts answer at once: axis ranges with headroom, backgrounds kept per axis range, and an
image sent only when its pixels changed, without ever cutting off the data."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from overdue.widgets import CollectorFigureCheck, OverdueCalculator, PlanPlanner, RateConverter
from overdue.widgets.fastchart import HEADROOM, SHRINK_BELOW, fit_top


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def full_redraw(fc) -> np.ndarray:
    fc.invalidate()
    return pixels(fc.render())


@pytest.mark.parametrize("need", [0.5, 7, 999, 12_345.6, 10_001, 3.3e6])
def test_a_new_axis_end_leaves_headroom_and_is_round(need):
    top = fit_top(None, need)
    assert top >= max(need, 1.0) * HEADROOM
    mantissa = top / 10 ** np.floor(np.log10(top))
    assert any(mantissa == pytest.approx(m) for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10))
    # just after a refit the data sit well inside: neither a small rise nor a small fall refits
    assert fit_top(top, max(need, 1.0) * 1.2) is None
    assert fit_top(top, max(need, 1.0) * 0.8) is None


def test_the_axes_change_only_when_the_data_leave_them_or_use_little_of_them():
    assert fit_top(20_000, 19_999) is None
    assert fit_top(20_000, SHRINK_BELOW * 20_000) is None
    assert fit_top(20_000, 20_001) >= 20_001 * HEADROOM  # outside: grow, never clip
    assert fit_top(20_000, SHRINK_BELOW * 20_000 - 1) < 20_000  # too small: shrink
    assert fit_top(20_000, float("nan")) is not None  # a bad figure falls back to a valid axis


def test_a_small_change_of_the_principal_is_a_blit_a_large_one_a_full_draw():
    calc = OverdueCalculator()
    view = calc.view
    fc = view.chart.chart
    full = fc.full_draws
    for p in ("10300", "10800", "9700", "11200"):  # a learner's small edits
        view.inputs["principal"].value = p
    assert fc.full_draws == full
    assert fc.blits >= 4
    view.inputs["principal"].value = "40000"  # the data leave the axes
    assert fc.full_draws == full + 1
    top = view.chart.ax.get_ylim()[1]
    curve = calc.result.curve
    assert top >= max(curve["total"].max(), curve["line"].max())


def test_the_data_are_never_clipped_and_the_picture_equals_a_full_redraw():
    calc = OverdueCalculator()
    view = calc.view
    fc = view.chart.chart
    ax = view.chart.ax
    for p in ("10000", "50000", "10000", "2500", "200000", "10500", "50500", "3000", "300"):
        view.inputs["principal"].value = p
        curve = calc.result.curve
        ymax = max(curve["total"].max(), curve["line"].max())
        top = ax.get_ylim()[1]
        assert ymax <= top, (p, ymax, top)
        assert ymax >= SHRINK_BELOW * top, (p, ymax, top)  # and the chart is not mostly empty
    assert fc.cached_backgrounds >= 2  # back at 10,000 and 50,000: the kept backgrounds
    shown = pixels(view.image.value)
    assert np.array_equal(shown, full_redraw(fc))


def test_a_kept_background_gives_the_same_picture_as_drawing_it_again():
    calc = OverdueCalculator()
    view = calc.view
    fc = view.chart.chart
    full = fc.full_draws
    view.inputs["principal"].value = "60000"  # wider tick labels: the layout moves the axes
    assert fc.full_draws == full + 1
    for p in ("10000", "60000", "10000"):  # back and forth between two kept backgrounds
        cached = fc.cached_backgrounds
        view.inputs["principal"].value = p
        assert fc.full_draws == full + 1 and fc.cached_backgrounds == cached + 1
        fresh = OverdueCalculator(principal=p).view.image.value  # drawn in full from the start
        # the same picture; a layout computed from another starting point may differ in the last
        # floating-point digit, which moves the anti-aliasing of a dozen pixels (the axes moved by
        # the wider labels are thousands)
        differ = (pixels(view.image.value) != pixels(fresh)).any(axis=2).sum()
        assert differ < 60, (p, differ)


def test_the_background_cache_is_bounded():
    calc = OverdueCalculator()
    view = calc.view
    fc = view.chart.chart
    for p in (1000 * 2**k for k in range(14)):
        view.inputs["principal"].value = str(p)
    assert len(fc._backgrounds) == fc.MAX_BACKGROUNDS


def test_an_unchanged_picture_is_not_encoded_or_sent_again():
    calc = OverdueCalculator()
    view = calc.view
    fc = view.chart.chart
    png = view.image.value
    sent = []
    view.image.observe(lambda change: sent.append(change["name"]), names="value")
    view.inputs["method"].value = "equal_principal"  # the preset's own method: nothing changes
    view.inputs["periods"].value = "10"
    assert bytes(view.image.value) == bytes(png)
    assert not sent
    view.inputs["principal"].value = "10100"
    assert sent == ["value"]
    unchanged = fc.unchanged
    fc.render()
    assert fc.unchanged == unchanged + 1 and fc.png == bytes(view.image.value)


def test_other_calculators_keep_their_axes_for_small_changes():
    rc = RateConverter()
    fc = rc.view.chart.chart
    full = fc.full_draws
    rc.view.inputs["principal"].value = "10100"
    assert fc.full_draws == full
    cc = CollectorFigureCheck()
    fc = cc.view.chart.chart
    full = fc.full_draws
    stated = float(cc.result.stated)
    cc.view.inputs["stated"].value = f"{stated * 1.05:.2f}"
    assert fc.full_draws == full
    cc.view.inputs["stated"].value = f"{stated * 5:.2f}"
    assert fc.full_draws == full + 1
    assert cc.view.chart.ax.get_xlim()[1] >= stated * 5


def test_the_plan_legend_names_the_budget_after_it_changed():
    pp = PlanPlanner()
    pp.view.inputs["monthly_income"].value = "4700"
    legend = [t.get_text() for t in pp.view.chart.legend.get_texts()]
    amount = f"{float(pp.result.afford.capacity):,.2f}"
    assert any(amount in t for t in legend), (legend, amount)


def test_new_axes_drawn_from_a_kept_base_equal_a_plain_full_draw():
    calc = OverdueCalculator()
    view = calc.view
    fc = view.chart.chart
    first = pixels(view.image.value)  # the base and the y axis drawn over it
    view.inputs["principal"].value = "40000"  # ¥20,000 -> ¥50,000 ticks: labels as wide, same base
    assert fc.layered_draws == 1
    shown = pixels(view.image.value)
    fc.layered()  # from here on every background is one plain matplotlib draw
    assert np.array_equal(shown, full_redraw(fc))
    view.inputs["principal"].value = "10000"
    assert np.array_equal(first, pixels(view.image.value))
    assert fc.layered_draws == 1
