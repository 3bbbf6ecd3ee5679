"""Lesson 08: what can happen after a loan falls overdue, and what each step needs first.

The steps are data (``content/consequences.yaml``): each names its legal preconditions, the steps
that must all have happened (``requires``) and the routes of which one must have happened
(``requires_one_of``), an extra legal condition no checkbox stands for (``condition``), the steps
that usually come first without being a precondition (``usually_after``: the usual order, shown as
such), who decides, what it is not, and its references. `ConsequencesTimeline` is the plain state (which steps
the learner marks as having happened); `overdue.widgets.consequences.ConsequencesView` is a thin ipywidgets view over it.

    t = ConsequencesTimeline()
    t.mark("overdue")
    t.status("dishonest")        # Status(kind="blocked", missing=[...], message="...")
    t.chain("dishonest")         # the steps that must come first, in order
    t.open_routes("measures")    # (("lawsuit", "payment_order", "notarised"),): one of them is needed
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
    requires_one_of: tuple[str, ...] = ()
    usually_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Status:
    """Where a step stands given what has happened; ``message`` is Chinese and starts with a symbol
    and a word, so it does not depend on colour. ``missing``: preconditions not yet happened;
    ``routes``: groups of which one is needed and none has happened; ``usual``: steps that usually
    come first and have not happened (not a precondition)."""

    step: str
    kind: str
    missing: tuple[str, ...]
    message: str
    routes: tuple[tuple[str, ...], ...] = ()
    usual: tuple[str, ...] = ()


def load_steps(data: Mapping[str, Any] | None = None) -> tuple[str, list[Step]]:
    if data is None:
        data = read_yaml(content_dir() / FILE)
    try:
        steps = [
            Step(s["id"], text(s["title"]), tuple(s.get("requires") or ()), text(s["what"]), text(s["who"]),
                 text(s["not"]), tuple(s.get("refs") or ()), text(s.get("condition")),
                 tuple(s.get("requires_one_of") or ()), tuple(s.get("usually_after") or ()))
            for s in data["steps"]
        ]
        title = text(data["title"])
    except (KeyError, TypeError) as exc:
        raise ContentError(f"{FILE}: 内容不完整或格式不对（{exc}）") from exc
    ids = [s.id for s in steps]
    if len(set(ids)) != len(ids):
        raise ContentError(f"{FILE}: 步骤 id 重复")
    for s in steps:
        for r in (*s.requires, *s.requires_one_of, *s.usually_after):
            if r not in ids:
                raise ContentError(f"{FILE}: 步骤 {s.id} 需要的 {r} 不存在")
        if len(s.requires_one_of) == 1:
            raise ContentError(f"{FILE}: 步骤 {s.id} 的 requires_one_of 只有一项，请写进 requires")
    # no cycles: every step's chain must terminate
    known: dict[str, bool] = {}

    def acyclic(sid: str, seen: tuple[str, ...] = ()) -> bool:
        if sid in seen:
            return False
        if sid not in known:
            step = next(x for x in steps if x.id == sid)
            known[sid] = all(acyclic(r, (*seen, sid))
                             for r in (*step.requires, *step.requires_one_of, *step.usually_after))
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
        """Every step the law requires before `step_id`, earliest first (depth-first, no repeats).

        Only ``requires`` is followed: a route (``requires_one_of``) is one way among several, and
        the usual order (``usually_after``) is no precondition, so neither is in the chain.
        """
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

    def open_routes(self, step_id: str) -> list[tuple[str, ...]]:
        """The ``requires_one_of`` groups, of `step_id` and of the steps in its chain, none of whose
        steps has happened (earliest first)."""
        out = []
        for sid in (*self.chain(step_id), step_id):
            group = self.step(sid).requires_one_of
            if group and not self.happened & set(group):
                out.append(group)
        return out

    def _names(self, missing: Iterable[str], routes: Iterable[tuple[str, ...]]) -> str:
        sep = ui("consequences.or")
        parts = [ui("consequences.one_of", options=sep.join(self.step(r).title for r in g)) for g in routes]
        return "、".join([*parts, *(self.step(m).title for m in missing)])

    def status(self, step_id: str) -> Status:
        step = self.step(step_id)
        missing = tuple(self.missing(step_id))
        routes = tuple(self.open_routes(step_id))
        names = self._names(missing, routes)
        if step_id in self.happened:
            if missing or routes:
                return Status(step_id, IMPOSSIBLE_MARK, missing, ui("consequences.inconsistent", missing=names),
                              routes)
            return Status(step_id, DONE, (), ui("consequences.done"))
        if missing or routes:
            return Status(step_id, BLOCKED, missing, ui("consequences.blocked", missing=names), routes)
        usual = tuple(u for u in step.usually_after if u not in self.happened)
        if step.condition:
            message = ui("consequences.possible_if", condition=step.condition)
        elif usual:
            message = ui("consequences.possible_unusual", usual="、".join(self.step(u).title for u in usual))
        else:
            message = ui("consequences.possible")
        return Status(step_id, CONDITIONAL if step.condition else POSSIBLE, (), message, (), usual)

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
        routes = [g for sid in (*chain, step_id) if (g := self.step(sid).requires_one_of)]
        first = self._names(chain, routes) or ui("consequences.nothing_first")
        rows = [
            (ui("consequences.what"), s.what),
            (ui("consequences.needs"), first + (f"；{s.condition}" if s.condition else "")),
        ]
        if s.usually_after:
            usual = "、".join(self.step(u).title for u in s.usually_after)
            rows.append((ui("consequences.usually"), ui("consequences.usually_after", usual=usual)))
        rows += [
            (ui("consequences.who"), s.who),
            (ui("consequences.not"), s.not_),
        ]
        body = "".join(f"<p style='margin:3px 0'><b>{esc(k)}</b>{esc(v)}</p>" for k, v in rows)
        refs = references.render_html(s.refs) if s.refs else ""
        return (f"<div class='overdue-step' style='border:1px solid #bbb;padding:6px 10px'>"
                f"<h4 style='margin:2px 0'>{esc(s.title)}</h4>{body}{refs}</div>")
