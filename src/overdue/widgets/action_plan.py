"""The ipywidgets view of lesson 09: a personal action plan the learner fills in and exports (Markdown +
printable HTML).

The state (what is typed, checked and kept) lives in `overdue.forms.action_plan`, testable without a browser;
this module only shows it, and re-exports the names notebooks and tools import from here.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

from ..exports import DEFAULT_FOLDER as DEFAULT_FOLDER  # re-exported: the folder's name, as before
from ..forms.action_plan import CALLS as CALLS  # re-exported: notebooks and tools import it here
from ..forms.action_plan import ActionPlan as ActionPlan  # re-exported: notebooks and tools import it here
from ..forms.action_plan import (
    PlanInputError,
    label,
    money,
)
from ..forms.action_plan import (
    debrief_text as debrief_text,  # re-exported: notebooks and tools import it here
)
from ..i18n import ui

# ------------------------------------------------------------------------------------------------
# View
# ------------------------------------------------------------------------------------------------


class ActionPlanView:
    """The form: fields with a message beside each, the contact log, sample/export buttons, a preview."""

    def __init__(self, plan: ActionPlan | None = None, folder: str | Path | None = None, store: Any = None):
        import ipywidgets as w

        from .records import RecordKeeper

        self.keeper = RecordKeeper("action_plan", store)
        skipped = 0
        if plan is None:  # the plan kept from last time comes back
            kept = self.keeper.load()
            if kept is not None:
                plan, skipped = ActionPlan.from_record(kept)
        self.plan = plan or ActionPlan(folder=folder)
        if folder is not None:
            self.plan.folder = folder
        style = {"description_width": "12em"}
        self.inputs: dict[str, Any] = {}
        self.notes: dict[str, Any] = {}
        rows = []
        for name in ("nickname", "lender", "owed", "owed_how", "income", "essentials", "reserve", "offer",
                     "next_steps"):
            kind = w.Textarea if name in ("owed_how", "next_steps") else w.Text
            box = kind(value=str(getattr(self.plan, name)), description=label(name),
                       placeholder=ui(f"action_plan.ph.{name}"), style=style,
                       layout=w.Layout(width="40em", height="6em" if kind is w.Textarea else None))
            box.observe(lambda ch, n=name: self._field(n, ch["new"]), names="value")
            note = w.HTML()
            note.add_class("overdue-plan-note")
            self.inputs[name], self.notes[name] = box, note
            rows.append(w.HBox([box, note]))
        self.afford = w.HTML()
        lstyle = {"description_width": "5em"}
        self.log_day = w.Text(value=f"{dt.date.today():%Y-%m-%d}", description=label("log_day"), style=lstyle)
        self.log_who = w.Text(description=label("log_who"), style=lstyle, placeholder=ui("action_plan.ph.log_who"))
        self.log_what = w.Text(description=label("log_what"), style=lstyle, layout=w.Layout(width="40em"),
                               placeholder=ui("action_plan.ph.log_what"))
        self.log_result = w.Text(description=label("log_result"), style=lstyle, layout=w.Layout(width="40em"))
        self.message = w.HTML()
        self.message.add_class("overdue-plan-message")
        self.preview = w.HTML()
        buttons = {
            "add": ("action_plan.btn.add", self.add_log, "primary"),
            "sample": ("action_plan.btn.sample", self.load_sample, ""),
            "export": ("action_plan.btn.export", self.export, "success"),
        }
        self.buttons = {}
        for key, (text_key, handler, kind) in buttons.items():
            b = w.Button(description=ui(text_key), button_style=kind, layout=w.Layout(width="auto"))
            b.on_click(lambda _b, h=handler: h())
            self.buttons[key] = b
        log_box = w.VBox([w.HTML(f"<b>{html.escape(ui('action_plan.sec.log'))}</b>"), self.log_day, self.log_who,
                          self.log_what, self.log_result, w.HBox([self.buttons["add"]])])
        self.widget = w.VBox([*rows, self.afford, log_box,
                              w.HBox([self.buttons["sample"], self.buttons["export"]]), self.message, self.preview,
                              self.keeper.clear_box(self._forget)])
        self.widget.add_class("overdue-action-plan")
        self.keeper.report_restore(skipped)
        self.refresh()

    def _keep(self) -> None:
        self.keeper.save(self.plan.to_record())

    def _forget(self) -> None:
        """After 清除我的记录: an empty plan."""
        self.plan = ActionPlan(folder=self.plan.folder)
        for box in self.inputs.values():
            box.value = ""
        self.keeper.clear()
        self.refresh()

    def _say(self, msg: str, ok: bool) -> None:
        sym = "✔" if ok else "✘"
        color = "#009E73" if ok else "#D55E00"
        self.message.value = f"<span style='color:{color}'><b>{sym}</b> {html.escape(msg)}</span>"

    def _field(self, name: str, value: str) -> None:
        setattr(self.plan, name, value)
        self._keep()
        self.refresh()

    def refresh(self) -> None:
        errs = self.plan.errors()
        for name, note in self.notes.items():
            note.value = (f"<span style='color:#D55E00'>✘ {html.escape(errs[name])}</span>"
                          if name in errs else "")
        room = self.plan.affordable()
        lines = [ui("action_plan.affordable_line", room=money(room))] + self.plan.warnings()
        self.afford.value = "<br>".join(html.escape(x) for x in lines)
        if errs:
            return  # keep the last good preview
        esc = html.escape
        cell = "style='padding:2px 10px;border-bottom:1px solid #ccc;text-align:left;vertical-align:top'"
        rows = "".join(f"<tr><td {cell}>{r.day:%Y-%m-%d}</td><td {cell}>{esc(r.who)}</td><td {cell}>{esc(r.what)}</td>"
                       f"<td {cell}>{esc(r.result)}</td></tr>" for r in self.plan.log)
        head = "".join(f"<th {cell}>{esc(ui(f'action_plan.col.{c}'))}</th>" for c in ("day", "who", "what", "result"))
        self.preview.value = (f"<b>{esc(ui('action_plan.sec.log'))}</b>（{len(self.plan.log)}）"
                              f"<table><tr>{head}</tr>{rows}</table>" if rows else "")

    def add_log(self) -> bool:
        try:
            self.plan.add_log(self.log_day.value, self.log_who.value, self.log_what.value, self.log_result.value)
        except PlanInputError as exc:
            self._say(exc.message, False)
            return False
        self.log_who.value = self.log_what.value = self.log_result.value = ""
        self._say(ui("action_plan.added"), True)
        self._keep()
        self.refresh()
        return True

    def load_sample(self) -> None:
        sample = ActionPlan.example()
        sample.folder = self.plan.folder
        self.plan = sample
        for name, box in self.inputs.items():
            box.value = str(getattr(sample, name))
        self._say(ui("action_plan.sample_loaded"), True)
        self._keep()
        self.refresh()

    def export(self) -> tuple[Path, Path] | None:
        try:
            md, page = self.plan.save()
        except PlanInputError as exc:
            self._say(exc.message, False)
            return None
        self._say(ui("action_plan.saved", md=str(md), html=str(page)), True)
        return md, page


def show_action_plan(folder: str | Path | None = None, store: Any = None):
    """The action-plan form; the plan kept from last time comes back."""
    return ActionPlanView(folder=folder, store=store).widget
