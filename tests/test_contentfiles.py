"""Every content file is read strictly: a duplicate key is an error naming the file and the line,
whatever the file (rules, red flags, UI strings ... not only quizzes)."""

import pytest

from overdue.contentfiles import ContentError, content_dir, read_yaml


def test_a_duplicate_key_in_any_content_file_names_file_and_line(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - id: a\n    label: {zh: 一}\n    label: {zh: 二}\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        read_yaml(bad)
    message = str(err.value)
    assert "rules.yaml" in message and "第 4 行" in message and "label" in message and "重复" in message


def test_every_shipped_content_file_reads_strictly():
    files = sorted(content_dir().rglob("*.yaml"))
    assert len(files) > 20
    for path in files:
        read_yaml(path)  # raises on a duplicate key


def test_each_read_is_the_callers_own_copy_with_its_line_numbers(tmp_path):
    """A file is parsed once per text; a caller that changes what it read changes nobody else's."""
    path = tmp_path / "rates.yaml"
    path.write_text("title: 示例\nrates:\n  - {id: a, daily: 0.0005, since: 2026-01-15}\n  - {id: b, daily: 0.0004}\n",
                    encoding="utf-8")
    first = read_yaml(path)
    first["rates"][0]["daily"] = 99
    first["rates"].append({"id": "c"})
    second = read_yaml(path)
    assert second["rates"][0]["daily"] == 0.0005 and [r["id"] for r in second["rates"]] == ["a", "b"]
    assert (second.line, second["rates"].line, second["rates"][1].line) == (1, 3, 4)
    assert str(second["rates"][0]["since"]) == "2026-01-15"
