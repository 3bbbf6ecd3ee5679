"""The ipywidgets view of lesson 05's "合法还是违法?": sort a collector's timestamped actions into the rule pack's
categories.

The state (what is typed, checked and kept) lives in `overdue.forms.rules_sort`, testable without a browser;
this module only shows it.
"""

from __future__ import annotations

import html

from ..forms.rules_sort import (
    RulesSort,
    SortFeedback,
    _when,
    feedback_html,
)
from ..i18n import text, ui
from ..rules import Action


class RulesSortView:
    """One action at a time; a button per category; feedback; previous / next; the running score."""

    def __init__(self, game: RulesSort | None = None):
        import ipywidgets as w

        from ..rules import load_borrower

        self.game = game or RulesSort()
        self.index = 0
        esc = html.escape
        intro = ui("rules_sort.intro", name=load_borrower(), total=len(self.game.actions))
        self.header = w.HTML(f"<h4>{esc(ui('rules_sort.title'))}</h4><p>{esc(intro)}</p>")
        self.card = w.HTML()
        self.card.add_class("overdue-sort-card")
        self.buttons = []
        for c in self.game.categories:
            b = w.Button(description=f"{c.symbol} {text(c.label)}", layout=w.Layout(width="auto"))
            b.add_class(f"overdue-sort-{c.id}")
            b.on_click(lambda _b, cid=c.id: self.choose(cid))
            self.buttons.append(b)
        self.feedback = w.HTML()
        self.feedback.add_class("overdue-sort-feedback")
        self.prev = w.Button(description=ui("rules_sort.prev"), layout=w.Layout(width="auto"))
        self.next = w.Button(description=ui("rules_sort.next"), layout=w.Layout(width="auto"))
        self.prev.on_click(lambda _b: self.go(-1))
        self.next.on_click(lambda _b: self.go(1))
        self.score = w.HTML()
        self.summary = w.HTML()
        self.widget = w.VBox([self.header, self.card, w.HBox(self.buttons), self.feedback,
                              w.HBox([self.prev, self.next, self.score]), self.summary])
        self.widget.add_class("overdue-rules-sort")
        self.show()

    @property
    def current(self) -> Action:
        return self.game.actions[self.index]

    def show(self) -> None:
        esc = html.escape
        a = self.current
        progress = ui("rules_sort.progress", n=self.index + 1, total=len(self.game.actions))
        channel = text(self.game.pack.channel(a.channel).label)
        self.card.value = (
            f"<p><small>{esc(progress)}</small></p>"
            f"<p><b>{esc(_when(a))}</b> · {esc(channel)}</p><p>{esc(text(a.text).strip())}</p>"
        )
        chosen = self.game.answers.get(a.id)
        self.feedback.value = feedback_html(self.game.submit(a.id, chosen), self.game.pack) if chosen else ""
        self.prev.disabled = self.index == 0
        self.next.disabled = self.index == len(self.game.actions) - 1
        right, answered, total = self.game.score()
        self.score.value = esc(ui("rules_sort.score", answered=answered, total=total, right=right))

    def choose(self, category_id: str) -> SortFeedback:
        fb = self.game.submit(self.current.id, category_id)
        self.show()
        if len(self.game.answers) == len(self.game.actions):
            self.summary.value = self.summary_html()
        return fb

    def go(self, step: int) -> None:
        self.index = max(0, min(len(self.game.actions) - 1, self.index + step))
        self.show()

    def summary_html(self) -> str:
        esc = html.escape
        rows = []
        for a in self.game.actions:
            j = self.game.expected(a.id)
            ok = self.game.answers.get(a.id) == j.category.id
            rows.append("<li>" + esc(ui("rules_sort.summary_row", symbol="✔" if ok else "✘", time=_when(a),
                                          text=text(a.text).strip(), label=text(j.category.label))) + "</li>")
        return f"<b>{esc(ui('rules_sort.summary_title'))}</b><ul>{''.join(rows)}</ul>"


def show_rules_sort():
    """The sorting quiz widget."""
    return RulesSortView().widget


def print_judgements() -> None:
    """Plain-text table of every action, its category and the deciding rule (for prose and tests)."""
    game = RulesSort()
    for a in game.actions:
        j = game.expected(a.id)
        print(f"{_when(a)}  {j.category.symbol} {text(j.category.label)}  {text(a.text).strip()}")
