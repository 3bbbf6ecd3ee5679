"""Lesson 08: what can happen after a loan falls overdue, and what each step needs first.

The steps are data (``content/consequences.yaml``): each names the steps that must have happened
before it (``requires``), an extra legal condition no checkbox stands for (``condition``), who
decides, what it is not, and its references. `ConsequencesTimeline` is the plain state (which steps
the learner marks as having happened); `ConsequencesView` is a thin ipywidgets view over it.

    t = ConsequencesTimeline()
    t.mark("overdue")
    t.status("dishonest")        # Status(kind="blocked", missing=[...], message="...")
    t.chain("dishonest")         # the steps that must come first, in order
    show_consequences()
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..contentfiles import ContentError, content_dir, read_yaml
from ..i18n import text, ui

FILE = "consequences.yaml"

DONE = "done"
POSSIBLE = "possible"
BLOCKED = "blocked"
CONDITIONAL = "conditional"  # its steps have happened, but it needs a further legal condition
IMPOSSIBLE_MARK = "inconsistent"  # marked as happened although a step before it has not

SYMBOL = {DONE: "✔", POSSIBLE: "→", CONDITIONAL: "？", BLOCKED: "✘", IMPOSSIBLE_MARK: "⚠"}


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    requires: tuple[str, ...]
    what: str
    who: str
    not_: str
    refs: tuple[str, ...]
    condition: str = ""


@dataclass(frozen=True)
class Status:
    """Where a step stands given what has happened; ``message`` is Chinese and starts with a symbol
    and a word, so it does not depend on colour."""

    step: str
    kind: str
    missing: tuple[str, ...]
    message: str


def load_steps(data: Mapping[str, Any] | None = None) -> tuple[str, list[Step]]:
    if data is None:
        data = read_yaml(content_dir() / FILE)
    try:
        steps = [
            Step(s["id"], text(s["title"]), tuple(s.get("requires") or ()), text(s["what"]), text(s["who"]),
                 text(s["not"]), tuple(s.get("refs") or ()), text(s.get("condition")))
            for s in data["steps"]
        ]
        title = text(data["title"])
    except (KeyError, TypeError) as exc:
        raise ContentError(f"{FILE}: 内容不完整或格式不对（{exc}）") from exc
    ids = [s.id for s in steps]
    if len(set(ids)) != len(ids):
        raise ContentError(f"{FILE}: 步骤 id 重复")
    for s in steps:
        for r in s.requires:
            if r not in ids:
                raise ContentError(f"{FILE}: 步骤 {s.id} 需要的 {r} 不存在")
    # no cycles: every step's chain must terminate
    known: dict[str, bool] = {}

    def acyclic(sid: str, seen: tuple[str, ...] = ()) -> bool:
        if sid in seen:
            return False
        if sid not in known:
            step = next(x for x in steps if x.id == sid)
            known[sid] = all(acyclic(r, (*seen, sid)) for r in step.requires)
        return known[sid]

    for s in steps:
        if not acyclic(s.id):
            raise ContentError(f"{FILE}: 步骤 {s.id} 的前提形成了循环")
    return title, steps


class ConsequencesTimeline:
    """Which steps have happened, and what that makes possible next."""

    def __init__(self, data: Mapping[str, Any] | None = None):
        self.title, self.steps = load_steps(data)
        self._by_id = {s.id: s for s in self.steps}
        self.happened: set[str] = set()

    def step(self, step_id: str) -> Step:
        try:
            return self._by_id[step_id]
        except KeyError:
            raise KeyError(ui("consequences.unknown_step", step=step_id)) from None

    def mark(self, step_id: str, happened: bool = True) -> None:
        self.step(step_id)
        (self.happened.add if happened else self.happened.discard)(step_id)

    def set_happened(self, ids: Iterable[str]) -> None:
        ids = set(ids)
        for i in ids:
            self.step(i)
        self.happened = ids

    def chain(self, step_id: str) -> list[str]:
        """Every step that must come before `step_id`, earliest first (depth-first, no repeats)."""
        out: list[str] = []

        def visit(sid: str) -> None:
            for r in self.step(sid).requires:
                visit(r)
                if r not in out:
                    out.append(r)

        visit(step_id)
        return out

    def missing(self, step_id: str) -> list[str]:
        return [s for s in self.chain(step_id) if s not in self.happened]

    def status(self, step_id: str) -> Status:
        step = self.step(step_id)
        missing = tuple(self.missing(step_id))
        names = "、".join(self.step(m).title for m in missing)
        if step_id in self.happened:
            if missing:
                return Status(step_id, IMPOSSIBLE_MARK, missing, ui("consequences.inconsistent", missing=names))
            return Status(step_id, DONE, (), ui("consequences.done"))
        if missing:
            return Status(step_id, BLOCKED, missing, ui("consequences.blocked", missing=names))
        if step.condition:
            return Status(step_id, CONDITIONAL, (), ui("consequences.possible_if", condition=step.condition))
        return Status(step_id, POSSIBLE, (), ui("consequences.possible"))

    def statuses(self) -> list[Status]:
        return [self.status(s.id) for s in self.steps]

    def as_text(self) -> str:
        """One line per step: symbol, title, status (plain text, for print() and nbval)."""
        lines = []
        for s, st in zip(self.steps, self.statuses(), strict=True):
            lines.append(f"{SYMBOL[st.kind]} {s.title}：{st.message}")
        return "\n".join(lines)

    def details_html(self, step_id: str) -> str:
        from ..quiz import references

        s = self.step(step_id)
        esc = html.escape
        chain = self.chain(step_id)
        first = "、".join(self.step(c).title for c in chain) if chain else ui("consequences.nothing_first")
        rows = [
            (ui("consequences.what"), s.what),
            (ui("consequences.needs"), first + (f"；{s.condition}" if s.condition else "")),
            (ui("consequences.who"), s.who),
            (ui("consequences.not"), s.not_),
        ]
        body = "".join(f"<p style='margin:3px 0'><b>{esc(k)}</b>{esc(v)}</p>" for k, v in rows)
        refs = references.render_html(s.refs) if s.refs else ""
        return (f"<div class='overdue-step' style='border:1px solid #bbb;padding:6px 10px'>"
                f"<h4 style='margin:2px 0'>{esc(s.title)}</h4>{body}{refs}</div>")


class ConsequencesView:
    """Checkboxes "已经发生", a status list (symbol + words), and the details of a chosen step."""

    def __init__(self, timeline: ConsequencesTimeline | None = None):
        import ipywidgets as w

        self.timeline = timeline or ConsequencesTimeline()
        t = self.timeline
        self.boxes = {
            s.id: w.Checkbox(value=s.id in t.happened, description=s.title, indent=False,
                             layout=w.Layout(width="22em"))
            for s in t.steps
        }
        for sid, box in self.boxes.items():
            box.observe(lambda ch, sid=sid: self._toggle(sid, ch["new"]), names="value")
        self.picker = w.Dropdown(description=ui("consequences.details_for"),
                                 options=[(s.title, s.id) for s in t.steps], value="dishonest"
                                 if "dishonest" in {s.id for s in t.steps} else t.steps[0].id,
                                 style={"description_width": "8em"}, layout=w.Layout(width="30em"))
        self.picker.observe(lambda _c: self.refresh(), names="value")
        self.status = w.HTML()
        self.status.add_class("overdue-consequences-status")
        self.details = w.HTML()
        left = w.VBox([w.HTML(f"<b>{html.escape(ui('consequences.happened_title'))}</b>"), *self.boxes.values()])
        right = w.VBox([w.HTML(f"<b>{html.escape(ui('consequences.status_title'))}</b>"), self.status])
        self.widget = w.VBox([w.HBox([left, right]), self.picker, self.details])
        self.widget.add_class("overdue-consequences")
        self.refresh()

    def _toggle(self, sid: str, value: bool) -> None:
        self.timeline.mark(sid, value)
        self.refresh()

    def refresh(self) -> None:
        esc = html.escape
        items = []
        for s, st in zip(self.timeline.steps, self.timeline.statuses(), strict=True):
            items.append(f"<li><b>{SYMBOL[st.kind]} {esc(s.title)}</b>：{esc(st.message)}</li>")
        self.status.value = "<ul style='list-style:none;padding-left:0;margin:0'>" + "".join(items) + "</ul>"
        self.details.value = self.timeline.details_html(self.picker.value)


def show_consequences(happened: Iterable[str] = ("overdue",)):
    t = ConsequencesTimeline()
    t.set_happened(happened)
    return ConsequencesView(t).widget
