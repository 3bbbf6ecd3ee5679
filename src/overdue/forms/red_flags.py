"""The red-flag checker of lesson 02: tick what happened at the door or on the phone -> risk and advice.

State (`RedFlagChecker`) is plain Python, testable without a browser; `overdue.widgets.red_flags.RedFlagView` is a thin
ipywidgets view. Flags, weights, levels and advice live in ``content/red_flags.yaml`` (with their
references). The rule, in the order it is applied:

* ``danger``: any ticked flag of group ``danger`` (entry, threats): safety first, call 110;
* ``high``: any ticked flag with weight >= ``thresholds.high_weight`` (on its own a sign of fraud);
* ``medium``: the ticked weights add up to >= ``thresholds.medium_total``;
* ``low``: something is ticked; ``none``: nothing is.

    c = RedFlagChecker()
    c.tick("own_number"); c.tick("rush")
    c.assess().level          # 'medium'
    print(c.summary())        # plain text
    c.save(note="...")        # Markdown file in ./我的文件/ (refuses ID-card and bank-card numbers)
    RedFlagView().widget
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

from .. import exports
from ..contentfiles import ContentError, shipped
from ..exports import DEFAULT_FOLDER as DEFAULT_FOLDER  # re-exported: the folder's name, as before
from ..i18n import text, ui
from ..privacy import refusal

FLAGS_FILE = "red_flags.yaml"
LEVELS = ("none", "low", "medium", "high", "danger")
GROUPS = ("danger", "scam", "conduct")
FILE_STEM = "上门来电检查记录"
MAX_NOTE = 500


@dataclass(frozen=True)
class Flag:
    id: str
    group: str
    weight: int
    label: str
    advice: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Level:
    id: str
    title: str
    summary: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    """The outcome for the ticked flags: level, total weight, the level's steps, per-flag advice, refs."""

    level: str
    score: int
    title: str
    summary: str
    steps: tuple[str, ...]
    flags: tuple[Flag, ...]
    refs: tuple[str, ...]


