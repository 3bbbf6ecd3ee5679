"""Command line for content authors.

    python -m overdue.quiz check                 # every shipped bank, role-play and references.yaml
    python -m overdue.quiz check my_bank.yaml    # given files or folders

Prints one line per problem, then for each role-play the number of paths walked (each scene at most
twice), how many contain a harm, and their outcomes; exits 1 if there is any (0 when all is well, 2 on a usage error).
"""

from __future__ import annotations

import argparse
import sys

from .loader import check_paths

OUTCOME_NAMES = {"good": "好", "mixed": "还可以更好", "bad": "有风险"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m overdue.quiz",
        description="Check quiz banks, role-plays and references.yaml against the content format.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate content files (default: all shipped content)")
    check.add_argument("paths", nargs="*", help="YAML files or folders")
    args = parser.parse_args(argv)
    report = check_paths(args.paths or None)
    for problem in report.problems:
        print(f"✘ {problem}")
    for rp_id, c in report.path_counts.items():
        outcomes = "，".join(f"{OUTCOME_NAMES[k]} {c.outcomes.get(k, 0)}" for k in ("good", "mixed", "bad"))
        more = "（路径太多，只走了前一部分）" if c.truncated else ""
        print(
            f"角色扮演 {rp_id}：{c.paths} 条路径{more}，其中 {c.harmful} 条含有危害；"
            f"结果：{outcomes}；通过 {c.passed} 条"
        )
    questions = sum(len(b.questions) for b in report.banks)
    scenes = sum(len(r.scenes) for r in report.roleplays)
    print(
        f"检查了 {len(report.files)} 个文件：{len(report.banks)} 个题库（{questions} 题），"
        f"{len(report.roleplays)} 个角色扮演（{scenes} 个场景）；"
        + (f"{len(report.problems)} 个问题。" if report.problems else "✔ 没有发现问题。")
    )
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.exit(main())
