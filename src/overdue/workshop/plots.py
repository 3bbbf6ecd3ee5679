"""Dashboard charts in the course style (`overdue.charts`), sized for a projector.

Each function takes the plain numbers of `overdue.workshop.stats` and returns a matplotlib Figure
(never pyplot's global state); `png()` turns one into bytes for an ipywidgets Image.
"""

from __future__ import annotations

import io
import re

from .. import charts
from ..i18n import ui
from .stats import Bar, SessionStats, StepStats

WIDTH = 12.0  # inches at 100 dpi: 1200 px, readable from the back of a room
LABEL_CHARS = 16


# a run of digits, Latin letters and the marks inside numbers is never split across two lines
# (a phone number such as 95384 broken in two reads as two numbers)
_UNBROKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.,:%/+\-]*|\s+|.", re.S)


def wrap(label: str, width: int = LABEL_CHARS, lines: int = 3) -> str:
    """At most `lines` lines of about `width` characters (Chinese text breaks between any two
    characters, a number or a Latin word only where it ends); the last line kept ends with …."""
    parts: list[str] = []
    line = ""
    for token in _UNBROKEN.findall(" ".join(label.split())):
        if line and len(line) + len(token.rstrip()) > width:
            parts.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
        while len(line) > width:  # one run longer than a whole line: split after all
            parts.append(line[:width])
            line = line[width:]
    parts.append(line.rstrip())
    parts = [p for p in parts if p] or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1] + "…"
    return "\n".join(parts)


def png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def _bars(ax, bars: list[Bar], revealed: bool, *, title: str = "", fontsize: int = 16,
          tags: dict | None = None, xlabel: bool = True, width: int = LABEL_CHARS, lines: int = 3) -> None:
    """Horizontal bars with counts. After the reveal a right answer is green, hatched and tagged
    in words, so it does not depend on colour alone."""
    tags = tags if tags is not None else {True: ui("workshop.dash.correct_tag")}
    labels = [wrap((tags.get(b.correct, "") if revealed else "") + b.label, width, lines) for b in bars]
    counts = [b.count for b in bars]
    colors, hatches = [], []
    for b in bars:
        if revealed and b.correct:
            colors.append(charts.PALETTE["green"])
            hatches.append("//")
        elif revealed and b.correct is False:
            colors.append(charts.PALETTE["orange"])
            hatches.append("")
        else:
            colors.append(charts.PALETTE["blue"])
            hatches.append("")
    y = list(range(len(bars)))[::-1]
    rects = ax.barh(y, counts, color=colors, edgecolor="black", linewidth=0.8)
    for r, h in zip(rects, hatches, strict=True):
        r.set_hatch(h)
    ax.set_yticks(y, labels, fontsize=fontsize)
    top = max(counts + [1])
    ax.set_xlim(0, top * 1.18 + 0.5)
    for yy, c in zip(y, counts, strict=True):
        ax.text(c + top * 0.02 + 0.05, yy, f"{c}", va="center", fontsize=fontsize + 2)
    ax.xaxis.get_major_locator().set_params(integer=True)
    if xlabel:
        ax.set_xlabel(ui("workshop.dash.count_axis"), fontsize=fontsize - 2)
    ax.grid(axis="y", visible=False)
    if title:
        ax.set_title(title, loc="left", fontsize=fontsize + 2)


# The projector page shows the chart under the code and the buttons: about 1200 x 440 px at 1366x768.
# A taller figure would be shrunk to fit, and its words with it; so the height is capped and the
# bars get thinner instead.
MAX_HEIGHT = 4.4  # inches at 100 dpi