class SaveRefused(ValueError):
    """The note holds something that must not be written to a file; `message` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def load_flags() -> tuple[list[Flag], dict[str, Level], int, int]:
    """Flags, levels by id, high_weight and medium_total from content/red_flags.yaml."""
    data = shipped(FLAGS_FILE) or {}
    try:
        flags = [Flag(id=f["id"], group=f["group"], weight=int(f["weight"]), label=text(f["label"]),
                      advice=text(f["advice"]), refs=tuple(f.get("refs") or ()))
                 for f in data["flags"]]
        levels = {k: Level(id=k, title=text(v["title"]), summary=text(v["summary"]),
                           steps=tuple(text(s) for s in v.get("steps") or ()))
                  for k, v in data["levels"].items()}
        high_weight = int(data["thresholds"]["high_weight"])
        medium_total = int(data["thresholds"]["medium_total"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ContentError(f"{FLAGS_FILE}: 数据不完整（{exc}）") from exc
    bad = [f.id for f in flags if f.group not in GROUPS]
    missing = [k for k in LEVELS if k not in levels]
    if bad or missing:
        raise ContentError(f"{FLAGS_FILE}: 分组不对 {bad} 或缺少等级 {missing}")
    return flags, levels, high_weight, medium_total


class RedFlagChecker:
    """Which flags are ticked, and what that means."""

    def __init__(self, folder: str | Path | None = None):
        self.flags, self.levels, self.high_weight, self.medium_total = load_flags()
        self.by_id = {f.id: f for f in self.flags}
        self.ticked: set[str] = set()
        self.folder = Path(folder) if folder is not None else None

    def tick(self, flag_id: str, on: bool = True) -> None:
        if flag_id not in self.by_id:
            raise KeyError(ui("redflags.unknown_flag", flag=flag_id))
        if on:
            self.ticked.add(flag_id)
        else:
            self.ticked.discard(flag_id)

    def clear(self) -> None:
        self.ticked.clear()

    def level_of(self, ticked: set[str] | None = None) -> tuple[str, int]:
        chosen = [self.by_id[i] for i in (self.ticked if ticked is None else ticked)]
        score = sum(f.weight for f in chosen)
        if any(f.group == "danger" for f in chosen):
            return "danger", score
        if any(f.weight >= self.high_weight for f in chosen):
            return "high", score
        if score >= self.medium_total:
            return "medium", score
        if chosen:
            return "low", score
        return "none", score

    def assess(self) -> Assessment:
        level, score = self.level_of()
        chosen = tuple(f for f in self.flags if f.id in self.ticked)  # content order
        refs = tuple(dict.fromkeys(r for f in chosen for r in f.refs))
        lv = self.levels[level]
        return Assessment(level, score, lv.title, lv.summary, lv.steps, chosen, refs)

    def summary(self) -> str:
        """Plain Chinese text of the assessment (for print and for the saved file)."""
        a = self.assess()
        lines = [ui("redflags.summary_level", level=a.title), a.summary]
        if a.steps:
            lines.append(ui("redflags.what_to_do"))
            lines += [f"{i}. {s}" for i, s in enumerate(a.steps, 1)]
        if a.flags:
            lines.append(ui("redflags.about_each"))
            lines += [f"- {f.label}：{f.advice}" for f in a.flags]
        return "\n".join(lines)

    def to_markdown(self, note: str = "", now: dt.datetime | None = None) -> str:
        """The record as Markdown (content/templates/red_flags.md.j2); the note and every other
        text Markdown-escaped (no HTML, no links or images)."""
        from ..quiz import references

        note = self._check_note(note)
        now = now or dt.datetime.now()
        a = self.assess()
        texts = {"title": ui("redflags.file_title"), "time": ui("redflags.file_time", time=now.strftime("%Y-%m-%d %H:%M")),
                 "ticked": ui("redflags.file_ticked"), "ticked_none": ui("redflags.ticked_none"),
                 "result": ui("redflags.result_title"), "note": ui("redflags.file_note"), "refs": ui("common.refs"),
                 "disclaimer": ui("redflags.file_disclaimer")}
        return exports.render("red_flags.md.j2", t=texts, ticked=[f.label for f in a.flags], summary=self.summary(),
                              note=note, refs=references.cite(a.refs) if a.refs else "")

    def _check_note(self, note: str) -> str:
        note = (note or "").strip()
        if len(note) > MAX_NOTE:
            raise SaveRefused(ui("redflags.note_too_long", max=MAX_NOTE))
        refused = refusal(note, ui("privacy.note"))
        if refused:
            raise SaveRefused("✘ " + refused)
        return note

    def save(self, note: str = "", folder: str | Path | None = None, now: dt.datetime | None = None) -> Path:
        """Write the assessment as Markdown into `folder` (default ./我的文件/); SaveRefused on a bad note."""
        now = now or dt.datetime.now()
        body = self.to_markdown(note, now)
        try:
            base = exports.ensure_folder(exports.folder_for(folder, self.folder))
            return exports.write_text(exports.stamped_path(base, FILE_STEM, "md", now), body)
        except OSError as exc:
            raise SaveRefused(ui("redflags.save_failed", reason=exc.strerror or str(exc))) from exc

    def result_html(self) -> str:
        from ..quiz import references

        esc = html.escape
        a = self.assess()
        symbol = {"none": "…", "low": "ⓘ", "medium": "⚠", "high": "⚠", "danger": "⚠"}[a.level]
        parts = [f"<div class='overdue-redflags-result overdue-level-{a.level}'>",
                 f"<h4>{esc(symbol)} {esc(a.title)}</h4><p>{esc(a.summary)}</p>"]
        if a.steps:
            parts.append(f"<p><b>{esc(ui('redflags.what_to_do'))}</b></p><ol>")
            parts += [f"<li>{esc(s)}</li>" for s in a.steps]
            parts.append("</ol>")
        if a.flags:
            parts.append(f"<p><b>{esc(ui('redflags.about_each'))}</b></p><ul>")
            parts += [f"<li><b>{esc(f.label)}</b>：{esc(f.advice)}</li>" for f in a.flags]
            parts.append("</ul>")
        if a.refs:
            parts.append(references.render_html(a.refs))
        parts.append("</div>")
        return "".join(parts)
