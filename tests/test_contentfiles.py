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
