"""The course's legal references (content/references.yaml): load, look up, cite, render.

from overdue.quiz import references
references.get("civil_code_1033").paraphrase      # a Reference model
references.cite(["civil_code_1033", "pipl_10"])   # "《中华人民共和国民法典》第一千零三十三条；《个人信息保护法》第十条"
references.render_html(["civil_code_1033"])       # an escaped <ul class="overdue-refs"> for a view
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..contentfiles import content_dir
from ..i18n import text, ui
from .models import Reference
from .problems import Problem, QuizContentError, from_validation_error
from .yamlio import read

FILE_NAME = "references.yaml"
# Kinds shown without a date (a hotline or a product has no "施行" date); see models.KIND_DATE_VERB.
UNDATED_KINDS = ("hotline", "product")
_cache: dict[Path, tuple[float, dict[str, Reference]]] = {}


def shipped_path() -> Path:
    return content_dir() / FILE_NAME


def validate(data: Any, file: str = FILE_NAME) -> tuple[dict[str, Reference], list[Problem]]:
    """Validate parsed references.yaml data: the entries that passed, and every problem found."""
    if data is None:
        return {}, []
    if not isinstance(data, list):
        return {}, [Problem(file=file, message="应为一个列表（每条以 - id: ... 开头）")]
    problems: list[Problem] = []
    entries: dict[str, Reference] = {}
    for index, raw in enumerate(data):
        try:
            ref = Reference.model_validate(raw)
        except ValidationError as exc:
            problems += from_validation_error(file, data, _shift(exc, index))
            continue
        if ref.id in entries:
            problems.append(
                Problem(
                    file=file,
                    item=f"条目 {ref.id}",
                    field="id",
                    line=getattr(raw, "line", None),
                    message="id 重复（每条依据的 id 必须唯一）",
                )
            )
            continue
        entries[ref.id] = ref
    return entries, problems


def _shift(exc: ValidationError, index: int) -> ValidationError:
    """Re-locate an item's errors under its list index, so messages name the entry."""
    errors = []
    for err in exc.errors(include_url=False):
        err = dict(err)
        err["loc"] = (index, *err["loc"])
        errors.append(err)
    return _ErrorList(errors)  # type: ignore[return-value]


class _ErrorList:
    """Quacks like a ValidationError for `from_validation_error`."""

    def __init__(self, errors: list[dict]):
        self._errors = errors

    def errors(self, include_url: bool = False) -> list[dict]:
        return self._errors


def load(path: str | Path | None = None) -> dict[str, Reference]:
    """All references by id; a bad file raises QuizContentError listing every problem.

    Results are cached per file and re-read when the file changes. A missing shipped file counts as
    empty (the course is still being written); a missing file named explicitly is an error.
    """
    explicit = path is not None
    p = Path(path) if explicit else shipped_path()
    try:
        mtime = p.stat().st_mtime
    except FileNotFoundError:
        if explicit:
            raise QuizContentError([Problem(file=p.name, message="文件不存在")]) from None
        return {}
    cached = _cache.get(p)
    if cached and cached[0] == mtime:
        return cached[1]
    entries, problems = validate(read(p), p.name)
    if problems:
        raise QuizContentError(problems)
    _cache[p] = (mtime, entries)
    return entries


def get(ref_id: str) -> Reference:
    """The shipped reference `ref_id` (KeyError if there is none)."""
    try:
        return load()[ref_id]
    except KeyError:
        raise KeyError(f"unknown reference id: {ref_id}") from None


def _source(ref: Reference, lang: str | None = None) -> tuple[str, str]:
    law = text(ref.law, lang)
    article = text(ref.article, lang)
    if article in ("全文", "", "—"):
        article = ""
    return law, article


