"""The rule pack of lesson 05: what a collector may and may not do, as data, and how to judge an action.

Pure: no widgets, no plotting. Content lives in ``content/rules.yaml`` (categories, rules, industry
limits, contact-log channels) and ``content/collector_actions.yaml`` (timestamped actions to sort).

    pack = load_rule_pack()
    actions = load_actions(pack)
    judge(actions[0], pack).category.id      # "allowed" | "industry" | "illegal"
    check_log(entries, pack)                 # industry-limit findings of a contact log

An action's category is never typed in the data: it is the first category (in the table's order)
whose ``when`` matches one of the action's rules, so a rule change moves the action with it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .contentfiles import ContentError, content_dir, read_yaml

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=80)]
Effect = Literal["forbids", "permits"]
Binding = Literal["law", "industry"]

RULES_FILE = "rules.yaml"
ACTIONS_FILE = "collector_actions.yaml"


class RulePackError(ContentError):
    """The rule pack or the action list is malformed; the message names the file and the item."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """Learner text keyed by language (zh required)."""

    zh: str = Field(min_length=1)
    en: str | None = None

    def get(self, lang: str, default: str | None = None) -> str | None:
        value = getattr(self, lang, None) if lang in ("zh", "en") else None
        return value or default

    def __str__(self) -> str:
        return self.zh


class When(_Strict):
    """Which rules put an action in a category: their effect, and (optionally) their binding."""

    effect: Effect
    binding: Binding | None = None

    def matches(self, rule: Rule) -> bool:
        return rule.effect == self.effect and (self.binding is None or rule.binding == self.binding)


class Category(_Strict):
    id: Id
    label: Text
    symbol: str = Field(min_length=1, max_length=2)
    when: When
    explain: Text


class Rule(_Strict):
    """One rule: what it forbids or permits, whether law or industry rule, and its source."""

    id: Id
    effect: Effect
    binding: Binding
    text: Text
    source_ref: Id
    refs: list[Id] = Field(default_factory=list)  # further sources, after the main one
    checked: dt.date

    @property
    def all_refs(self) -> list[str]:
        return [self.source_ref, *self.refs]


class Limits(_Strict):
    """The numeric industry limits used to check a contact log; each names the rule it comes from."""

    quiet_start: dt.time
    quiet_end: dt.time
    quiet_rule: Id
    max_missed_attempts_per_day: int = Field(gt=0)
    missed_attempts_rule: Id
    max_effective_calls_per_day: int = Field(gt=0)
    effective_calls_rule: Id
    third_party_rule: Id


CountsAs = Literal["effective_call", "missed_call", "message", "visit", "third_party", "other"]


class Channel(_Strict):
    id: Id
    label: Text
    counts_as: CountsAs


class RulePack(_Strict):
    categories: list[Category] = Field(min_length=2)
    rules: list[Rule] = Field(min_length=1)
    limits: Limits
    channels: list[Channel] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self):
        for field, items in (("categories", self.categories), ("rules", self.rules), ("channels", self.channels)):
            ids = [i.id for i in items]
            dup = sorted({i for i in ids if ids.count(i) > 1})
            if dup:
                raise ValueError(f"{field}: id 重复：{', '.join(dup)}")
        rule_ids = {r.id for r in self.rules}
        for name in ("quiet_rule", "missed_attempts_rule", "effective_calls_rule", "third_party_rule"):
            if getattr(self.limits, name) not in rule_ids:
                raise ValueError(f"limits.{name}: 规则 “{getattr(self.limits, name)}” 不存在")
        for rule in self.rules:  # every rule must land in some category
            if not any(c.when.matches(rule) for c in self.categories):
                raise ValueError(f"rules.{rule.id}: 没有一个分类接收这条规则（effect/binding）")
        return self

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def category(self, category_id: str) -> Category:
        for c in self.categories:
            if c.id == category_id:
                return c
        raise KeyError(category_id)

    def channel(self, channel_id: str) -> Channel:
        for c in self.channels:
            if c.id == channel_id:
                return c
        raise KeyError(channel_id)

    def ref_ids(self) -> set[str]:
        return {ref for r in self.rules for ref in r.all_refs}


class Action(_Strict):
    """A collector's action at a moment, and the rules it touches."""

    id: Id
    when: dt.datetime
    channel: Id
    text: Text
    rules: list[Id] = Field(min_length=1)
    note: Text | None = None

    @field_validator("rules")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("同一条规则写了两次")
        return value


