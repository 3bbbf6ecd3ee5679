"""The instructor's live dashboard: create a session, show its code and QR, watch the answers come
in (redrawn on change, checked every 2 s), reveal, move on, close, export CSV, delete.

A session created with the 课前/课后小测 tick asks the bank ``prepost`` first and again, as
``prepost_after``, last (each chosen role-play is played again at the end as ``<id>_after``). Its
学习效果 view shows the class's change on those questions, paired by participant (overdue.quiz.gain),
and the organiser's one-page report is exported beside the CSV (overdue.quiz.gain_report).

State and actions are plain methods (`create`, `open`, `next`, `reveal`, `close`, `export_csv`,
`delete`, `refresh`, `show_gain`, `learning_gain`, `export_report`) that the buttons call, so a test
can drive the dashboard without a browser.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import html
import os
from pathlib import Path
from urllib.parse import parse_qs

import ipywidgets as w

from ..exports import csv_text
from ..i18n import ui
from ..quiz import gain as gain_
from ..widgets.fields import chart_image_class
from .flow import AFTER_SUFFIX, available_items, bank, roleplay
from .participant import record_error
from .qr import qr_png, with_code
from .serve import URL_META_KEY
from .stats import SessionStats, export_table, session_stats
from .store import Item, WorkshopError, WorkshopStore

# pictures whose tooltip is their text alternative (see overdue.widgets.fields.chart_image_class)
ChartImage = chart_image_class()

REFRESH_SECONDS = 2.0

CSS = """
<style>
.ow-dash { width: 100%; font-size: 18px; }
.ow-dash .widget-html-content { font-size: 18px; line-height: 1.5; white-space: normal; }
.ow-dash .ow-code-big { font-size: 56px; font-weight: bold; letter-spacing: 4px; line-height: 1.1; }
.ow-dash .widget-button { height: auto; min-height: 40px; font-size: 17px; }
.ow-dash .ow-status { color: #333; }
.ow-dash .ow-prompt-big { font-size: 24px; line-height: 1.5; margin: 6px 0; }
.ow-dash .ow-answer { font-size: 22px; border-left: 6px solid #009E73; padding: 4px 12px; background: #f3faf7; }
.ow-dash .ow-error { color: #A33A00; font-weight: bold; }
.ow-dash img { max-width: 100%; height: auto; }
.ow-dash .widget-html-content { overflow-wrap: anywhere; }
.ow-dash .widget-checkbox, .ow-dash .widget-checkbox label, .ow-dash .widget-checkbox span {
  font-size: 18px; line-height: 1.4; height: auto; }
.ow-dash .widget-checkbox input { width: 20px; height: 20px; }
.ow-dash img.ow-chart, .ow-dash img.ow-gain-chart { max-height: calc(100vh - 24px); object-fit: contain;
  object-position: left top; }
.ow-dash .ow-gain-facts { font-size: 22px; line-height: 1.5; }
.ow-dash .ow-caveat { display: inline-block; border: 3px solid #D55E00; padding: 2px 10px; font-weight: bold;
  font-size: 24px; margin: 4px 0; }
.ow-dash .fa { display: none; } /* the page loads no icon font: an icon would be an empty box */
@media (max-width: 700px) { .ow-dash .ow-code-big { font-size: 34px; letter-spacing: 1px; } }
/* Button colours with white text at WCAG AA contrast (ipywidgets' own are too light for it) */
.ow-dash .widget-button.mod-primary { background-color: #0059A6; color: #fff; }
.ow-dash .widget-button.mod-info { background-color: #005A8C; color: #fff; }
.ow-dash .widget-button.mod-success { background-color: #00664A; color: #fff; }
.ow-dash .widget-button.mod-warning { background-color: #8A4B00; color: #fff; }
.ow-dash .widget-button.mod-danger { background-color: #B00020; color: #fff; }
.ow-dash .jupyter-widget-Collapse-header, .ow-dash .jupyter-widget-Collapse-header span { color: #111; background-color: #ececec; }
/* Served by Voila (projected): the notebook's JupyterLab instructions would push the chart below the fold */
body[data-voila] .text_cell { display: none; }
</style>
"""


def chart_alt(step) -> str:
    """The projected chart in words (its text alternative): what each bar counts."""
    bars = step.endings if step.kind == "roleplay" else step.bars
    counts = "；".join(ui("workshop.dash.alt_bar", label=b.label, n=b.count) for b in bars)
    key = "workshop.dash.roleplay_alt" if step.kind == "roleplay" else "workshop.dash.chart_alt"
    return ui(key, label=step.label, n=step.n, counts=counts)


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


class Dashboard:
    """Show ``Dashboard().widget`` in JupyterLab. Opens `code`, or the newest session."""

    def __init__(self, store: WorkshopStore | None = None, code: str | None = None, auto_refresh: bool = True):
        self.store = store or WorkshopStore()
        self.code: str | None = None
        self.stats: SessionStats | None = None
        self.focus = 0
        self._marker: tuple | None = None
        self._task: asyncio.Task | None = None
        self.message = w.HTML("").add_class("ow-dash-message")
        self._build()
        if code is None:
            q = parse_qs(os.environ.get("QUERY_STRING", ""))
            code = (q.get("code") or [None])[0]
        if code is None:
            sessions = self.store.sessions()
            code = sessions[0].code if sessions else None
        if code is not None:
            self._safe(self.open)(code)
        else:
            self._show_empty()
        if auto_refresh:
            self.start()

    # -- building the view ---------------------------------------------------------------------------
    def _button(self, label: str, cls: str, handler, style: str = "") -> w.Button:
        b = w.Button(description=label, button_style=style, layout=w.Layout(width="auto"))
        b.add_class(cls)
        b.on_click(lambda _b: self._safe(handler)())
        return b

    def _build(self) -> None:
        items = available_items()
        self.title_box = w.Text(value=ui("workshop.dash.session_title_default"), layout=w.Layout(width="420px"))
        banks = [(i, t) for i, t in items["bank"] if i not in (gain_.BANK_ID, gain_.AFTER_ID)]  # the tick adds it
        self.bank_pick = w.SelectMultiple(
            options=[(f"{t}（{i}）", i) for i, t in banks], rows=min(10, max(3, len(banks))),
            layout=w.Layout(width="420px"),
        )
        self.rp_pick = w.SelectMultiple(
            options=[(f"{t}（{i}）", i) for i, t in items["roleplay"]], rows=min(6, max(2, len(items["roleplay"]))),
            layout=w.Layout(width="420px"),
        )
        self.paced_box = w.Checkbox(value=False, description=ui("workshop.dash.paced"), indent=False)
        self.prepost_box = w.Checkbox(value=False, description=ui("workshop.dash.prepost"), indent=False)
        self.prepost_box.add_class("ow-prepost")
        create_btn = self._button(ui("workshop.dash.create"), "ow-create", self._create_from_form, "primary")
        self.session_pick = w.Dropdown(options=[], layout=w.Layout(width="420px"))
        self.session_pick.observe(self._on_pick, names="value")
        form = w.VBox([
            w.HTML(f"<b>{esc(ui('workshop.dash.session_title'))}</b>"), self.title_box,
            w.HTML(f"<b>{esc(ui('workshop.dash.banks'))}</b>"), self.bank_pick,
            w.HTML(f"<b>{esc(ui('workshop.dash.roleplays'))}</b>"), self.rp_pick,
            self.prepost_box, w.HTML(f"<div class='ow-muted'>{esc(ui('workshop.dash.prepost_note'))}</div>"),
            self.paced_box, create_btn,
            w.HTML(f"<b>{esc(ui('workshop.dash.pick'))}</b>"), self.session_pick,
        ])
        self.setup = w.Accordion(children=[form], titles=(ui("workshop.dash.new"),))
        self.setup.selected_index = None

        self.code_html = w.HTML("").add_class("ow-code-head")
        self.qr_image = ChartImage(format="png", layout=w.Layout(width="220px", height="220px")).add_class("ow-qr")
        self.status = w.HTML("").add_class("ow-status")
        self.step_label = w.HTML("").add_class("ow-step")
        self.prev_btn = self._button(ui("workshop.dash.prev"), "ow-prev", self.prev)
        self.next_btn = self._button(ui("workshop.dash.next"), "ow-next", self.next, "info")
        self.reveal_btn = self._button(ui("workshop.dash.reveal"), "ow-reveal", self.toggle_reveal, "success")
        self.gain_btn = self._button(ui("workshop.dash.gain"), "ow-gain", self.toggle_gain, "primary")
        self.gain_html = w.HTML("").add_class("ow-gain-box")
        self.gain_chart = ChartImage(format="png", layout=w.Layout(width="100%", max_width="1200px"))
        self.gain_chart.add_class("ow-gain-chart")
        self.gain_view = w.VBox([self.gain_html, self.gain_chart], layout=w.Layout(display="none"))
        self.showing_gain = False
        self.prompt = w.HTML("").add_class("ow-prompt-box")
        self.answer_html = w.HTML("").add_class("ow-answer-box")
        self.chart = ChartImage(format="png", layout=w.Layout(width="100%", max_width="1200px"))
        self.chart.add_class("ow-chart")
        self.overview = ChartImage(format="png", layout=w.Layout(width="100%", max_width="1200px"))
        self.close_btn = self._button(ui("workshop.dash.close"), "ow-close", self.toggle_open, "warning")
        self.export_btn = self._button(ui("workshop.dash.export"), "ow-export", self._export_clicked)
        self.report_btn = self._button(ui("workshop.dash.gain_export"), "ow-report", self._report_clicked)
        self.export_html = w.HTML("")
        self.confirm_box = w.Checkbox(value=False, description=ui("workshop.dash.delete_confirm"), indent=False)
        self.delete_btn = self._button(ui("workshop.dash.delete"), "ow-delete", self._delete_clicked, "danger")
        self.panel = w.VBox([
            w.HBox([self.qr_image, w.VBox([self.code_html, self.status], layout=w.Layout(flex="1 1 280px"))],
                   layout=w.Layout(align_items="center", flex_flow="row wrap")),
            w.HBox([self.prev_btn, self.step_label, self.next_btn, self.reveal_btn, self.gain_btn],
                   layout=w.Layout(align_items="center", flex_flow="row wrap")),
            self.gain_view,
            self.prompt, self.answer_html, self.chart, self.overview,
            w.HBox([self.close_btn, self.export_btn, self.report_btn], layout=w.Layout(flex_flow="row wrap")),
            self.export_html,
            w.HBox([self.confirm_box, self.delete_btn], layout=w.Layout(flex_flow="row wrap")),
        ], layout=w.Layout(display="none"))
        self.widget = w.VBox([w.HTML(CSS), self.message, self.panel, self.setup]).add_class("ow-dash")

    def _safe(self, fn):
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except WorkshopError as exc:
                self.message.value = f'<div class="ow-error">{esc(exc)}</div>'
            except Exception:  # keep the projector clean; the details go to workshop-errors.log
                record_error(self.store, "dashboard")
                self.message.value = f'<div class="ow-error">{esc(ui("workshop.dash.failed"))}</div>'
            return None

        return run

    def _show_empty(self) -> None:
        self.code = None
        self.panel.layout.display = "none"
        self.setup.selected_index = 0
        self._fill_session_pick()

    def _fill_session_pick(self) -> None:
        opts = [(f"{s.code} · {s.title} · "
                 f"{ui('workshop.dash.state_open' if s.is_open else 'workshop.dash.state_closed')}", s.code)
                for s in self.store.sessions()]
        self.session_pick.unobserve(self._on_pick, names="value")
        self.session_pick.options = opts or [(ui("workshop.dash.none"), None)]
        self.session_pick.value = self.code if self.code in [c for _, c in opts] else opts[0][1] if opts else None
        self.session_pick.observe(self._on_pick, names="value")

    def _on_pick(self, change) -> None:
        if change["new"] and change["new"] != self.code:
            self._safe(self.open)(change["new"])

    # -- actions -------------------------------------------------------------------------------------
    def create(self, banks: list[str] = (), roleplays: list[str] = (), title: str = "", paced: bool = False,
               prepost: bool = False) -> str:
        """Create a session and show it; returns its code.

        With `prepost` (the 课前/课后小测 tick) the session starts with the bank ``prepost``, plays each
        role-play again after the others (item ``<id>_after``) and ends with the same bank again
        (``prepost_after``): the 学习效果 view compares the two rounds."""
        banks = [b for b in banks if not prepost or b not in (gain_.BANK_ID, gain_.AFTER_ID)]
        items = [Item("bank", b) for b in banks] + [Item("roleplay", r) for r in roleplays]
        if prepost:
            items = ([Item("bank", gain_.BANK_ID)] + items + [Item("roleplay", r + AFTER_SUFFIX) for r in roleplays]
                     + [Item("bank", gain_.AFTER_ID)])
        for b in banks:
            bank(b)  # a bank that does not load must fail now, not on a participant's phone
        session = self.store.create_session(items, title=title, paced=paced)
        self.open(session.code)
        return session.code

    def _create_from_form(self) -> None:
        self.create(list(self.bank_pick.value), list(self.rp_pick.value), self.title_box.value,
                    self.paced_box.value, self.prepost_box.value)
        self.setup.selected_index = None

    def open(self, code: str) -> None:
        session = self.store.get_session(code)
        self.code = session.code
        self.focus = session.current
        has_gain = self.has_gain(session)
        self.showing_gain = self.showing_gain and has_gain
        for b in (self.gain_btn, self.report_btn):
            b.layout.display = None if has_gain else "none"
        self.panel.layout.display = None
        self.message.value = ""
        url = self.store.get_meta(URL_META_KEY)
        if url:
            link = with_code(url, self.code)
            self.qr_image.value = qr_png(link, box_size=8)
            self.qr_image.tooltip = ui("workshop.dash.qr_alt", link=link)
            self.qr_image.layout.display = None
            where = ui("workshop.dash.open_url", url=url)
        else:
            self.qr_image.layout.display = "none"
            where = ui("workshop.dash.no_url")
        self.code_html.value = (f'<div class="ow-code-big">{esc(ui("workshop.dash.code_big", code=self.code))}</div>'
                                f"<div>{esc(session.title)}</div><div>{esc(where)}</div>")
        self._fill_session_pick()
        self.refresh(force=True)

    def _go(self, index: int) -> None:
        if self.stats is None:
            return
        self.focus = max(0, min(index, len(self.stats.steps) - 1))
        session = self.stats.session
        if session.paced and self.focus > session.current or not session.paced:
            self.store.set_current(self.code, self.focus)
        self.refresh(force=True)

    def next(self) -> None:
        self._go(self.focus + 1)

    def prev(self) -> None:
        self._go(self.focus - 1)

    def toggle_reveal(self) -> None:
        revealed = self.focus in self.store.get_session(self.code).revealed
        self.store.reveal(self.code, self.focus, not revealed)
        self.refresh(force=True)

    def reveal(self) -> None:
        self.store.reveal(self.code, self.focus, True)
        self.refresh(force=True)

    def toggle_open(self) -> None:
        s = self.store.get_session(self.code)
        self.store.set_open(self.code, not s.is_open)
        self.refresh(force=True)

    def close(self) -> None:
        self.store.set_open(self.code, False)
        self.refresh(force=True)

    def export_csv(self, path: str | Path | None = None) -> Path:
        """Write the session's answers as CSV (UTF-8 with BOM, opens in Excel); returns the path."""
        header, rows = export_table(self.code, self.store)  # texts beside the ids, role-play endings
        if path is None:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
            path = self.store.path.parent / "exports" / f"workshop_{self.code}_{stamp}.csv"
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = csv_text(header, rows)  # every cell guarded against spreadsheet formulas
        path.write_text(data, encoding="utf-8-sig")
        self._last_csv = ("\ufeff" + data).encode("utf-8")
        self.export_html.value = (
            f"<div>{esc(ui('workshop.dash.exported', n=len(rows), path=path))}</div>"
            f'<a download="{esc(path.name)}" href="data:text/csv;charset=utf-8;base64,'
            f'{base64.b64encode(self._last_csv).decode()}">{esc(ui("workshop.dash.download"))}</a>'
        )
        return path

    def _export_clicked(self) -> None:
        self.export_csv()

    def delete(self, confirm: bool = False) -> int:
        """Delete the session's participants and answers (needs confirm=True); returns answers removed."""
        if not confirm:
            raise WorkshopError(ui("workshop.dash.delete_need_confirm"))
        code = self.code
        n = self.store.delete_session(code)
        self.confirm_box.value = False
        self.export_html.value = ""
        self.stats = None
        self._show_empty()
        self.message.value = f"<div>{esc(ui('workshop.dash.deleted', code=code, n=n))}</div>"
        return n

    def _delete_clicked(self) -> None:
        self.delete(confirm=self.confirm_box.value)

    # -- 学习效果: the before-and-after check --------------------------------------------------------
    @staticmethod
    def has_gain(session) -> bool:
        """True when the session asks the check twice (created with the 课前/课后小测 tick)."""
        ids = {it.id for it in session.items if it.kind == "bank"}
        return gain_.BANK_ID in ids and gain_.AFTER_ID in ids

    def learning_gain(self) -> gain_.ClassGain | None:
        """The class's before and after, paired by participant (None for a session without the check).

        Role-plays played twice (``<id>`` and ``<id>_after``) add their first and last plays."""
        session = self.store.get_session(self.code)
        if not self.has_gain(session):
            return None
        rows = self.store.answers(self.code)
        ids = [it.id for it in session.items if it.kind == "roleplay"]
        plays = []
        for rid in ids:
            if rid + AFTER_SUFFIX in ids:
                script = roleplay(rid)
                plays.append(gain_.compare_plays(script, gain_.plays_from_rows(script, rows, [rid, rid + AFTER_SUFFIX])))
        return gain_.compare(*gain_.answers_by_phase(rows), bank=bank(gain_.BANK_ID), roleplays=plays)

    def show_gain(self, on: bool = True) -> None:
        """Show the 学习效果 view (on) or the questions again (off)."""
        self.showing_gain = bool(on) and self.has_gain(self.store.get_session(self.code))
        self.refresh(force=True)

    def toggle_gain(self) -> None:
        self.show_gain(not self.showing_gain)

    def _draw_gain(self) -> None:
        from ..quiz import gain_report

        g = self.learning_gain()
        overall = ui("gain.report.overall", before=gain_report.percent(g.share_before),
                     after=gain_report.percent(g.share_after), change=gain_report.points(g.change)) if g.n_paired else ""
        facts = [ui("workshop.dash.gain_counts", n=g.n_paired, before=g.only_before, after=g.only_after),
                 overall or ui("gain.report.none_paired")]
        for r in g.roleplays:
            facts.append(ui("workshop.dash.gain_rp", title=r.title, n=r.paired,
                            first=gain_report.percent(r.share_first), last=gain_report.percent(r.share_last)))
        body = "".join(f"<div>{esc(f)}</div>" for f in facts)
        caveat = f'<div class="ow-caveat">{esc(g.caveat)}</div>' if g.caveat else ""
        self.gain_html.value = f'<div class="ow-gain-facts">{body}{caveat}</div>'
        self.gain_chart.value = gain_report.chart_png(g, dpi=100)
        self.gain_chart.tooltip = ui("workshop.dash.gain_alt", n=g.n_paired, overall=overall)

    def export_report(self, folder: str | Path | None = None) -> tuple[Path, Path]:
        """Write the organiser's one-page report (HTML, printable) and its chart (PNG) into `folder`
        (default: the exports folder beside the database, where the CSV goes); returns both paths.
        The report holds counts only: no nickname, no one's answers."""
        from ..quiz import gain_report

        g = self.learning_gain()
        if g is None:
            raise WorkshopError(ui("workshop.dash.gain_missing"))
        folder = Path(folder) if folder is not None else self.store.path.parent / "exports"
        title = self.store.get_session(self.code).title
        html_path, png_path = gain_report.save(g, folder, title=title)
        data = base64.b64encode(html_path.read_bytes()).decode()
        self.export_html.value = (
            f"<div>{esc(ui('workshop.dash.gain_exported', html=html_path, png=png_path))}</div>"
            f'<a download="{esc(html_path.name)}" href="data:text/html;charset=utf-8;base64,{data}">'
            f'{esc(ui("workshop.dash.gain_download"))}</a>'
        )
        return html_path, png_path

    def _report_clicked(self) -> None:
        self.export_report()

    # -- drawing -------------------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> bool:
        """Redraw if anything changed since the last drawing (or when forced); True if redrawn."""
        if self.code is None:
            return False
        marker = self.store.change_marker(self.code)
        if not force and marker == self._marker:
            return False
        self._marker = marker
        self.stats = stats = session_stats(self.code, self.store)
        self._draw(stats)
        if self.showing_gain:
            self._draw_gain()
        return True

    def _draw(self, stats: SessionStats) -> None:
        from . import plots

        s = stats.session
        self.focus = max(0, min(self.focus, len(stats.steps) - 1))
        step = stats.steps[self.focus]
        revealed = self.focus in s.revealed
        state = ui("workshop.dash.state_open" if s.is_open else "workshop.dash.state_closed")
        updated = dt.datetime.now().strftime("%H:%M:%S")
        summary = ui("workshop.dash.summary", state=state, people=stats.participants, answers=stats.answers,
                     updated=updated)
        self.status.value = (f"<div>{esc(summary)}</div>"
                             f"<div class='ow-muted'>{esc(ui('workshop.dash.refreshing'))}</div>")
        # numbered as the phones number it: questions count questions; a role-play is named
        if step.kind == "question":
            number = 1 + sum(1 for x in stats.steps[: self.focus] if x.kind == "question")
            where = ui("workshop.progress", n=number, total=sum(1 for x in stats.steps if x.kind == "question"))
        else:
            where = ui("workshop.dash.rp_step", title=step.label)
        self.step_label.value = f"&nbsp;{esc(where)}&nbsp;"
        self.prev_btn.disabled = self.focus == 0
        self.next_btn.disabled = self.focus >= len(stats.steps) - 1
        self.close_btn.description = ui("workshop.dash.close" if s.is_open else "workshop.dash.reopen")
        self.reveal_btn.description = ui("workshop.dash.hide" if revealed else "workshop.dash.reveal")
        self.reveal_btn.layout.display = "none" if step.kind == "roleplay" or self.showing_gain else None
        self.gain_btn.description = ui("workshop.dash.gain_back" if self.showing_gain else "workshop.dash.gain")
        self.gain_view.layout.display = None if self.showing_gain else "none"
        for part in (self.prev_btn, self.step_label, self.next_btn, self.prompt, self.answer_html, self.chart,
                     self.overview):
            part.layout.display = "none" if self.showing_gain else None
        if self.showing_gain:  # the questions' charts are not drawn while the 学习效果 view is shown
            return
        self.prompt.value = f'<div class="ow-prompt-big">{esc(step.label)}：{esc(step.prompt)}</div>'
        if step.kind == "question" and revealed:
            right = ui("workshop.right_answer", answer=step.right_answer)
            self.answer_html.value = f'<div class="ow-answer">{esc(right)}</div>'
        else:
            self.answer_html.value = ""
        fig = plots.question_figure(step, revealed) if step.kind == "question" else plots.roleplay_figure(step)
        self.chart.value = plots.png(fig)
        self.chart.tooltip = chart_alt(step)
        self.overview.value = plots.png(plots.overview_figure(stats))
        self.overview.tooltip = ui("workshop.dash.overview_alt")

    # -- auto refresh ----------------------------------------------------------------------------------
    def start(self) -> None:
        """Check for changes every REFRESH_SECONDS in the kernel's event loop (no thread)."""
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            return
        if self._task is not None or not loop.is_running():
            return

        async def tick():
            while True:
                await asyncio.sleep(REFRESH_SECONDS)
                self._safe(self.refresh)()

        self._task = loop.create_task(tick())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