def cite(ids: Iterable[str], lang: str | None = None, refs: dict[str, Reference] | None = None) -> str:
    """A short Chinese citation, e.g. "《中华人民共和国民法典》第一千零三十三条、第一千零三十四条；…".

    Articles of the same law are joined; unknown ids are skipped (the loader already refuses them).
    """
    table = load() if refs is None else refs
    groups: dict[str, list[str]] = {}
    for ref_id in ids:
        ref = table.get(ref_id)
        if ref is None:
            continue
        law, article = _source(ref, lang)
        articles = groups.setdefault(law, [])
        if article and article not in articles:
            articles.append(article)
    return "；".join(_join(law, articles) for law, articles in groups.items())


def _join(law: str, articles: list[str]) -> str:
    """《…》第一条、第二条 for articles; "name detail" when the 'article' is not an article number."""
    if not articles:
        return law
    if all(a.startswith("第") for a in articles):
        return law + "、".join(articles)
    return f"{law} " + "、".join(articles)


def kind_and_date(ref: Reference, lang: str | None = None) -> str:
    """"（法律，全国人民代表大会，2021-01-01 起施行）", "（行业协会的自律规则…，中国银行业协会，2026-01-30 发布）":
    the kind in words, the issuer, and the date with the verb that fits the kind (起施行 / 起实施 /
    发布 / 公布). Kinds without a date (hotline, product) show kind and issuer only."""
    kind = ui(f"ref.kind.{ref.kind}")
    issuer = text(ref.issuer, lang)
    verb = ref.date_verb
    if verb is None or ref.kind in UNDATED_KINDS:
        return ui("ref.no_date", kind=kind, issuer=issuer)
    if ref.in_force is None:
        return ui("ref.undated", kind=kind, issuer=issuer, verb=ui(f"ref.verb_undated.{verb}"))
    return ui("ref.dated", kind=kind, issuer=issuer, date=ref.in_force.isoformat(), verb=ui(f"ref.verb.{verb}"))


def overdue_reviews(today: date | None = None, refs: dict[str, Reference] | None = None) -> list[Reference]:
    """Time-limited references whose review interval has run out by ``today`` (default: today)."""
    day = today or date.today()
    table = load() if refs is None else refs
    return [r for r in table.values() if r.time_limited and r.review_due() is not None and r.review_due() < day]


def render_html(ids: Iterable[str], lang: str | None = None, refs: dict[str, Reference] | None = None) -> str:
    """An HTML list of the references, every part escaped, for an ipywidgets HTML view.

    Each entry: law and article, its kind in words, issuer and date with the kind's verb (`kind_and_date`),
    the plain-words paraphrase; [S] entries are marked as secondary sources, a published rate names its
    latest reading, time-limited ones say when they were checked; an http(s) URL becomes a link.
    """
    table = load() if refs is None else refs
    items = []
    for ref_id in dict.fromkeys(ids):
        ref = table.get(ref_id)
        if ref is None:
            continue
        law, article = _source(ref, lang)
        esc = html.escape
        parts = [f"<b>{esc(_join(law, [article] if article else []))}</b>"]
        parts.append(esc(kind_and_date(ref, lang)))
        parts.append(esc(text(ref.paraphrase, lang)))
        if ref.confidence == "S":
            parts.append(f"<i>{esc(ui('quiz.ref_secondary'))}</i>")
        if ref.kind == "published_rate":
            parts.append(f"<i>{esc(ui('ref.latest_reading', date=ref.latest_reading.isoformat()))}</i>")
        if ref.time_limited:
            parts.append(f"<i>{esc(ui('ref.time_limited', date=ref.checked.isoformat(), days=ref.review_days))}</i>")
        if ref.url:
            url = esc(ref.url, quote=True)
            parts.append(
                f'<a href="{url}" target="_blank" rel="noopener noreferrer" style="text-decoration: underline">{esc(ui("quiz.ref_link"))}</a>'
            )
        items.append(
            f'<li class="overdue-ref" data-ref="{esc(ref.id, quote=True)}">' + " ".join(parts) + "</li>"
        )
    if not items:
        return ""
    title = html.escape(ui("common.refs"))
    return f'<div class="overdue-refs"><b>{title}</b><ul>' + "".join(items) + "</ul></div>"
