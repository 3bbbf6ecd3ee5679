"""The ipywidgets view of the timeline explorer of lesson 01: days overdue -> the stage people commonly meet, and
the cost.

The state (what is typed, checked and kept) lives in `overdue.forms.timeline`, testable without a browser;
this module only shows it, and re-exports the names notebooks and tools import from here.
"""

from __future__ import annotations

import html
from typing import Any

from ..forms.timeline import Timeline as Timeline  # re-exported: notebooks and tools import it here
from ..forms.timeline import load_stages as load_stages  # re-exported: notebooks and tools import it here
from ..i18n import ui
from .fields import chart_image_class


class TimelineView:
    """Slider + text box for the day, a stage card and a chart of what is overdue by day."""

    def __init__(self, timeline: Timeline | None = None):
        import ipywidgets as w

        self.state = timeline or Timeline()
        t = self.state
        self.slider = w.IntSlider(value=t.days, min=0, max=t.max_days, step=1,
                                  description=ui("timeline.days_label"), continuous_update=False,
                                  style={"description_width": "initial"},
                                  layout=w.Layout(width="520px"))
        self.box = w.Text(value=str(t.days), description=ui("timeline.days_type"),
                          style={"description_width": "initial"}, layout=w.Layout(width="220px"))
        self.message = w.HTML()
        self.card = w.HTML()
        self.image = chart_image_class()(format="png")  # its tooltip is the chart's text alternative
        self._chart = None
        self._marker = None
        self._syncing = False
        self.slider.observe(self._on_slider, names="value")
        self.box.observe(self._on_box, names="value")
        loan_line = w.HTML(html.escape(t.loan_text()))
        self.widget = w.VBox([w.HTML(f"<b>{html.escape(ui('timeline.title'))}</b>"), loan_line,
                              self.slider, w.HBox([self.box, self.message]), self.image, self.card])
        self.widget.add_class("overdue-timeline")
        self._draw_chart()
        self.refresh()

    def _on_slider(self, change: dict) -> None:
        self.state.set_days(change["new"])
        if self.box.value != str(self.state.days):
            self._syncing = True  # the box follows the slider without a second refresh
            try:
                self.box.value = str(self.state.days)
            finally:
                self._syncing = False
        self.refresh()

    def _on_box(self, change: dict) -> None:
        if self._syncing:
            return
        problem = self.state.set_days(change["new"])
        if problem is None and self.slider.value != self.state.days:
            self.slider.value = self.state.days  # triggers refresh through _on_slider
            return
        self.refresh()

    def refresh(self) -> None:
        t = self.state
        if t.error:
            self.message.value = (f"<span class='overdue-error'>✘ {html.escape(t.error)}"
                                  f"{html.escape(ui('common.kept_last'))}</span>")
        else:
            self.message.value = ""
        self.card.value = t.card_html()
        self._move_marker()

    # -- chart --------------------------------------------------------------------------------
    def _draw_chart(self) -> None:
        from .. import charts
        from .fastchart import FastChart

        t = self.state
        self._chart = FastChart(800, 360)  # static parts drawn once; the day marker is blitted
        ax = self._chart.figure.add_subplot()
        days = t.table["days"]
        ax.plot(days, t.table["total"], color=charts.PALETTE["blue"], label=ui("timeline.chart_total"))
        extra = t.table["penalty"] + t.table["compound"]
        ax.plot(days, extra, color=charts.PALETTE["vermillion"], linestyle="--", label=ui("timeline.chart_extra"))
        dated = [s for s in t.stages if s.from_day is not None]
        for i, s in enumerate(dated):
            end = dated[i + 1].from_day if i + 1 < len(dated) else t.max_days
            ax.axvspan(s.from_day, end, alpha=0.08 if i % 2 else 0.16, color=charts.PALETTE["sky"], lw=0)
            # staggered heights so that close stages (day 1, day 3) do not overlap
            ax.text(s.from_day + 1, 0.97 - 0.08 * i, s.short, transform=ax.get_xaxis_transform(),
                    va="top", ha="left", fontsize=10)
        self._marker = ax.axvline(t.days, color=charts.PALETTE["black"], lw=1.5)
        ax.set_xlabel(ui("timeline.chart_x"))
        ax.set_ylabel(ui("timeline.chart_y"))
        ax.yaxis.set_major_formatter(charts.yuan_formatter)
        ax.set_xlim(0, t.max_days)
        ax.set_ylim(0, float(t.table["total"].max()) * 1.15 or 1)
        ax.legend(loc="center right")
        self._chart.animate(self._marker)

    def _move_marker(self) -> None:
        if self._chart is None or self._marker is None:
            return
        self._marker.set_xdata([self.state.days, self.state.days])
        self.image.value = self._chart.render()
        # the picture's text alternative: what it shows, with the figures of the chosen day
        self.image.tooltip = ui("timeline.chart_alt") + self.state.summary().replace("\n", " ")


def timeline_explorer(**kwargs: Any):
    """The lesson-01 explorer as a widget: ``timeline_explorer()`` in a notebook cell."""
    return TimelineView(Timeline(**kwargs)).widget
