"""The course's glossary (content/glossary.yaml) for learners: a searchable 术语表.

`load_glossary` reads and checks the entries (pure); `search` filters them by a query (pure: terms
that match come before entries that only mention the query in their explanation);
`overdue.widgets.glossary.GlossaryView` is a thin ipywidgets view, a search box over the list. Lessons link to
notebooks/glossary.ipynb, which calls `show_glossary()`.

    entries = load_glossary()
    [e.term for e in search(entries, "支付令")]   # ['支付令', ...]
    show_glossary("征信")
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..contentfiles import ContentError, content_dir, read_yaml
from ..i18n import text, ui

FILE = "glossary.yaml"


@dataclass(frozen=True)
class Entry:
    id: str
    term: str
    plain: str
    refs: tuple[str, ...] = ()


def load_glossary(data: Any = None) -> list[Entry]:
    """Every glossary entry, in file order; malformed content is a ContentError naming the entry."""
    if data is None:
        data = read_yaml(content_dir() / FILE)
    if not isinstance(data, list):
        raise ContentError(f"{FILE}: 应为一个列表（每条以 - id: ... 开头）")
    entries: list[Entry] = []
    seen: set[str] = set()
    for i, raw in enumerate(data, 1):
        if not isinstance(raw, Mapping):
            raise ContentError(f"{FILE}: 第 {i} 条不是一个词条")
        try:
            entry = Entry(str(raw["id"]), text(raw["term"]).strip(), text(raw["plain"]).strip(),
                          tuple(raw.get("refs") or ()))
        except (KeyError, TypeError) as exc:
            raise ContentError(f"{FILE}: 第 {i} 条缺少 {exc}") from exc
        if not entry.term or not entry.plain:
            raise ContentError(f"{FILE}: 词条 {entry.id} 的 term 或 plain 是空的")
        if entry.id in seen:
            raise ContentError(f"{FILE}: 词条 id 重复：{entry.id}")
        seen.add(entry.id)
        entries.append(entry)
    return entries


def _fold(s: str) -> str:
    """Compare without case, width (Ｐ/P) or spaces, so "lpr" finds "LPR（贷款市场报价利率）"."""
    return "".join(unicodedata.normalize("NFKC", s).casefold().split())


def search(entries: Sequence[Entry], query: str) -> list[Entry]:
    """Entries whose term contains `query`, then those whose explanation does; all for an empty query."""
    q = _fold(query or "")
    if not q:
        return list(entries)
    in_term = [e for e in entries if q in _fold(e.term) or q == _fold(e.id)]
    in_plain = [e for e in entries if e not in in_term and q in _fold(e.plain)]
    return in_term + in_plain


def entry_html(entry: Entry) -> str:
    """One entry as escaped HTML: the term in bold, the explanation, and its sources cited briefly."""
    from ..quiz import references

    esc = html.escape
    cited = references.cite(entry.refs) if entry.refs else ""
    sources = (f"<div style='color:#555;font-size:90%'>{esc(ui('glossary.sources') + cited)}</div>"
               if cited else "")
    return (f"<div class='overdue-glossary-entry' data-term='{esc(entry.id, quote=True)}' "
            f"style='margin:6px 0'><b>{esc(entry.term)}</b>：{esc(entry.plain)}{sources}</div>")


def results_html(entries: Sequence[Entry], query: str, total: int) -> str:
    if not entries:
        return f"<p>{html.escape(ui('glossary.none', query=query.strip()))}</p>"
    count = html.escape(ui("glossary.count", n=len(entries), total=total))
    return f"<p style='color:#555'>{count}</p>" + "".join(entry_html(e) for e in entries)