def question_figure(st: StepStats, revealed: bool = False):
    """Answer counts of one question; after the reveal the right answer is green, hatched and ✔."""
    n = max(len(st.bars), 2)
    fig = charts.new_figure(WIDTH, min(MAX_HEIGHT, max(3.2, 0.8 * n + 1.3)))
    ax = fig.add_subplot()
    title = f"{st.label} · {ui('workshop.dash.answered', n=st.n)}"
    if revealed and st.share_correct is not None:
        title += f" · {ui('workshop.dash.share_correct', pct=f'{st.share_correct:.0%}')}"
    if not st.bars:
        ax.text(0.5, 0.5, ui("workshop.dash.no_answers"), ha="center", va="center", fontsize=22,
                transform=ax.transAxes)
        ax.set_axis_off()
        ax.set_title(title, loc="left", fontsize=18)
        return fig
    _bars(ax, st.bars, revealed, title=title, fontsize=16)
    return fig


MAX_SCENES = 2
RP_LABEL_CHARS = 30  # one line per bar; the chart's text alternative has every label in full
RP_BAR_INCHES = 0.36
RP_PANEL_INCHES = 0.62  # a panel's title and margins


def roleplay_figure(st: StepStats):
    """The endings reached, and how many took each choice in the scene(s) most people reached: one
    line per bar, so that the figure fits the projector page without being shrunk (a second scene
    is left out when it would not fit)."""
    reached = sorted((s for s in st.scenes if s.n > 0), key=lambda s: -s.n)[:MAX_SCENES]
    order = {s.scene: i for i, s in enumerate(st.scenes)}
    scenes = sorted(reached, key=lambda s: order[s.scene]) or st.scenes[:1]
    endings = [b for b in st.endings if b.count]  # the endings someone reached (none: no panel yet)
    tags = {True: ui("workshop.dash.good_tag"), False: ui("workshop.dash.bad_tag")}
    panels = [(wrap(s.line, 24, 1), s.bars, False, None) for s in scenes]
    if endings:
        panels.append((ui("workshop.dash.endings"), endings, True, tags))

    def height(ps) -> list[float]:
        return [max(len(p[1]), 2) * RP_BAR_INCHES + RP_PANEL_INCHES for p in ps]

    while len(panels) > 2 and sum(height(panels)) + 0.5 > MAX_HEIGHT + 1.0:
        panels.pop(-2)
    heights = height(panels)
    fig = charts.new_figure(WIDTH, sum(heights) + 0.5)
    fig.suptitle(f"{st.label} · {ui('workshop.dash.answered', n=st.n)}", x=0.01, ha="left", fontsize=18)
    axes = fig.subplots(len(panels), 1, gridspec_kw={"height_ratios": heights})
    axes = axes if len(panels) > 1 else [axes]
    for i, (ax, (title, bars, revealed, tg)) in enumerate(zip(axes, panels, strict=True)):
        _bars(ax, bars, revealed, title=title, fontsize=14, tags=tg, xlabel=i == len(panels) - 1,
              width=RP_LABEL_CHARS, lines=1)
    return fig


def overview_figure(stats: SessionStats):
    """Share right per question (grey when nobody answered yet)."""
    qs = [s for s in stats.steps if s.kind == "question"]
    fig = charts.new_figure(WIDTH, 3.8)
    ax = fig.add_subplot()
    if not qs:
        ax.set_axis_off()
        return fig
    x = list(range(len(qs)))
    shares = [s.share_correct or 0.0 for s in qs]
    colors = [charts.PALETTE["green"] if s.n else "#BBBBBB" for s in qs]
    ax.bar(x, shares, color=colors, edgecolor="black", linewidth=0.6)
    for xx, s in zip(x, qs, strict=True):
        label = f"{s.share_correct:.0%}" if s.n else "—"
        ax.text(xx, (s.share_correct or 0) + 0.03, label, ha="center", fontsize=13)
    ax.set_xticks(x, [s.label for s in qs], fontsize=12, rotation=0 if len(qs) <= 12 else 45)
    ax.set_ylim(0, 1.15)
    ax.yaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
    ax.set_ylabel(ui("workshop.dash.share_axis"))
    ax.set_title(ui("workshop.dash.overview_title"), loc="left")
    return fig
