"""The course reads plainly for a worried reader who is not here to program.

No sentence of the lessons is longer than 80 Chinese characters, and every exercise's hints start in
words: code-like hints ("用 SCRIPT.scene(...) 查看") come only after the plain ones.

A sentence ends at 。！？； or where Markdown ends a block (a blank line, a heading, a list item, a
quote). A soft line break inside a paragraph does not end a sentence: the reader sees one paragraph.
Tables, code (fenced and inline), HTML tags, the URLs of links and collapsed <details> blocks
("想看算法？") are not counted; what a link shows is. Only Han characters are counted.
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 80

# Every page a learner reads: lessons 00-09 and the 术语表 (instructor notes are not checked).
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))


HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
DETAILS = re.compile(r"<details\b.*?</details>", re.S | re.I)
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
TAG = re.compile(r"<[^>\n]+>")
BLOCK_START = re.compile(r"^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|>)")
SENTENCE_END = re.compile(r"[。！？；]")


def sentences(markdown: str) -> list[str]:
    """The sentences a reader meets in one markdown cell, markup and skipped parts removed."""
    text = DETAILS.sub("\n\n", markdown)
    text = FENCE.sub("\n\n", text)
    text = re.sub(r"`[^`\n]*`", "", text)
    text = LINK.sub(r"\1", text)
    text = TAG.sub("", text)
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("|") or BLOCK_START.match(line):
            if current:
                blocks.append("".join(current))
            current = [] if not line.strip() or line.lstrip().startswith("|") else [line.strip()]
        else:
            current.append(line.strip())
    if current:
        blocks.append("".join(current))
    return [s.strip() for b in blocks for s in SENTENCE_END.split(b) if s.strip()]


def han_count(sentence: str) -> int:
    return len(HAN.findall(sentence))


def long_sentences(nb) -> list[str]:
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found += [f"{han_count(s)}字：{s}" for s in sentences(cell.source) if han_count(s) > LIMIT]
    return found


def test_every_lesson_and_the_glossary_are_checked():
    assert {p.stem[:2] for p in LESSONS} >= {f"{n:02d}" for n in range(10)} | {"gl"}


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_no_lesson_sentence_is_longer_than_80_chinese_characters(path):
    assert long_sentences(nbformat.read(path, as_version=4)) == []


def test_the_rule_splits_where_a_reader_stops_and_skips_what_is_not_prose():
    long = "因" * 81
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(s) for s in (
        "因" * 50 + "\n" + "果" * 31 + "。",                       # a soft break does not end a sentence
        "| " + long + " |\n|---|",                                # tables are skipped
        "```\n" + long + "\n```",                                 # so is code
        "<details>\n<summary>想看算法？</summary>\n\n" + long + "\n\n</details>",
        "[短](https://example.org/" + "长" * 90 + ")",            # a link's URL is not read
        "- " + "因" * 50 + "\n- " + "果" * 50,                     # each list item is its own sentence
        "因" * 50 + "；" + "果" * 50 + "。",
    )]
    assert long_sentences(nb) == [f"81字：{'因' * 50}{'果' * 31}"]


# Hints that need Python to follow: a call, an attribute, an assignment or an index, or a name from
# the code ("cap_check", "knock"); the English a reader meets on a phone or in a lesson is allowed.
CODE = re.compile(r"[A-Za-z_]\w*\s*\(|[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_]|[)\]]\.[A-Za-z_]|(?<![\w.])\.[a-z_]\w*"
                  r"|[A-Za-z_]\w*\s*=[^=]|\w\[\d+\]")
EVERYDAY_ENGLISH = {"App", "APP", "QQ", "IRR", "LPR", "GB"}


def needs_code(hint: str) -> bool:
    words = re.findall(r"[A-Za-z_][A-Za-z0-9_]+", hint)
    return bool(CODE.search(hint)) or any(w not in EVERYDAY_ENGLISH for w in words)


EXERCISES = sorted((ROOT / "src/overdue/content/exercises").glob("lesson*.yaml"))


def exercise_hints():
    from overdue.exercises.records import load_set

    for path in EXERCISES:
        for record in load_set(path.stem).exercises:  # hints as shown: option labels filled in
            yield record.id, [h["zh"] for h in record.check_texts()["hints"]]


def test_the_code_pattern_tells_code_from_words():
    for code in ("用 cap_check 算", "从 knock 开始", "用 SCRIPT.scene(\"knock\").choices 查看", "也就是 .total。",
                 "log = ContactLog()", "loan.due_dates[1] + timedelta(days=60)", "plan24.total_interest - plan12.total_interest"):
        assert needs_code(code), code
    for words in ("差额 = 对方说的数字 − 你算出的数字。", "每一期：1000 × 0.0005 × 1.5 × 该期逾期天数",
                  "打开 App 或 QQ 里的页面", "选 A 还是 B？", "《民法典》第670条：利息预先扣了的，按实际借款数额计算利息。"):
        assert not needs_code(words), words


@pytest.mark.parametrize(("name", "hints"), list(exercise_hints()), ids=lambda v: v if isinstance(v, str) else "")
def test_hints_start_in_words_and_keep_code_for_last(name, hints):
    code = [needs_code(h) for h in hints]
    assert hints and not code[0], f"{name}: the first hint needs Python: {hints[0]}"
    assert code == sorted(code), f"{name}: a plain hint comes after a code one: {hints}"
