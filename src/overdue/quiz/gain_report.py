"""The one-page report of a before-and-after check, for the organiser: HTML (printable) and a PNG chart.

Everything comes from a `overdue.quiz.gain.ClassGain`, which holds counts only: no nickname, no key,
no one's answers. The HTML is rendered from content/templates/gain_report.html.j2 (every value
escaped, see overdue.exports.render) with the chart embedded, so the one file prints on one page;
the chart is drawn in the course style (overdue.charts: the bundled Chinese font, the Okabe-Ito
palette, sizes readable on a projector).

    from overdue.quiz.gain import compare
    from overdue.quiz import gain_report
    gain = compare(before, after)
    html_text = gain_report.render_html(gain, when=datetime.date.today())
    png = gain_report.chart_png(gain)
    gain_report.save(gain, folder)           # -> (html path, png path)
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import exports
from ..i18n import ui
from .gain import ClassGain, QuestionGain, RolePlayGain

TEMPLATE = "gain_report.html.j2"
FILE_STEM = "学习效果报告"
# Projector-sized: 1920 x 1080 pixels at CHART_DPI.
CHART_SIZE = (12.0, 6.75)
CHART_DPI = 160

CSS = "\nbody { font-family: " + exports.PAGE_FONTS + """; margin: 1.5em auto;
       max-width: 60em; color: #000; line-height: 1.5; font-size: 11pt; }
