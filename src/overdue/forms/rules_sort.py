"""Lesson 05's "合法还是违法?": sort a collector's timestamped actions into the rule pack's categories.

`RulesSort` holds the state (answers, score) and judges with `overdue.rules`; `overdue.widgets.rules_sort.RulesSortView` is a
thin ipywidgets view: one action at a time, one button per category, feedback with the rule text and
its sources.

    game = RulesSort()
    fb = game.submit("late_knock", "industry")   # SortFeedback(correct=True, ...)
    game.score()                                 # (right, answered, total)
    overdue.widgets.rules_sort.show_rules_sort()   # the view
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
