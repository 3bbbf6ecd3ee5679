"""Lesson 05's "合法还是违法?": sort a collector's timestamped actions into the rule pack's categories.

`RulesSort` holds the state (answers, score) and judges with `overdue.rules`; `RulesSortView` is a
thin ipywidgets view: one action at a time, one button per category, feedback with the rule text and
its sources.

    game = RulesSort()
    fb = game.submit("late_knock", "industry")   # SortFeedback(correct=True, ...)
    game.score()                                 # (right, answered, total)
    show_rules_sort()                            # the widget
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..i18n import text, ui
from ..rules import Action, Category, Judgement, RulePack, judge, load_actions, load_rule_pack


@dataclass(frozen=True)
class SortFeedback:
    correct: bool
    chosen: Category
    judgement: Judgement

    @property
    def expected(self) -> Category:
        return self.judgement.category

    def headline(self) -> str:
        label = text(self.expected.label)
        if self.correct:
            return ui("rules_sort.right", label=label)
        return ui("rules_sort.wrong", chosen=text(self.chosen.label), label=label)

    def __str__(self) -> str:
        lines = [self.headline()]
        lines += [f"- {text(r.text).strip()}" for r in self.judgement.rules]
        return "\n".join(lines)


class RulesSort:
    """State of the sorting quiz: the actions in time order and the learner's answers."""

    def __init__(self, pack: RulePack | None = None, actions: list[Action] | None = None):
        self.pack = pack or load_rule_pack()
        self.actions = actions if actions is not None else load_actions(self.pack)
        self.answers: dict[str, str] = {}

    @property
    def categories(self) -> list[Category]:
        return list(self.pack.categories)

    def action(self, action_id: str) -> Action:
        for a in self.actions:
            if a.id == action_id:
                return a
        raise KeyError(ui("rules_sort.unknown_action", action=action_id))

    def expected(self, action_id: str) -> Judgement:
        return judge(self.action(action_id), self.pack)

    def submit(self, action_id: str, category_id: str) -> SortFeedback:
        """Record the learner's category for an action and say whether it is right, and why."""
        action = self.action(action_id)
        try:
            chosen = self.pack.category(category_id)
        except KeyError:
            options = "、".join(c.id for c in self.pack.categories)
            raise KeyError(ui("rules_sort.unknown_category", category=category_id, options=options)) from None
        self.answers[action.id] = chosen.id
        judgement = judge(action, self.pack)
        return SortFeedback(correct=chosen.id == judgement.category.id, chosen=chosen, judgement=judgement)

    def score(self) -> tuple[int, int, int]:
        """(right, answered, total)."""
        right = sum(1 for a, c in self.answers.items() if self.expected(a).category.id == c)
        return right, len(self.answers), len(self.actions)

    def reset(self) -> None:
        self.answers.clear()


def _when(action: Action) -> str:
    days = ui("rules_sort.weekday").split(",")
    return ui("rules_sort.when", day=f"{action.when:%m-%d}", weekday=days[action.when.weekday()],
              time=f"{action.when:%H:%M}")


def feedback_html(fb: SortFeedback, pack: RulePack) -> str:
    """The feedback block: headline (symbol and words), each deciding rule with its kind and sources."""
    from ..quiz import references

    esc = html.escape
    cls = "overdue-right" if fb.correct else "overdue-wrong"
    border = "#009E73" if fb.correct else "#D55E00"
    parts = [f'<div class="{cls}" style="border-left:4px solid {border};padding:4px 10px">',
             f"<b>{esc(fb.headline())}</b>",
             f"<p>{esc(text(fb.expected.explain).strip())}</p><ul>"]
    for rule in fb.judgement.rules:
        kind = ui("rules_sort.rule_permits") if rule.effect == "permits" else ui(f"rules_sort.rule_{rule.binding}")
        cite = references.cite(rule.all_refs)
        parts.append(f"<li>【{esc(kind)}】{esc(text(rule.text).strip())}"
                     f"<br><small>{esc(ui('common.refs'))}：{esc(cite)}</small></li>")
    parts.append("</ul>")
    note = fb.judgement.action.note
    if note is not None:
        parts.append(f"<p><b>{esc(ui('rules_sort.what_to_do'))}</b>{esc(text(note).strip())}</p>")
    parts.append("</div>")
    return "".join(parts)


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