h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1em 0 .3em; }
p { margin: .25em 0; }
.facts { font-size: 12pt; }
.caveat { border: 2px solid #D55E00; padding: .3em .6em; font-weight: bold; display: inline-block; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
th, td { border: 1px solid #999; padding: .2em .4em; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
.short { font-weight: bold; }
img { width: 100%; height: auto; border: 1px solid #ccc; }
.note { color: #333; font-size: 9.5pt; }
@page { size: A4; margin: 10mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9pt; line-height: 1.35; }
  h1 { font-size: 14pt; } h2 { font-size: 10.5pt; margin: .5em 0 .2em; } .facts { font-size: 10pt; }
  table { font-size: 7.5pt; } th, td { padding: .1em .3em; }
  tr, img, .caveat { page-break-inside: avoid; break-inside: avoid; }
  img { max-height: 82mm; width: auto; max-width: 100%; border: none; }
}
"""


def percent(share: float | None) -> str:
    """0.456 -> '46%'; None -> '—'."""
    return "—" if share is None else f"{round(share * 100)}%"


def points(change: float | None) -> str:
    """+0.2 -> '+20 个百分点'; None -> '—'."""
    if change is None:
        return "—"
    n = round(change * 100)
    sign = "+" if n > 0 else ("\u2212" if n < 0 else "")
    return ui("gain.report.points", sign=sign, n=abs(n))


def _texts() -> dict[str, str]:
    keys = ["title", "questions", "col_question", "col_lesson", "col_n", "col_before", "col_after", "col_change",
            "roleplays", "col_roleplay", "col_first", "col_last", "chart", "chart_alt", "note_same", "note_private",
            "none_paired"]
    return {k: ui(f"gain.report.{k}") for k in keys}


# ------------------------------------------------------------------------------------- the chart


def _rows(gain: ClassGain) -> list[tuple[str, float | None, float | None]]:
    rows = [(f"{q.number}. {q.short}", q.share_before, q.share_after) for q in gain.questions]
    rows += [(ui("gain.chart.roleplay", n=r.paired) + "\n" + r.title, r.share_first, r.share_last)
             for r in gain.roleplays]
    return rows


def chart(gain: ClassGain) -> Any:
    """A matplotlib Figure: per question (and role-play) the share right before and after, side by side."""
    from .. import charts

    fig = charts.new_figure(*CHART_SIZE)
    ax = fig.add_subplot()
    rows = _rows(gain)
    n = len(rows)
    height = 0.38
    ys = list(range(n))
    before = [r[1] or 0 for r in rows]
    after = [r[2] or 0 for r in rows]
    colour_b, colour_a = charts.PALETTE["orange"], charts.PALETTE["blue"]
    label_b = ui("gain.chart.first") if gain.roleplays else ui("gain.chart.before")
    label_a = ui("gain.chart.last") if gain.roleplays else ui("gain.chart.after")
    bars_b = ax.barh([y - height / 2 for y in ys], [v * 100 for v in before], height, color=colour_b,
                     hatch="//", edgecolor="white", label=label_b)
    bars_a = ax.barh([y + height / 2 for y in ys], [v * 100 for v in after], height, color=colour_a,
                     label=label_a)
    for bars, values in ((bars_b, [r[1] for r in rows]), (bars_a, [r[2] for r in rows])):
        for bar, value in zip(bars, values, strict=True):
            ax.text(bar.get_width() + 1, bar.get_y() + bar.get_height() / 2, percent(value),
                    va="center", ha="left", fontsize=13)
    ax.set_yticks(ys, [r[0] for r in rows], fontsize=15)
    ax.invert_yaxis()  # question 1 at the top
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"], fontsize=13)
    ax.set_xlabel(ui("gain.chart.axis") if gain.roleplays else ui("gain.chart.axis_q"), fontsize=14)
    ax.grid(axis="y", visible=False)
    title = ui("gain.chart.title", n=gain.n_paired)
    if gain.n_paired:
        title += "\n" + ui("gain.report.overall", before=percent(gain.share_before),
                           after=percent(gain.share_after), change=points(gain.change))
    ax.set_title(title, fontsize=17, loc="left")
    if gain.caveat:  # on the chart itself, so a projected or cut-out chart keeps it
        ax.text(1.0, 1.01, gain.caveat, transform=ax.transAxes, ha="right", va="bottom", fontsize=17,
                color=charts.PALETTE["vermillion"])
    fig.legend(loc="outside lower center", ncols=2, fontsize=14, frameon=False)
    return fig


def chart_png(gain: ClassGain, dpi: int = CHART_DPI) -> bytes:
    """The chart as PNG bytes (1920 x 1080 at the default dpi)."""
    buf = io.BytesIO()
    chart(gain).savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


# -------------------------------------------------------------------------------------- the page


def _question_row(q: QuestionGain) -> dict[str, Any]:
    return {"short": q.short, "prompt": q.prompt, "lesson": ui("gain.report.lesson_n", n=int(q.lesson[:2])) if q.lesson[:2].isdigit() else q.lesson, "n": q.paired,
            "before": percent(q.share_before), "after": percent(q.share_after), "change": points(q.change)}


def _roleplay_row(r: RolePlayGain) -> dict[str, Any]:
    return {"title": r.title, "n": r.paired, "first": percent(r.share_first), "last": percent(r.share_last),
            "change": points(r.change), "note": ui("gain.report.rp_note", once=r.once), "caveat": r.caveat}


def render_html(gain: ClassGain, when: dt.date | None = None, title: str = "", png: bytes | None = None) -> str:
    """The one-page report as a self-contained HTML page (the chart embedded); every value escaped.

    `title` is the session's name as the organiser wrote it (optional); `png` the chart already drawn."""
    when = when or dt.date.today()
    png = chart_png(gain) if png is None else png
    image = Markup("data:image/png;base64," + base64.b64encode(png).decode("ascii"))
    facts = [ui("gain.report.date", date=when.isoformat()), ui("gain.report.paired", n=gain.n_paired)]
    if title.strip():
        facts.insert(0, ui("gain.report.session", title=title.strip()))
    unpaired = ui("gain.report.unpaired", before=gain.only_before, after=gain.only_after) if (
        gain.only_before or gain.only_after) else ""
    overall = ui("gain.report.overall", before=percent(gain.share_before), after=percent(gain.share_after),
                 change=points(gain.change)) if gain.n_paired else ""
    people = ui("gain.report.people", improved=gain.improved, same=gain.same, worse=gain.worse) if gain.n_paired else ""
    return exports.render(
        TEMPLATE, t=_texts(), css=CSS, facts=facts, unpaired=unpaired, overall=overall, people=people,
        caveat=gain.caveat, paired=gain.n_paired, questions=[_question_row(q) for q in gain.questions],
        roleplays=[_roleplay_row(r) for r in gain.roleplays], image=image,
    )


def save(gain: ClassGain, folder: str | Path | None = None, when: dt.date | None = None,
         title: str = "") -> tuple[Path, Path]:
    """Write the report (HTML) and its chart (PNG) into `folder` (default ./我的文件/); returns both paths."""
    folder = exports.ensure_folder(exports.folder_for(folder))
    now = dt.datetime.now()
    png = chart_png(gain)
    png_path = exports.stamped_path(folder, FILE_STEM, "png", now)
    png_path.write_bytes(png)
    html_path = exports.write_text(exports.stamped_path(folder, FILE_STEM, "html", now),
                                   render_html(gain, when=when, title=title, png=png))
    return html_path, png_path


__all__ = ["CHART_DPI", "CHART_SIZE", "chart", "chart_png", "percent", "points", "render_html", "save"]
