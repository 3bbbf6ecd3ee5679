"""Every calculator input carries its own label, and every chart picture a text alternative that
states its key figures (screen readers; axe-core's `label`, `select-name` and `image-alt` rules)."""

import ipywidgets as w
import pytest

from overdue.widgets import CollectorFigureCheck, OverdueCalculator, PlanPlanner, RateConverter
from overdue.widgets.fields import chart_image_class
from overdue.widgets.timeline import timeline_explorer

CALCULATORS = [OverdueCalculator, RateConverter, lambda: CollectorFigureCheck(stated="7800"), PlanPlanner]


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


@pytest.mark.parametrize("make", CALCULATORS)
def test_every_input_has_a_label_and_the_chart_says_what_it_shows(make):
    calc = make()
    view = calc.view
    for name, box in view.inputs.items():
        assert box.description.strip(), f"{name} has no label"
    alt = view.image.tooltip
    assert alt.startswith(("面积图", "横条图", "折线图")) and "¥" in alt or "%" in alt
    assert isinstance(view.image, chart_image_class()) and view.image.description == ""


def test_the_chart_text_follows_the_figures():
    calc = OverdueCalculator()
    before = calc.view.image.tooltip
    calc.view.inputs["principal"].value = "20000"
    after = calc.view.image.tooltip
    assert before != after and "合计" in after


def test_the_timeline_picture_has_its_text_too():
    images = [x for x in _walk(timeline_explorer()) if isinstance(x, w.Image)]
    assert images and all("逾期天数" in i.tooltip and "合计" in i.tooltip for i in images)
