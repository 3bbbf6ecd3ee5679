"""The instructor's live dashboard: create a session, show its code and QR, watch the answers come
in (redrawn on change, checked every 2 s), reveal, move on, close, export CSV, delete.

A session's items are added in the order the class takes them (加入 ↓, 上移 / 下移 / 移除; quizzes and
role-plays mixed); the phones follow that order and number questions as the dashboard does. 跳到…
shows any step; in a paced session the phones go there too (`WorkshopStore.jump`). 先不公布答案 (on
by default with pacing) keeps right/wrong on the phones until 公布答案.

Shown two ways: in JupyterLab (class_dashboard.ipynb), and as the projector page at /dashboard of the
participants' own Voila server (`overdue.workshop.voila_app`, the laptop only), laid out for a
1366x768 projector: code and QR at the top, the current chart below, the rest folded. The page names
the answer file it reads and the export folder, and warns when no participants' server beats in that
answer file (`WorkshopStore.server_seen`). Deleting a session deletes its exported files too.

A session created with the 课前/课后小测 tick asks the bank ``prepost`` first and again, as
``prepost_after``, last (each chosen role-play is played again at the end as ``<id>_after``). Its
学习效果 view shows the class's change on those questions, paired by participant (overdue.quiz.gain),
and the organiser's one-page report is exported beside the CSV (overdue.quiz.gain_report).

State and actions are plain methods (`add_item`, `move_item`, `remove_item`, `create`, `open`, `next`,
`jump`, `reveal`, `close`, `export_csv`, `delete`, `refresh`, `tick_clock`, `show_gain`,
`learning_gain`, `export_report`) that the buttons call, so a test can drive the dashboard without a
browser.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import html
import os
import time
from pathlib import Path
from urllib.parse import parse_qs

import ipywidgets as w

from ..exports import csv_text
from ..i18n import text, ui
from ..quiz import gain as gain_
from ..widgets.fields import chart_image_class
from .db import redacted
from .flow import AFTER_SUFFIX, available_items, bank, roleplay
from .participant import record_error
from .qr import qr_png, with_code
from .serve import URL_META_KEY
from .stats import SessionStats, export_table, session_stats
from .store import Item, WorkshopError, WorkshopStore

# pictures whose tooltip is their text alternative (see overdue.widgets.fields.chart_image_class)
ChartImage = chart_image_class()

REFRESH_SECONDS = 2.0
# The participants' server writes its beat every few seconds (voila_app.SERVER_BEAT_SECONDS); older
# than this, the page says no server is using the answer file.
SERVER_STALE_SECONDS = 20.0

CSS = """
<style>
.ow-dash { width: 100%; font-size: 18px; }
.ow-dash .widget-html-content { font-size: 18px; line-height: 1.5; white-space: normal; }
.ow-dash .ow-sr-label > .widget-label { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.ow-dash .ow-code-big { font-size: 56px; font-weight: bold; letter-spacing: 4px; line-height: 1.1; }
.ow-dash .widget-button { height: auto; min-height: 40px; font-size: 17px; }
.ow-dash .ow-status { color: #333; }
.ow-dash .ow-prompt-big { font-size: 22px; line-height: 1.45; margin: 4px 0; }
.ow-dash .ow-answer { font-size: 22px; border-left: 6px solid #009E73; padding: 4px 12px; background: #f3faf7; }
.ow-dash .ow-error { color: #A33A00; font-weight: bold; }
.ow-dash img { max-width: 100%; height: auto; }
.ow-dash .widget-html-content { overflow-wrap: anywhere; }
.ow-dash .widget-checkbox, .ow-dash .widget-checkbox label, .ow-dash .widget-checkbox span {
  font-size: 18px; line-height: 1.4; height: auto; }
.ow-dash .widget-checkbox input { width: 20px; height: 20px; }
.ow-dash .widget-checkbox { width: auto; max-width: 100%; }
.ow-dash .widget-checkbox label, .ow-dash .widget-checkbox span { white-space: normal; overflow: visible;
  text-overflow: clip; }
/* the chart fits the screen below the code, the QR code and the buttons (1366x768 projected) */
.ow-dash img.ow-chart { max-height: max(280px, calc(100vh - 360px)); width: auto; object-fit: contain;
  object-position: left top; }
.ow-dash img.ow-gain-chart, .ow-dash img.ow-overview { max-height: calc(100vh - 24px); object-fit: contain;
  object-position: left top; }
.ow-dash .ow-where { font-size: 18px; }
.ow-dash .ow-small, .ow-dash .ow-small .widget-html-content { color: #444; font-size: 14px; line-height: 1.3; }
.ow-dash .ow-muted, .ow-dash .ow-muted .widget-html-content { color: #444; font-size: 16px; }
.ow-dash .ow-server-missing { border: 3px solid #D55E00; background: #fff4ec; color: #111; padding: 4px 10px;
  font-weight: bold; margin: 4px 0; }
.ow-dash .ow-controls .widget-dropdown select { font-size: 17px; height: 40px; }
.ow-dash .ow-controls .widget-dropdown label { font-size: 17px; }
.ow-dash .ow-step { font-size: 20px; font-weight: bold; }
.ow-dash .widget-select select { font-size: 17px; }
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
/* ... and the page is the whole screen wide (Voila's output area would shrink it to the chart) */
body[data-voila] .ow-dash { width: calc(100vw - 40px); }
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
    """Show ``Dashboard().widget`` in JupyterLab, or open the projector page (`serve.dashboard_url`).
    Opens `code`, or the newest session."""

    def __init__(self, store: WorkshopStore | None = None, code: str | None = None, auto_refresh: bool = True):
        self.store = store or WorkshopStore()
        self.code: str | None = None
        self.stats: SessionStats | None = None
        self.focus = 0
        self.agenda: list[Item] = []  # the new session's items, in the order the class takes them
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
        self.tick_clock()
        if auto_refresh:
            self.start()

    # -- building the view ---------------------------------------------------------------------------
    def _button(self, label: str, cls: str, handler, style: str = "") -> w.Button:
        b = w.Button(description=label, button_style=style, layout=w.Layout(width="auto"))
        b.add_class(cls)
        b.on_click(lambda _b: self._safe(handler)())
        return b

    def _build(self) -> None:
        self._build_setup()
        self.code_html = w.HTML("").add_class("ow-code-head")
        self.qr_image = ChartImage(format="png", layout=w.Layout(width="160px", height="160px")).add_class("ow-qr")
        self.status = w.HTML("").add_class("ow-status")
        self.clock = w.HTML("").add_class("ow-clock")
        self.server_html = w.HTML("").add_class("ow-server")
        self.files_html = w.HTML("").add_class("ow-files")
        self.files_line = w.HTML("").add_class("ow-files-line")  # the same, on one small line at the top
        self.step_label = w.HTML("").add_class("ow-step")
        self.prev_btn = self._button(ui("workshop.dash.prev"), "ow-prev", self.prev)
        self.next_btn = self._button(ui("workshop.dash.next"), "ow-next", self.next, "info")
        self.jump_pick = w.Dropdown(options=[], description=ui("workshop.dash.jump"),
                                    layout=w.Layout(width="auto", max_width="460px"),
                                    style={"description_width": "initial"})
        self.jump_pick.add_class("ow-jump")
        self.jump_pick.observe(self._on_jump, names="value")
        self.reveal_btn = self._button(ui("workshop.dash.reveal"), "ow-reveal", self.toggle_reveal, "success")
        self.gain_btn = self._button(ui("workshop.dash.gain"), "ow-gain", self.toggle_gain, "primary")
        self.gain_html = w.HTML("").add_class("ow-gain-box")
        self.gain_chart = ChartImage(format="png", layout=w.Layout(width="100%", max_width="1200px"))
        self.gain_chart.add_class("ow-gain-chart")
        self.report_btn = self._button(ui("workshop.dash.gain_export"), "ow-report", self._report_clicked)
        self.report_html = w.HTML("").add_class("ow-report-box")  # where the report went, beside its button
        self.gain_view = w.VBox([self.gain_html, self.gain_chart, self.report_btn, self.report_html],
                                layout=w.Layout(display="none"))
        self.showing_gain = False
        self.prompt = w.HTML("").add_class("ow-prompt-box")
        self.answer_html = w.HTML("").add_class("ow-answer-box")
        self.chart = ChartImage(format="png", layout=w.Layout(width="100%", max_width="1200px"))
        self.chart.add_class("ow-chart")
        self.overview = ChartImage(format="png", layout=w.Layout(width="100%", max_width="1200px"))
        self.overview.add_class("ow-overview")
        self.close_btn = self._button(ui("workshop.dash.close"), "ow-close", self.toggle_open, "warning")
        self.export_btn = self._button(ui("workshop.dash.export"), "ow-export", self._export_clicked)
        self.export_html = w.HTML("").add_class("ow-export-box")
        self.confirm_box = w.Checkbox(value=False, description=ui("workshop.dash.delete_confirm"), indent=False)
        self.delete_btn = self._button(ui("workshop.dash.delete"), "ow-delete", self._delete_clicked, "danger")
        after = w.VBox([
            w.HBox([self.close_btn, self.export_btn], layout=w.Layout(flex_flow="row wrap")),
            self.export_html,
            w.HTML(f"<div class='ow-muted'>{esc(ui('workshop.dash.delete_note'))}</div>"),
            w.HBox([self.confirm_box, self.delete_btn], layout=w.Layout(flex_flow="row wrap", align_items="center")),
        ])
        # folded: what the room need not see (after class, the overview, the files)
        self.more = w.Accordion(children=[after, self.overview, self.files_html],
                                titles=(ui("workshop.dash.after"), ui("workshop.dash.overview_fold"),
                                        ui("workshop.dash.files_fold")))
        self.more.selected_index = None
        self.more.observe(self._on_fold, names="selected_index")
        head = w.HBox([
            self.qr_image,
            w.VBox([self.code_html, self.files_line,
                    w.HBox([self.status, self.clock], layout=w.Layout(flex_flow="row wrap", align_items="baseline")),
                    self.server_html],
                   layout=w.Layout(flex="1 1 300px", min_width="0")),
        ], layout=w.Layout(align_items="center", flex_flow="row wrap"))
        controls = w.HBox([self.prev_btn, self.step_label, self.next_btn, self.jump_pick, self.reveal_btn,
                           self.gain_btn], layout=w.Layout(align_items="center", flex_flow="row wrap"))
        controls.add_class("ow-controls")
        self.panel = w.VBox([head, controls, self.gain_view, self.prompt, self.answer_html, self.chart, self.more],
                            layout=w.Layout(display="none", width="100%"))
        self.widget = w.VBox([w.HTML(CSS), self.message, self.panel, self.setup]).add_class("ow-dash")

    def _build_setup(self) -> None:
        """新建课堂: the items in the order the class takes them, pacing, 先不公布答案, 课前/课后小测."""
        items = available_items()
        self.title_box = w.Text(value=ui("workshop.dash.session_title_default"), layout=w.Layout(width="420px"))
        choices = [(ui("workshop.dash.kind_bank", title=t), ("bank", i)) for i, t in items["bank"]
                   if i not in (gain_.BANK_ID, gain_.AFTER_ID)]  # the 课前/课后小测 tick adds those
        choices += [(ui("workshop.dash.kind_roleplay", title=t), ("roleplay", i)) for i, t in items["roleplay"]]
        # each list is named by a description (its label, read by screen readers) that the visible
        # heading above it already shows, so the label itself is hidden on screen (.ow-sr-label)
        self.item_pick = w.Select(options=choices, rows=min(10, max(3, len(choices))),
                                  description=ui("workshop.dash.items"),
                                  layout=w.Layout(width="100%", max_width="760px"))
        self.item_pick.add_class("ow-item-pick")
        add_btn = self._button(ui("workshop.dash.add"), "ow-add", self._add_clicked, "primary")
        self.agenda_list = w.Select(options=[], rows=8, description=ui("workshop.dash.agenda"),
                                    layout=w.Layout(width="100%", max_width="760px"))
        self.agenda_list.add_class("ow-agenda")
        self.agenda_note = w.HTML("")
        up = self._button(ui("workshop.dash.up"), "ow-up", lambda: self._move_clicked(-1))
        down = self._button(ui("workshop.dash.down"), "ow-down", lambda: self._move_clicked(1))
        remove = self._button(ui("workshop.dash.remove"), "ow-remove", self._remove_clicked)
        self.paced_box = w.Checkbox(value=False, description=ui("workshop.dash.paced"), indent=False)
        self.paced_box.add_class("ow-paced")
        self.hold_box = w.Checkbox(value=False, description=ui("workshop.dash.hold"), indent=False)
        self.hold_box.add_class("ow-hold")
        # 先不公布答案 follows pacing when pacing is switched, and can then be set on its own
        self.paced_box.observe(lambda ch: setattr(self.hold_box, "value", bool(ch["new"])), names="value")
        self.prepost_box = w.Checkbox(value=False, description=ui("workshop.dash.prepost"), indent=False)
        self.prepost_box.add_class("ow-prepost")
        create_btn = self._button(ui("workshop.dash.create"), "ow-create", self._create_from_form, "primary")
        self.form_message = w.HTML("").add_class("ow-form-message")  # beside the button, not at the page's top
        self.session_pick = w.Dropdown(options=[], description=ui("workshop.dash.pick"),
                                       layout=w.Layout(width="460px"))
        for labelled in (self.item_pick, self.agenda_list, self.session_pick):
            labelled.add_class("ow-sr-label")
        self.session_pick.observe(self._on_pick, names="value")
        form = w.VBox([
            w.HTML(f"<b>{esc(ui('workshop.dash.session_title'))}</b>"), self.title_box,
            w.HTML(f"<b>{esc(ui('workshop.dash.items'))}</b>"
                   f"<div class='ow-muted'>{esc(ui('workshop.dash.items_note'))}</div>"),
            self.item_pick, w.HBox([add_btn]),
            w.HTML(f"<b>{esc(ui('workshop.dash.agenda'))}</b>"), self.agenda_list,
            w.HBox([up, down, remove], layout=w.Layout(flex_flow="row wrap")), self.agenda_note,
            self.prepost_box, w.HTML(f"<div class='ow-muted'>{esc(ui('workshop.dash.prepost_note'))}</div>"),
            self.paced_box, self.hold_box, w.HTML(f"<div class='ow-muted'>{esc(ui('workshop.dash.hold_note'))}</div>"),
            self.form_message, w.HBox([create_btn]),
            w.HTML(f"<b>{esc(ui('workshop.dash.pick'))}</b>"), self.session_pick,
        ])
        self.setup = w.Accordion(children=[form], titles=(ui("workshop.dash.new"),))
        self.setup.selected_index = None
        self._paint_agenda()

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

    # -- the new session's order ---------------------------------------------------------------------
    def add_item(self, kind: str, item_id: str) -> None:
        """Put an item at the end of the new session's order (an item already there is not doubled)."""
        item = Item(kind, item_id)
        if item not in self.agenda:
            self.agenda.append(item)
        self._paint_agenda(self.agenda.index(item))

    def move_item(self, index: int, delta: int) -> None:
        """上移 (delta -1) / 下移 (+1) the item at `index` of the new session's order."""
        to = index + delta
        if 0 <= index < len(self.agenda) and 0 <= to < len(self.agenda):
            self.agenda[index], self.agenda[to] = self.agenda[to], self.agenda[index]
            index = to
        self._paint_agenda(index)

    def remove_item(self, index: int) -> None:
        if 0 <= index < len(self.agenda):
            del self.agenda[index]
        self._paint_agenda(min(index, len(self.agenda) - 1))

    def _add_clicked(self) -> None:
        if self.item_pick.value is None:
            raise WorkshopError(ui("workshop.dash.pick_item_first"))
        self.add_item(*self.item_pick.value)

    def _move_clicked(self, delta: int) -> None:
        if self.agenda_list.value is not None:
            self.move_item(self.agenda_list.value, delta)

    def _remove_clicked(self) -> None:
        if self.agenda_list.value is not None:
            self.remove_item(self.agenda_list.value)

    def _paint_agenda(self, selected: int | None = None) -> None:
        titles = dict(self.item_pick.options)  # label by (kind, id)
        labels = {v: k for k, v in titles.items()}
        self.agenda_list.options = [(f"{n}. {labels.get((it.kind, it.id), it.id)}", n - 1)
                                    for n, it in enumerate(self.agenda, 1)]
        self.agenda_list.value = selected if selected is not None and 0 <= selected < len(self.agenda) else None
        self.agenda_note.value = ("" if self.agenda else
                                  f"<div class='ow-muted'>{esc(ui('workshop.dash.agenda_empty'))}</div>")

    # -- actions -------------------------------------------------------------------------------------
    def create(self, banks: list[str] = (), roleplays: list[str] = (), title: str = "", paced: bool = False,
               prepost: bool = False, *, items: list[Item] | None = None, hold: bool | None = None) -> str:
        """Create a session and show it; returns its code.

        `items`: the quizzes and role-plays in the order the class takes them (the form's order);
        without it, `banks` then `roleplays`. `hold` (先不公布答案): phones keep right/wrong until
        公布答案; by default as `paced`.

        With `prepost` (the 课前/课后小测 tick) the session starts with the bank ``prepost``, plays each
        role-play again after the others (item ``<id>_after``) and ends with the same bank again
        (``prepost_after``): the 学习效果 view compares the two rounds."""
        if items is None:
            items = [Item("bank", b) for b in banks] + [Item("roleplay", r) for r in roleplays]
        items = [it if isinstance(it, Item) else Item(*it) for it in items]
        if prepost:
            items = [it for it in items if not (it.kind == "bank" and it.id in (gain_.BANK_ID, gain_.AFTER_ID))]
            played = [Item("roleplay", it.id + AFTER_SUFFIX) for it in items if it.kind == "roleplay"]
            items = [Item("bank", gain_.BANK_ID), *items, *played, Item("bank", gain_.AFTER_ID)]
        for it in items:
            if it.kind == "bank":
                bank(it.id)  # a bank that does not load must fail now, not on a participant's phone
        session = self.store.create_session(items, title=title, paced=paced, hold=hold)
        self.open(session.code)
        return session.code

    def _create_from_form(self) -> None:
        self.form_message.value = ""
        try:
            if not self.agenda and not self.prepost_box.value:
                key = "workshop.dash.add_first" if self.item_pick.value is not None else "workshop.err.no_items"
                raise WorkshopError(ui(key))
            self.create(title=self.title_box.value, paced=self.paced_box.value, prepost=self.prepost_box.value,
                        items=list(self.agenda), hold=self.hold_box.value)
        except WorkshopError as exc:
            self.form_message.value = f'<div class="ow-error">{esc(exc)}</div>'
            return
        self.agenda = []
        self._paint_agenda()
        self.setup.selected_index = None

    def open(self, code: str) -> None:
        session = self.store.get_session(code)
        self.code = session.code
        self.focus = session.current
        has_gain = self.has_gain(session)
        self.showing_gain = self.showing_gain and has_gain
        self.gain_btn.layout.display = None if has_gain else "none"
        self.panel.layout.display = None
        self.message.value = ""
        self._paint_code(session)
        self._fill_session_pick()
        self._show_files()
        self.refresh(force=True)

    def _paint_code(self, session, url: str | None = None) -> None:
        """The code, the QR code of the participants' address, the title and the session's options."""
        url = self.store.get_meta(URL_META_KEY) if url is None else url
        self._url_shown = url
        if url:
            link = with_code(url, self.code)
            self.qr_image.value = qr_png(link, box_size=8)
            self.qr_image.tooltip = ui("workshop.dash.qr_alt", link=link)
            self.qr_image.layout.display = None
            where = ui("workshop.dash.open_url", url=url)
        else:
            self.qr_image.layout.display = "none"
            where = ui("workshop.dash.no_url")
        options = ui("workshop.dash.mode_paced" if session.paced else "workshop.dash.mode_free")
        if session.hold:
            options += " · " + ui("workshop.dash.mode_hold")
        self.code_html.value = (f'<div class="ow-code-big">{esc(ui("workshop.dash.code_big", code=self.code))}</div>'
                                f"<div class='ow-where'>{esc(where)}</div>"
                                f"<div class='ow-muted'>{esc(session.title)} · {esc(options)}</div>")

    def _show_files(self) -> None:
        lines = [ui("workshop.dash.answer_file", where=redacted(self.store.url)),
                 ui("workshop.dash.exports_dir", where=self.exports_dir)]
        self.files_html.value = "".join(f"<div>{esc(line)}</div>" for line in lines)
        self.files_line.value = f"<div class='ow-small'>{esc('　·　'.join(lines))}</div>"

    @property
    def exports_dir(self) -> Path:
        """Where the CSV and the report go: the folder ``exports`` beside the answer file (on
        PostgreSQL, in the user's data folder)."""
        return self.store.path.parent / "exports"

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

    def jump(self, index: int) -> None:
        """跳到…: show step `index`. A paced session's phones go there too (steps before it that a
        participant has not done are left behind); in a free session everyone keeps their own pace."""
        if self.stats is None:
            return
        self.focus = max(0, min(int(index), len(self.stats.steps) - 1))
        if self.stats.session.paced:
            self.store.jump(self.code, self.focus)
        else:
            self.store.set_current(self.code, self.focus)
        self.showing_gain = False
        self.refresh(force=True)

    def _on_jump(self, change) -> None:
        if change["new"] is not None and change["new"] != self.focus:
            self._safe(self.jump)(change["new"])

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
        """Write the session's answers as CSV (UTF-8 with BOM, opens in Excel); returns the path.
        The file is recorded with the session: deleting the session's data deletes it too."""
        header, rows = export_table(self.code, self.store)  # texts beside the ids, role-play endings
        if path is None:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
            path = self.exports_dir / f"workshop_{self.code}_{stamp}.csv"
        path = Path(path).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        data = csv_text(header, rows)  # every cell guarded against spreadsheet formulas
        path.write_text(data, encoding="utf-8-sig")
        self.store.record_export(self.code, path)
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
        """Delete the session's participants, answers and presence records, and the files exported
        for it (CSV, report); needs confirm=True. Says what was removed, and lists any file that
        could not be deleted. Returns the number of answers removed."""
        if not confirm:
            raise WorkshopError(ui("workshop.dash.delete_need_confirm"))
        code = self.code
        files = set(self.store.exports_of(code))
        files |= {str(p) for p in self.exports_dir.glob(f"workshop_{code}_*.csv")}  # made before exports were recorded
        removed = self.store.remove_session(code)
        files |= set(removed.exports)
        deleted, kept = delete_files(sorted(files))
        self.confirm_box.value = False
        self.export_html.value = self.report_html.value = ""
        self.stats = None
        self._show_empty()
        self.last_deleted = {"answers": removed.answers, "participants": removed.participants,
                             "presence": removed.presence, "files": deleted, "not_deleted": kept}
        parts = [f"<div>{esc(ui('workshop.dash.deleted', code=code, n=removed.answers, people=removed.participants, pages=removed.presence))}</div>"]
        if deleted:
            names = "、".join(Path(f).name for f in deleted)
            parts.append(f"<div>{esc(ui('workshop.dash.deleted_files', n=len(deleted), names=names))}</div>")
        else:
            parts.append(f"<div>{esc(ui('workshop.dash.deleted_no_files'))}</div>")
        if kept:
            items = "".join(f"<li>{esc(f)}</li>" for f in kept)
            parts.append(f'<div class="ow-error">{esc(ui("workshop.dash.not_deleted", n=len(kept)))}</div>'
                         f"<ul class='ow-kept'>{items}</ul>")
        self.message.value = "".join(parts)
        return removed.answers

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
        folder = Path(folder) if folder is not None else self.exports_dir
        title = self.store.get_session(self.code).title
        html_path, png_path = gain_report.save(g, folder, title=title)
        for path in (html_path, png_path):  # deleted with the session's data
            self.store.record_export(self.code, Path(path).resolve())
        data = base64.b64encode(html_path.read_bytes()).decode()
        self.report_html.value = (
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
        summary = ui("workshop.dash.summary", state=state, people=stats.participants, answers=stats.answers)
        self.status.value = f"<div>{esc(summary)}</div>"
        self._fill_jump(stats)
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
        for part in (self.prev_btn, self.step_label, self.next_btn, self.jump_pick, self.prompt, self.answer_html,
                     self.chart):
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
        if self.more.selected_index == 1:  # drawn only while its fold is open (it costs the laptop time)
            self._draw_overview()

    def _draw_overview(self) -> None:
        from . import plots

        if self.stats is not None:
            self.overview.value = plots.png(plots.overview_figure(self.stats))
            self.overview.tooltip = ui("workshop.dash.overview_alt")

    def _on_fold(self, change) -> None:
        if change["new"] == 1:
            self._safe(self._draw_overview)()

    def step_names(self, stats: SessionStats | None = None) -> list[str]:
        """Each step as the 跳到… list names it: numbered as the phones number questions, with the
        quiz it comes from; a role-play by its title."""
        stats = stats or self.stats
        names, n = [], 0
        titles: dict[str, str] = {}
        for st in stats.steps:
            if st.kind == "question":
                n += 1
                if st.item not in titles:
                    try:
                        titles[st.item] = text(bank(st.item).title)
                    except Exception:  # a bank that no longer loads: its id
                        titles[st.item] = st.item
                names.append(ui("workshop.dash.jump_question", n=n, bank=titles[st.item]))
            else:
                names.append(ui("workshop.dash.rp_step", title=st.label))
        return names

    def _fill_jump(self, stats: SessionStats) -> None:
        options = [(name, i) for i, name in enumerate(self.step_names(stats))]
        self.jump_pick.unobserve(self._on_jump, names="value")
        if list(self.jump_pick.options) != options:
            self.jump_pick.options = options
        self.jump_pick.value = self.focus
        self.jump_pick.observe(self._on_jump, names="value")

    # -- the clock and the participants' server ------------------------------------------------------
    def tick_clock(self, now: float | None = None) -> None:
        """The time of the last check, every REFRESH_SECONDS, changed or not (a frozen time looks
        like a hang), and whether a participants' server is using this answer file."""
        now = time.time() if now is None else now
        stamp = dt.datetime.fromtimestamp(now).strftime("%H:%M:%S")
        self.clock.value = f"<div class='ow-muted'>&nbsp;·&nbsp;{esc(ui('workshop.dash.checked', time=stamp))}</div>"
        if self.code is not None:  # the server started (or moved to another network) since: new QR code
            url = self.store.get_meta(URL_META_KEY)
            if url != getattr(self, "_url_shown", None):
                self._paint_code(self.store.get_session(self.code), url or "")
        ok, words = self.server_status(now)
        cls = "ow-server-ok" if ok else "ow-server-missing"
        self.server_html.value = f'<div class="{cls}">{esc(words)}</div>' if words else ""

    def server_status(self, now: float | None = None) -> tuple[bool, str]:
        """(True, "") while a participants' server beat within SERVER_STALE_SECONDS in this answer
        file; else (False, a plain Chinese warning). On a JupyterHub the participants' pages are
        served by the hub, not by one server: nothing to check."""
        if os.environ.get("JUPYTERHUB_API_URL"):
            return True, ""
        now = time.time() if now is None else now
        seen = self.store.server_seen()
        if seen is None:
            return False, ui("workshop.dash.server_missing", where=redacted(self.store.url))
        if seen.get("stopped"):
            return False, ui("workshop.dash.server_stopped", where=redacted(self.store.url))
        age = now - float(seen["at"])
        if age > SERVER_STALE_SECONDS:
            return False, ui("workshop.dash.server_stale", minutes=max(1, round(age / 60)),
                             where=redacted(self.store.url))
        return True, ""

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
                self._safe(self.tick_clock)()

        self._task = loop.create_task(tick())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None


def delete_files(paths: list[str]) -> tuple[list[str], list[str]]:
    """Delete each file; returns (deleted, could not be deleted). A file already gone counts as
    deleted only if it was there: it is left out of both lists."""
    deleted, kept = [], []
    for p in paths:
        path = Path(p)
        try:
            path.unlink()
            deleted.append(str(path))
        except FileNotFoundError:
            continue
        except OSError:  # open in Excel on Windows, a read-only folder: the instructor deletes it
            kept.append(str(path))
    return deleted, kept