class ActionSet(_Strict):
    borrower: Text
    actions: list[Action] = Field(min_length=1)


@dataclass(frozen=True)
class Judgement:
    """The category an action falls in and the rules that decide it (with their sources)."""

    action: Action
    category: Category
    rules: tuple[Rule, ...]

    @property
    def refs(self) -> list[str]:
        seen: list[str] = []
        for r in self.rules:
            for ref in r.all_refs:
                if ref not in seen:
                    seen.append(ref)
        return seen


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def _errors(name: str, exc: ValidationError) -> RulePackError:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"])
        parts.append(f"{loc}: {err['msg']}" if loc else err["msg"])
    return RulePackError(f"{name}: " + "；".join(parts))


def load_rule_pack(path: str | Path | None = None) -> RulePack:
    """Read and validate ``content/rules.yaml`` (or `path`); errors name the file and the item."""
    path = Path(path) if path is not None else content_dir() / RULES_FILE
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise RulePackError(f"{path.name}: 应为包含 categories / rules / limits / channels 的映射")
    try:
        return RulePack.model_validate(data)
    except ValidationError as exc:
        raise _errors(path.name, exc) from None


def in_quiet_hours(moment: dt.time, limits: Limits) -> bool:
    """True if `moment` falls in the industry rules' quiet hours (e.g. 22:00 to 8:00 next day)."""
    start, end = limits.quiet_start, limits.quiet_end
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


def load_actions(pack: RulePack | None = None, path: str | Path | None = None) -> list[Action]:
    """The actions to sort, in time order, checked against the rule pack."""
    pack = pack or load_rule_pack()
    path = Path(path) if path is not None else content_dir() / ACTIONS_FILE
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise RulePackError(f"{path.name}: 应为包含 borrower / actions 的映射")
    try:
        action_set = ActionSet.model_validate(data)
    except ValidationError as exc:
        raise _errors(path.name, exc) from None
    ids = [a.id for a in action_set.actions]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise RulePackError(f"{path.name}: 行为 id 重复：{', '.join(dup)}")
    rule_ids = {r.id for r in pack.rules}
    channel_ids = {c.id for c in pack.channels}
    quiet = pack.limits.quiet_rule
    for a in action_set.actions:
        unknown = [r for r in a.rules if r not in rule_ids]
        if unknown:
            raise RulePackError(f"{path.name}: actions.{a.id}.rules: 规则不存在：{', '.join(unknown)}")
        if a.channel not in channel_ids:
            raise RulePackError(f"{path.name}: actions.{a.id}.channel: 渠道 “{a.channel}” 不存在")
        at_night = in_quiet_hours(a.when.time(), pack.limits)
        if at_night != (quiet in a.rules):
            want = "应当" if at_night else "不应"
            raise RulePackError(
                f"{path.name}: actions.{a.id}: 时间 {a.when:%H:%M} 与规则 {quiet} 不一致（{want}引用它）"
            )
    return sorted(action_set.actions, key=lambda a: a.when)


def load_borrower(path: str | Path | None = None) -> str:
    """The fictional borrower's name in the action list (for the lesson's prose)."""
    path = Path(path) if path is not None else content_dir() / ACTIONS_FILE
    data = read_yaml(path) or {}
    return str((data.get("borrower") or {}).get("zh", ""))


# ---------------------------------------------------------------------------------------------
# Judging
# ---------------------------------------------------------------------------------------------


def categorize(rules: Sequence[Rule], pack: RulePack) -> Category:
    """The first category in the table whose condition matches one of `rules`."""
    for category in pack.categories:
        if any(category.when.matches(r) for r in rules):
            return category
    raise RulePackError(f"{RULES_FILE}: 没有分类接收规则 {', '.join(r.id for r in rules)}")


def judge(action: Action, pack: RulePack) -> Judgement:
    """Judge one action against the rule pack: its category and the deciding rules.

    The deciding rules are those of the winning category first, then the others the action also
    breaks (e.g. a notice on the door is against the law and also against the industry rules).
    """
    rules = [pack.rule(r) for r in action.rules]
    category = categorize(rules, pack)
    first = [r for r in rules if category.when.matches(r)]
    rest = [r for r in rules if not category.when.matches(r)]
    return Judgement(action=action, category=category, rules=tuple(first + rest))


def all_ref_ids(pack: RulePack | None = None) -> set[str]:
    """Every reference id the rule pack cites (tests check each exists in references.yaml)."""
    return (pack or load_rule_pack()).ref_ids()


