"""The course's commands, the same on Windows, macOS and Linux (no make or bash needed).

    python -m overdue lab                 # JupyterLab in Simplified Chinese, on lesson 00
    python -m overdue workshop            # the participants' live-quiz server (Voila)
    python -m overdue check [files]       # validate the course's content files

Installed with the package as the console script ``overdue-course``. Arguments this command does not
know are passed on to JupyterLab or the workshop server unchanged.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

LESSON_00 = Path("notebooks") / "00_start_here.ipynb"


def lab_settings_dir() -> Path:
    """JupyterLab's application settings shipped with the course: Simplified Chinese menus and no
    news prompt (``overrides.d/overdue-course.json``). Given to JupyterLab on its command line, so
    the user's own JupyterLab settings are never written."""
    return Path(str(resources.files("overdue") / "jupyter" / "lab-settings"))


def course_root(start: Path | None = None) -> Path:
    """The course folder (the one holding notebooks/00_start_here.ipynb): cwd, a parent of it, or
    the repository this package was installed from in editable mode."""
    candidates = [Path(start)] if start is not None else []
    candidates += [Path.cwd(), Path(__file__).resolve().parents[2]]
    for base in candidates:
        for d in (base, *base.parents):
            if (d / LESSON_00).is_file():
                return d
    raise FileNotFoundError(f"{LESSON_00} not found: run this in the course folder")


def root_flag() -> list[str]:
    """Jupyter refuses to run as root (containers, CI) without --allow-root."""
    geteuid = getattr(os, "geteuid", None)
    return ["--allow-root"] if geteuid is not None and geteuid() == 0 else []


def lab_command(port: int = 8888, open_browser: bool = True, extra: list[str] | None = None,
                root: Path | None = None) -> list[str]:
    """The JupyterLab command line `python -m overdue lab` runs."""
    root = root or course_root()
    cmd = [
        sys.executable, "-m", "jupyterlab",
        f"--LabApp.app_settings_dir={lab_settings_dir()}",
        f"--ServerApp.port={port}",
        f"--ServerApp.root_dir={root}",
        *root_flag(),
    ]
    if not open_browser:
        cmd.append("--no-browser")
    return [*cmd, *(extra or []), str(root / LESSON_00)]


def _lab(args: argparse.Namespace, extra: list[str]) -> int:
    try:
        cmd = lab_command(args.port, not args.no_browser, extra)
    except FileNotFoundError as exc:
        print(f"找不到课程文件夹：{exc}", file=sys.stderr)
        return 2
    return subprocess.call(cmd)


def _workshop(args: argparse.Namespace, extra: list[str]) -> int:
    from .workshop import serve

    return serve.main(extra)


def _check(args: argparse.Namespace, extra: list[str]) -> int:
    """Quizzes, role-plays and references (overdue.quiz check), the course manifest, then every
    other content file and the links between files (overdue.tools.contentcheck)."""
    from . import manifest
    from .quiz.__main__ import main as quiz_main

    status = quiz_main(["check", *args.paths, *extra])
    if args.paths:
        return status
    try:
        found = manifest.problems(root=_root_or_none())
        lessons = len(manifest.course().lessons)
    except Exception as exc:  # a broken manifest is a problem to report, not a crash
        found, lessons = [str(exc)], 0
    for problem in found:
        print(f"✘ {problem}")
    print(f"课程清单 {manifest.MANIFEST_FILE}：{lessons} 课；" + (f"{len(found)} 个问题。" if found else "✔ 没有发现问题。"))
    from .tools import contentcheck

    others, files = contentcheck.problems()
    for problem in others:
        print(f"✘ {problem}")
    print(f"其他内容文件：{files} 个，以及所有文件之间的引用；" + (f"{len(others)} 个问题。" if others else "✔ 没有发现问题。"))
    return status or (1 if found or others else 0)


def _root_or_none() -> Path | None:
    try:
        return course_root()
    except FileNotFoundError:
        return None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m overdue", description="网贷逾期课程的命令（Windows、macOS、Linux 通用）")
    sub = p.add_subparsers(dest="command", required=True)
    lab = sub.add_parser("lab", help="用 JupyterLab 打开课程（中文界面），从第 0 课开始")
    lab.add_argument("--port", type=int, default=8888, help="JupyterLab 的端口（默认 8888）")
    lab.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    lab.set_defaults(run=_lab)
    ws = sub.add_parser("workshop", help="启动学员答题页面（Voila）；其余参数交给 overdue.workshop.serve")
    ws.set_defaults(run=_workshop)
    check = sub.add_parser("check", help="检查课程内容文件（题库、角色扮演、依据）")
    check.add_argument("paths", nargs="*", help="YAML 文件或文件夹（默认：全部）")
    check.set_defaults(run=_check)
    return p


def main(argv: list[str] | None = None) -> int:
    args, extra = parser().parse_known_args(argv)
    return args.run(args, extra)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
