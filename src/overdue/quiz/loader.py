"""Load and check question banks and role-plays.

`load_bank` / `load_roleplay` return validated models or raise `QuizContentError` whose lines each
name the file, the item, the field and the problem. The checks that need more than one item are here,
as small functions over a validated model that return problems:

- `ref_problems`: every ref id exists in references.yaml;
- `graph_problems`: a role-play's targets exist, every scene and ending is reachable from the start,
  and from every scene some path reaches an ending (no trap loops);
- `duplicate_question_ids`: question ids are unique across all banks.
- `outcome.tag_problems` (at load) and `outcome.path_problems` (in `check_paths`): every choice is
  tagged with the safe actions and harms of content/actions.yaml, and every path earns what it did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..contentfiles import content_dir
from . import outcome as outcome_mod
from . import references as references_mod
from .models import Bank, Reference, RolePlayScript
from .problems import Problem, QuizContentError, from_validation_error
from .yamlio import read

QUIZ_DIR = "quizzes"
ROLEPLAY_DIR = "roleplays"

RefTable = Mapping[str, Reference]


def _line(raw: Any, list_field: str, item_id: str) -> int | None:
    if isinstance(raw, dict):
        for item in raw.get(list_field) or []:
            if isinstance(item, dict) and item.get("id") == item_id:
                return getattr(item, "line", None)
    return None


def _ref_table(refs: RefTable | str | Path | None) -> tuple[RefTable, list[Problem]]:
    if refs is not None and not isinstance(refs, (str, Path)):
        return refs, []
    try:
        return references_mod.load(refs), []
    except QuizContentError as exc:
        return {}, exc.problems


# ----------------------------------------------------------------------------- cross-item checks


def ref_problems(
    file: str, raw: Any, items: Iterable[tuple[str, str, str, list[str]]], refs: RefTable
) -> list[Problem]:
    """Problems for ref ids missing from `refs`; items are (kind, list_field, id, refs)."""
    problems = []
    for kind, list_field, item_id, ids in items:
        for ref in ids:
            if ref not in refs:
                hint = "（references.yaml 还是空的）" if not refs else ""
                problems.append(
                    Problem(
                        file=file,
                        item=f"{kind} {item_id}",
                        field="refs",
                        line=_line(raw, list_field, item_id),
                        message=f"依据 “{ref}” 在 references.yaml 中不存在{hint}",
                    )
                )
    return problems


def graph_problems(file: str, raw: Any, rp: RolePlayScript) -> list[Problem]:
    """Check a role-play's scene graph (targets, reachability, a way out of every scene)."""
    problems: list[Problem] = []
    scene_ids = [s.id for s in rp.scenes]
    ending_ids = [e.id for e in rp.endings]
    seen: set[str] = set()
    for kind, list_field, node_id in [("场景", "scenes", i) for i in scene_ids] + [
        ("结局", "endings", i) for i in ending_ids
    ]:
        if node_id in seen:
            problems.append(
                Problem(
                    file=file,
                    item=f"{kind} {node_id}",
                    field="id",
                    line=_line(raw, list_field, node_id),
                    message="id 重复（场景和结局的 id 在一个文件里必须唯一）",
                )
            )
        seen.add(node_id)
    nodes = set(scene_ids) | set(ending_ids)
    if rp.start not in scene_ids:
        what = "是一个结局，不能作为开头" if rp.start in ending_ids else "不存在"
        problems.append(Problem(file=file, field="start", message=f"开头场景 “{rp.start}” {what}"))
    edges: dict[str, list[str]] = {s.id: [] for s in rp.scenes}
    for scene in rp.scenes:
        for choice in scene.choices:
            if choice.target in nodes:
                edges[scene.id].append(choice.target)
            else:
                problems.append(
                    Problem(
                        file=file,
                        item=f"场景 {scene.id}",
                        field=f"choices.{choice.id}.target",
                        line=_line(raw, "scenes", scene.id),
                        message=f"目标 “{choice.target}” 不存在（既不是场景，也不是结局）",
                    )
                )
    if problems:
        return problems
    reachable = _walk({rp.start}, edges)
    for kind, list_field, node_id in [("场景", "scenes", i) for i in scene_ids] + [
        ("结局", "endings", i) for i in ending_ids
    ]:
        if node_id not in reachable:
            problems.append(
                Problem(
                    file=file,
                    item=f"{kind} {node_id}",
                    line=_line(raw, list_field, node_id),
                    message=f"从开头 “{rp.start}” 出发走不到这里（没有一条选择的路通到它）",
                )
            )
    reverse: dict[str, list[str]] = {}
    for src, targets in edges.items():
        for t in targets:
            reverse.setdefault(t, []).append(src)
    can_end = _walk(set(ending_ids), reverse)
    for scene_id in scene_ids:
        if scene_id in reachable and scene_id not in can_end:
            trapped = sorted(n for n in _walk({scene_id}, edges) if n not in can_end)
            problems.append(
                Problem(
                    file=file,
                    item=f"场景 {scene_id}",
                    field="choices",
                    line=_line(raw, "scenes", scene_id),
                    message="死循环：从这里出发，选择只会在 "
                    + "、".join(trapped)
                    + " 里打转，走不到任何结局；请加一个通向结局的选择",
                )
            )
    return problems


