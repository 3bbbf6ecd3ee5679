"""Check every content file, not only quizzes and role-plays: `python -m overdue check` runs this.

Each file is loaded by the same function the course uses to load it (so a file that would break a
lesson breaks here first, with the loader's Chinese message), every file is read with the strict YAML
loader (duplicate keys), and the links between files are followed: every ``refs`` id names an entry
of references.yaml, every ``lesson``/``lesson_link`` names a lesson of the manifest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..contentfiles import content_dir, read_yaml


def _loaders() -> list[tuple[str, Callable[[], Any]]]:
    """(file, the course's own loader for it): imported late; the forms' loaders are pure (no widget library)."""
    from .. import i18n, rules
    from ..exercises.records import check_set
    from ..forms import base, consequences, contract, glossary, letter, red_flags, timeline
    from ..manifest import course
    from ..quiz.outcome import load_vocabulary

    found: list[tuple[str, Callable[[], Any]]] = [
        ("rules.yaml", rules.load_rule_pack),
        ("red_flags.yaml", red_flags.load_flags),
        ("consequences.yaml", consequences.load_steps),
        ("contract_sample.yaml", contract.ContractSample),
        ("letters/negotiation_request.yaml", letter.template),
        ("glossary.yaml", glossary.load_glossary),
        ("presets.yaml", base.presets),
        ("collection_stages.yaml", timeline.load_stages),
        ("actions.yaml", load_vocabulary),
        ("ui/*.yaml", i18n.ui_strings),
    ]
    for lesson in course().with_exercises():
        found.append((f"exercises/{lesson.exercises}.yaml", lambda name=lesson.exercises: check_set(name)))
    return found


def _walk(node: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    """(where, key, value) for every mapping entry in a parsed YAML tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(value, dict) and "id" in value:
                where = f"{where}[{value['id']}]"
            yield where, str(key), value
            yield from _walk(value, where)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            label = item.get("id", i) if isinstance(item, dict) else i
            yield from _walk(item, f"{path}[{label}]")


def link_problems(folder: Path | None = None) -> list[str]:
    """refs that name no reference, lessons that name no lesson of the manifest, in every file."""
    from ..manifest import course
    from ..quiz import references

    folder = folder or content_dir()
    ref_ids = set(references.load())
    stems = set(course().stems)
    found = []
    for path in sorted(folder.rglob("*.yaml")):
        rel = path.relative_to(folder).as_posix()
        if rel == "references.yaml":
            continue
        for where, key, value in _walk(read_yaml(path)):
            if key == "refs" and isinstance(value, list):
                found += [f"{rel}: {where}: 依据 “{r}” 在 references.yaml 中不存在" for r in value if r not in ref_ids]
            elif key in ("lesson", "lesson_link") and isinstance(value, str):
                stem = value.split("#", 1)[0].rsplit("/", 1)[-1].removesuffix(".ipynb")
                if stem and stem[:2].isdigit() and stem not in stems:
                    found.append(f"{rel}: {where}: 第 {stem[:2]} 课 “{stem}” 不在课程清单 course.yaml 里")
    return found


def problems() -> tuple[list[str], int]:
    """Every problem found, and how many files were loaded."""
    found: list[str] = []
    files = 0
    for name, load in _loaders():
        files += 1
        try:
            load()
        except Exception as exc:  # each loader raises its own error type; all are reported, none crash
            found.append(f"{name}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    for path in sorted(content_dir().rglob("*.yaml")):
        try:
            read_yaml(path)
        except Exception as exc:
            found.append(str(exc))
    try:
        found += link_problems()
    except Exception as exc:
        found.append(str(exc))
    try:  # in a checkout: the exercise notebooks show exactly their records (overdue.tools.exercises)
        from .exercises import notebook_problems

        found += notebook_problems()
    except Exception as exc:
        found.append(str(exc))
    return found, files