# ---------------------------------------------------------------------------------------------
# Checking a contact log against the industry limits
# ---------------------------------------------------------------------------------------------


class LogLike(Protocol):
    """What `check_log` needs of a log entry (the contact-log widget's entries fit)."""

    day: dt.date
    at: dt.time
    channel: str


Kind = Literal["quiet_hours", "missed_attempts", "effective_calls", "third_party"]


@dataclass(frozen=True)
class Finding:
    """One thing in a contact log that goes against an industry rule (or deserves a closer look)."""

    kind: Kind
    day: dt.date
    count: int
    limit: int | None
    rule: str


def daily_counts(entries: Iterable[LogLike], pack: RulePack) -> dict[dt.date, Counter]:
    """Per day: how many entries of each `counts_as` kind, plus ``quiet`` for quiet-hour contacts."""
    per_day: dict[dt.date, Counter] = {}
    for e in entries:
        kind = pack.channel(e.channel).counts_as
        counter = per_day.setdefault(e.day, Counter())
        counter[kind] += 1
        if kind != "other" and in_quiet_hours(e.at, pack.limits):
            counter["quiet"] += 1
    return dict(sorted(per_day.items()))


def check_log(entries: Iterable[LogLike], pack: RulePack | None = None) -> list[Finding]:
    """Compare a contact log with the industry limits; one finding per day and kind, in date order.

    - missed calls above the daily attempt limit (counted together, whatever number the collector
      called from: the reported rule counts attempts to the same contact method of the borrower;
      a log that mixes calls to two of the borrower's own phones over-counts, and the widget's
      message says to count each phone separately);
    - connected calls above the daily limit;
    - any contact in the quiet hours;
    - any contact of a third party (family, colleagues, contacts): against the rules while you
      can be reached.
    """
    pack = pack or load_rule_pack()
    lim = pack.limits
    findings: list[Finding] = []
    for day, c in daily_counts(entries, pack).items():
        if c["quiet"]:
            findings.append(Finding("quiet_hours", day, c["quiet"], None, lim.quiet_rule))
        if c["missed_call"] > lim.max_missed_attempts_per_day:
            findings.append(
                Finding("missed_attempts", day, c["missed_call"], lim.max_missed_attempts_per_day,
                        lim.missed_attempts_rule)
            )
        if c["effective_call"] > lim.max_effective_calls_per_day:
            findings.append(
                Finding("effective_calls", day, c["effective_call"], lim.max_effective_calls_per_day,
                        lim.effective_calls_rule)
            )
        if c["third_party"]:
            findings.append(Finding("third_party", day, c["third_party"], None, lim.third_party_rule))
    return findings


# ---------------------------------------------------------------------------------------------
# Plain-text views (for the lesson's prose cells)
# ---------------------------------------------------------------------------------------------


def rule_lines(binding: Binding, pack: RulePack | None = None, effect: Effect = "forbids") -> list[str]:
    """The rules of one kind as plain Chinese lines, each with its citation."""
    from .i18n import text, ui
    from .quiz import references

    pack = pack or load_rule_pack()
    lines = []
    for r in pack.rules:
        if r.binding == binding and r.effect == effect:
            lines.append(f"· {text(r.text).strip()}（{ui('common.refs')}：{references.cite(r.all_refs)}）")
    return lines


def print_rules(binding: Binding, effect: Effect = "forbids") -> None:
    """Print `rule_lines` (a notebook cell calls this; the output is plain text nbval can compare)."""
    print("\n".join(rule_lines(binding, effect=effect)))


def _clock(t: dt.time) -> str:
    """22:00 / 8:00 (no leading zero on the hour, as people write it)."""
    return f"{t.hour}:{t.minute:02d}"


def print_limits(pack: RulePack | None = None) -> None:
    """Print the industry limits of the rule pack in Chinese (quiet hours, daily call counts)."""
    from .i18n import ui

    lim = (pack or load_rule_pack()).limits
    print(ui("rules.limits", start=_clock(lim.quiet_start), end=_clock(lim.quiet_end),
             missed=lim.max_missed_attempts_per_day, talks=lim.max_effective_calls_per_day))


def print_log_findings(log) -> None:
    """Print a contact log's findings against the industry rules, one a line."""
    from .i18n import ui

    lines = log.finding_lines()
    print("\n".join(lines) if lines else ui("contact_log.summary_none"))