def _walk(starts: set[str], edges: Mapping[str, list[str]]) -> set[str]:
    seen = set(starts)
    todo = list(starts)
    while todo:
        for nxt in edges.get(todo.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def duplicate_question_ids(banks: Iterable[tuple[str, Any, Bank]]) -> list[Problem]:
    """Question ids used in more than one place; banks are (file, raw, bank)."""
    first: dict[str, str] = {}
    problems = []
    for file, raw, bank in banks:
        for q in bank.questions:
            if q.id in first:
                problems.append(
                    Problem(
                        file=file,
                        item=f"题目 {q.id}",
                        field="id",
                        line=_line(raw, "questions", q.id),
                        message=f"id 已在 {first[q.id]} 中使用（题目 id 在所有题库中必须唯一）",
                    )
                )
            else:
                first[q.id] = file
    return problems


# ----------------------------------------------------------------------------- from data


def check_bank_data(
    data: Any, file: str = "<bank>", refs: RefTable | str | Path | None = None
) -> tuple[Bank | None, list[Problem]]:
    """Validate parsed bank data: the model (or None) and every problem found."""
    if not isinstance(data, dict) or "bank" not in data:
        return None, [
            Problem(file=file, message="不是题库文件：应以 bank: 开头（见 docs/authoring-quizzes.md）")
        ]
    try:
        bank = Bank.model_validate(data)
    except ValidationError as exc:
        return None, from_validation_error(file, data, exc)
    table, problems = _ref_table(refs)
    items = [("题目", "questions", q.id, q.refs) for q in bank.questions]
    problems += ref_problems(file, data, items, table)
    return bank, problems


def check_roleplay_data(
    data: Any, file: str = "<roleplay>", refs: RefTable | str | Path | None = None
) -> tuple[RolePlayScript | None, list[Problem]]:
    """Validate parsed role-play data: the model (or None) and every problem found."""
    if not isinstance(data, dict) or "roleplay" not in data:
        return None, [
            Problem(
                file=file, message="不是角色扮演文件：应以 roleplay: 开头（见 docs/authoring-quizzes.md）"
            )
        ]
    try:
        rp = RolePlayScript.model_validate(data)
    except ValidationError as exc:
        return None, from_validation_error(file, data, exc)
    problems = graph_problems(file, data, rp)
    try:
        problems += outcome_mod.tag_problems(file, rp, outcome_mod.load_vocabulary())
    except QuizContentError as exc:
        problems += exc.problems
    table, ref_errors = _ref_table(refs)
    items = [("场景", "scenes", s.id, [r for c in s.choices for r in c.refs]) for s in rp.scenes]
    items += [("结局", "endings", e.id, e.refs) for e in rp.endings]
    problems += ref_errors + ref_problems(file, data, items, table)
    return rp, problems


def bank_from_data(data: Any, file: str = "<bank>", refs: RefTable | str | Path | None = None) -> Bank:
    """A validated Bank from parsed YAML data, or QuizContentError."""
    bank, problems = check_bank_data(data, file, refs)
    if problems or bank is None:
        raise QuizContentError(problems)
    return bank


def roleplay_from_data(
    data: Any, file: str = "<roleplay>", refs: RefTable | str | Path | None = None
) -> RolePlayScript:
    """A validated RolePlayScript from parsed YAML data, or QuizContentError."""
    rp, problems = check_roleplay_data(data, file, refs)
    if problems or rp is None:
        raise QuizContentError(problems)
    return rp


# ----------------------------------------------------------------------------- from files


def _is_path(name: str | Path) -> bool:
    return isinstance(name, Path) or name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name


def _find(folder: str, key: str, name: str) -> Path:
    base = content_dir() / folder
    direct = base / f"{name}.yaml"
    if direct.exists():
        return direct
    for path in sorted(base.glob("*.yaml")):
        try:
            data = read(path)
        except QuizContentError:
            continue
        if isinstance(data, dict) and data.get(key) == name:
            return path
    kind = "题库" if key == "bank" else "角色扮演"
    raise QuizContentError([Problem(file=f"{folder}/{name}.yaml", message=f"找不到{kind} “{name}”")])


def load_bank(name: str | Path, refs: RefTable | str | Path | None = None) -> Bank:
    """A question bank by bank id (content/quizzes/<id>.yaml) or by file path."""
    path = Path(name) if _is_path(name) else _find(QUIZ_DIR, "bank", str(name))
    return bank_from_data(read(path), path.name, refs)


def load_roleplay(name: str | Path, refs: RefTable | str | Path | None = None) -> RolePlayScript:
    """A role-play by id (content/roleplays/<id>.yaml) or by file path."""
    path = Path(name) if _is_path(name) else _find(ROLEPLAY_DIR, "roleplay", str(name))
    return roleplay_from_data(read(path), path.name, refs)


def shipped_files(folder: str) -> list[Path]:
    return sorted((content_dir() / folder).glob("*.yaml"))


def all_banks() -> dict[str, Bank]:
    """Every shipped bank by id; raises QuizContentError if any is bad or question ids collide."""
    report = check_paths(shipped_files(QUIZ_DIR))
    if report.problems:
        raise QuizContentError(report.problems)
    return {b.bank: b for b in report.banks}


def all_roleplays() -> dict[str, RolePlayScript]:
    """Every shipped role-play by id (QuizContentError if any is bad)."""
    report = check_paths(shipped_files(ROLEPLAY_DIR))
    if report.problems:
        raise QuizContentError(report.problems)
    return {r.roleplay: r for r in report.roleplays}


# ----------------------------------------------------------------------------- the author's check


@dataclass
class CheckReport:
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    banks: list[Bank] = field(default_factory=list)
    roleplays: list[RolePlayScript] = field(default_factory=list)
    references: int = 0
    # per role-play id: the paths walked by the outcome checks (overdue.quiz.outcome)
    path_counts: dict[str, outcome_mod.PathCounts] = field(default_factory=dict)


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml"))
        else:
            out.append(p)
    return out


def default_paths() -> list[Path]:
    """All shipped quiz content: references.yaml, every bank, every role-play."""
    return [references_mod.shipped_path(), *shipped_files(QUIZ_DIR), *shipped_files(ROLEPLAY_DIR)]


def check_paths(paths: Iterable[str | Path] | None = None) -> CheckReport:
    """Check files (banks, role-plays, references; found by their first key) and collect problems.

    Refs resolve against a references file among `paths` if there is one, else the shipped one.
    Question ids are checked unique across the given banks and the shipped banks with other ids.
    """
    given = paths is not None
    files = _expand(paths) if given else default_paths()
    report = CheckReport(files=files)
    parsed: list[tuple[Path, Any]] = []
    ref_files: list[tuple[Path, Any]] = []
    for path in files:
        if not given and path.name == references_mod.FILE_NAME and not path.exists():
            continue
        try:
            data = read(path)
        except QuizContentError as exc:
            report.problems += exc.problems
            continue
        if isinstance(data, list) or (data is None and path.name == references_mod.FILE_NAME):
            ref_files.append((path, data))
        else:
            parsed.append((path, data))
    table: dict[str, Reference] = {}
    if ref_files:
        for path, data in ref_files:
            entries, problems = references_mod.validate(data, path.name)
            report.problems += problems
            table.update(entries)
        report.references = len(table)
    else:
        loaded, problems = _ref_table(None)
        table = dict(loaded)
        report.problems += problems
    checked_banks: list[tuple[str, Any, Bank]] = []
    for path, data in parsed:
        if isinstance(data, dict) and "bank" in data:
            bank, problems = check_bank_data(data, path.name, table)
            if bank is not None:
                report.banks.append(bank)
                checked_banks.append((path.name, data, bank))
        elif isinstance(data, dict) and "roleplay" in data:
            rp, problems = check_roleplay_data(data, path.name, table)
            if rp is not None:
                report.roleplays.append(rp)
                if not problems:
                    found, counts = outcome_mod.path_problems(path.name, rp)
                    problems += found
                    report.path_counts[rp.roleplay] = counts
        else:
            problems = [
                Problem(
                    file=path.name,
                    message="无法识别的文件：题库以 bank: 开头，角色扮演以 roleplay: 开头，"
                    "依据文件是一个列表",
                )
            ]
        report.problems += problems
    others: list[tuple[str, Any, Bank]] = []
    if given and checked_banks:
        mine = {Path(p).resolve() for p in files}
        ids = {b.bank for _, _, b in checked_banks}
        for path in shipped_files(QUIZ_DIR):
            if path.resolve() in mine:
                continue
            try:
                data = read(path)
                bank, _ = check_bank_data(data, path.name, table)
            except QuizContentError:
                continue
            if bank is not None and bank.bank not in ids:
                others.append((path.name, data, bank))
    report.problems += duplicate_question_ids(others + checked_banks)
    return report
