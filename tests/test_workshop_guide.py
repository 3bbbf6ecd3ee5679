"""The instructor's workshop guide (notebooks/instructor/workshop_guide.ipynb): each agenda's minutes
add up to the total its heading states and its start times follow on; every hotline number the guide
names sits on a line that cites a reference backing that number; the guide makes the printed sheet."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from overdue.i18n import text
from overdue.quiz import references
from overdue.workshop import handouts

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "notebooks" / "instructor" / "workshop_guide.ipynb"
TOTAL = re.compile(r"（共\s*(?:(\d+)\s*小时)?\s*(?:(\d+)\s*分钟)?）")
CITED = re.compile(r"`([a-z][a-z0-9_]*_[a-z0-9_]+)`")


def markdown(path: Path | None = None) -> str:
    nb = nbformat.read(path or GUIDE, as_version=4)
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def agendas(md: str) -> list[tuple[str, int, list[tuple[int, int]]]]:
    """Each agenda table under a heading that states a total: (heading, total minutes, [(start, minutes)]).

    An agenda table is one whose header row begins ``| 时间 | 分钟 |``; its heading is the nearest
    heading above it. A heading that states no total, or a row that is not ``| h:mm | n |``, is an error."""
    found = []
    heading = None
    lines = md.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith("#"):
            heading = line
        if re.match(r"\|\s*时间\s*\|\s*分钟\s*\|", line):
            assert heading, "an agenda table with no heading above it"
            m = TOTAL.search(heading)
            assert m and (m[1] or m[2]), f"the heading of an agenda states no total: {heading}"
            total = int(m[1] or 0) * 60 + int(m[2] or 0)
            rows = []
            i += 2  # the header and the |---| line
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                start = re.fullmatch(r"(\d+):(\d\d)", cells[0])
                assert start and cells[1].isdigit(), f"not an agenda row: {lines[i]}"
                rows.append((int(start[1]) * 60 + int(start[2]), int(cells[1])))
                i += 1
            found.append((heading, total, rows))
            continue
        i += 1
    return found


def check_agenda(heading: str, total: int, rows: list[tuple[int, int]]) -> list[str]:
    problems = []
    if sum(m for _, m in rows) != total:
        problems.append(f"{heading}: the rows add up to {sum(m for _, m in rows)} min, not {total}")
    clock = 0
    for start, minutes in rows:
        if start != clock:
            problems.append(f"{heading}: a row starts at {start // 60}:{start % 60:02d}, not {clock // 60}:{clock % 60:02d}")
        clock = start + minutes
    return problems


def test_each_agenda_adds_up_to_its_stated_total():
    found = agendas(markdown())
    assert len(found) >= 2, "the guide should have the full agenda and the 2-hour one"
    assert any(total == 120 for _, total, _ in found), "no agenda of exactly 2 hours"
    for heading, total, rows in found:
        assert rows, f"{heading}: an empty agenda"
        assert check_agenda(heading, total, rows) == []


def test_the_agenda_check_notices_a_wrong_sum_and_a_gap():
    md = ("### 短版（共 1 小时）\n\n| 时间 | 分钟 | 内容 |\n|---|---|---|\n"
          "| 0:00 | 30 | 开场 |\n| 0:30 | 35 | 第 1 课 |\n")
    (heading, total, rows), = agendas(md)
    assert total == 60 and check_agenda(heading, total, rows) == ["### 短版（共 1 小时）: the rows add up to 65 min, not 60"]
    gap = check_agenda("x", 60, [(0, 30), (40, 30)])
    assert len(gap) == 1 and "starts at 0:40, not 0:30" in gap[0]
    with pytest.raises(AssertionError, match="states no total"):
        agendas("## 日程\n\n| 时间 | 分钟 | 内容 |\n|---|---|---|\n| 0:00 | 10 | 开场 |\n")


def test_every_hotline_number_in_the_guide_cites_a_reference_that_backs_it():
    numbers = {r.number for r in handouts.call_rows()}
    table = references.load()
    checked = 0
    for line in markdown().splitlines():
        named = {n for n in numbers if re.search(rf"(?<![\d.:/]){n}(?![\d.:/])", line)}
        if not named:
            continue
        cited = CITED.findall(line)
        assert cited, f"a hotline number without a reference id: {line}"
        unknown = [i for i in cited if i.startswith("hotline_") and i not in table]
        assert not unknown, f"unknown reference ids {unknown}: {line}"
        for n in named:
            assert any(i in table and (text(table[i].article) == n or n in text(table[i].paraphrase)) for i in cited), \
                f"{n} is not backed by {cited}: {line}"
            checked += 1
    assert checked >= 5, "the guide names fewer hotline numbers than expected (distress steps, disclaimer)"


def test_the_guide_makes_the_sheet_and_keeps_no_retyped_directory():
    nb = nbformat.read(GUIDE, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "handouts.write_hotline_sheet()" in code
    # the numbers are listed by the sheet, not in a hand-typed table of the guide
    assert not re.search(r"^\|.*\*\*(95384|12378|12363)\*\*", markdown(), re.M)
