"""The course's commands, the same on Windows, macOS and Linux (no make or bash needed).

    python -m overdue lab                 # JupyterLab in Simplified Chinese, on lesson 00
    python -m overdue class               # a class: the participants' server and the dashboard
    python -m overdue workshop            # the participants' live-quiz server (Voila) alone
    python -m overdue check [files]       # validate the course's content files
    python -m overdue test [--load|--all] # the tests (default tier; --load: the rest of the browser tests)
    python -m overdue update              # update a git copy of the course, keeping edited notebooks

Installed with the package as the console script ``overdue-course``. Arguments this command does not
know are passed on to JupyterLab, the workshop server or pytest unchanged.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

LESSON_00 = Path("notebooks") / "00_start_here.ipynb"
DASHBOARD_NOTEBOOK = "notebooks/instructor/class_dashboard.ipynb"
# A slow laptop pre-starting its kernels (each runs the participant notebook once) takes a while.
CLASS_READY_TIMEOUT = 300


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


def _local_url(host: str, port: int) -> str:
    """The address at which this machine itself reaches a server bound to `host` (0.0.0.0 cannot
    be connected to on Windows)."""
    if host in ("0.0.0.0", "", "*"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{int(port)}/"


def _port_free(host: str, port: int) -> bool:
    """Whether a server could listen on host:port now (as tornado does: SO_REUSEADDR on POSIX, so a
    port a stopped class has just left still counts as free)."""
    import socket

    bind_host = "0.0.0.0" if host in ("", "*") else host.strip("[]")
    family = socket.AF_INET6 if ":" in bind_host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        if os.name != "nt":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((bind_host, int(port)))
        except OSError:
            return False
    return True


def _raise_interrupt(signum, frame):  # noqa: ARG001 - a signal handler's signature
    raise KeyboardInterrupt


def _stop_server(proc) -> None:
    """Stop the participants' server started by `_class`, and its kernels, without a traceback."""
    import signal

    from .workshop import serve

    for name in ("SIGINT", "SIGTERM", "SIGHUP"):  # a second Ctrl+C does not interrupt the stopping
        if hasattr(signal, name) and (os.name != "nt" or name == "SIGINT"):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    if os.name != "nt":
        serve.stop(proc)  # its process group, then any kernel left behind
        return
    # Windows has neither process groups nor /proc. Ctrl+C in the console reached Voila too, which
    # then shuts its kernels down; otherwise it is ended here, and each kernel ends with it (ipykernel
    # watches its parent process on Windows).
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _windows_colours() -> bool:
    """Turn on ANSI colours in a Windows console (Windows 10 and later; the classic console leaves
    them off for programs). False when that is not possible: the QR code is then drawn in text."""
    try:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.GetStdHandle(-11)  # standard output
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(kernel32.SetConsoleMode(handle, mode.value | 0x0004))  # ENABLE_VIRTUAL_TERMINAL_PROCESSING
    except (AttributeError, OSError):
        return False


def _log_tail(log: Path, lines: int = 12) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _class(args: argparse.Namespace, extra: list[str]) -> int:
    """The participants' server (Voila, its log in a file) and, once it answers, one address, one
    QR code, the answer file and the instructor's dashboard. Ctrl+C stops everything."""
    import signal
    import time
    import webbrowser

    from . import exports
    from .workshop import serve
    from .workshop.db import redacted
    from .workshop.qr import participant_url, print_qr, qr_text
    from .workshop.store import DB_ENV, DatabaseUnavailable, WorkshopStore, data_dir, database_url

    if extra:
        print(f"不认识的参数：{' '.join(extra)}。可以用的参数见 python -m overdue class --help", file=sys.stderr)
        return 2
    try:
        notebook = serve.find_notebook()
    except FileNotFoundError:
        print("找不到课程文件夹（里面应该有 notebooks/instructor/live_quiz.ipynb）。请在课程文件夹里运行这个命令。",
              file=sys.stderr)
        return 2
    if not _port_free(args.host, args.port):
        print(f"端口 {args.port} 已经被占用了（也许课堂服务器已经在运行）。"
              f"可以换一个端口：python -m overdue class --port {args.port + 4}", file=sys.stderr)
        return 1
    db = database_url(args.db)  # a file path made absolute, or a database URL as given
    try:
        store = WorkshopStore(db)  # creates the schema before the kernels race for it
    except DatabaseUnavailable as exc:  # a wrong URL or password: say so, no traceback
        print(exc, file=sys.stderr)
        return 1
    url = participant_url(args.host, args.port)
    store.set_meta(serve.URL_META_KEY, url)
    store.close()
    try:
        log = exports.stamped_path(exports.ensure_folder(data_dir() / "logs"), "class", "log")
    except OSError as exc:
        print(f"不能在数据文件夹里写日志：{exc}", file=sys.stderr)
        return 1

    # Ctrl+C stops the class even when whatever started this command ignored SIGINT (a job started
    # in the background of a script inherits that, and Python then leaves Ctrl+C ignored)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if os.name != "nt":  # closing the terminal or `kill` stops the class like Ctrl+C does
        for name in ("SIGTERM", "SIGHUP"):
            signal.signal(getattr(signal, name), _raise_interrupt)
    print(f"正在启动学员答题页面，并预先准备 {args.pool_size} 个答题进程，请稍等（一般不到一分钟）……", flush=True)
    proc = None
    try:
        proc, _ = serve.launch(notebook, host=args.host, port=args.port, pool_size=args.pool_size,
                               preheat=args.pool_size > 0, env={DB_ENV: db}, log_path=log)
        try:
            serve.wait_ready(proc, _local_url(args.host, args.port), timeout=CLASS_READY_TIMEOUT,
                             log_path=log, pool_size=args.pool_size)
        except RuntimeError:
            print(f"学员答题页面没能启动。详细情况在日志里：{log}\n{_log_tail(log)}", file=sys.stderr)
            return 1
        print()
        if os.name == "nt" and sys.stdout.isatty() and not _windows_colours():
            sys.stdout.write(qr_text(url))  # an old console shows colour codes as text
        else:
            print_qr(url)
        print(f"  学员用手机扫上面的二维码，或在浏览器打开：{url}")
        if args.host in ("0.0.0.0", "", "*", "::") and "//127.0.0.1:" in url:
            print("  注意：这台电脑还没有连上 Wi-Fi 或局域网，手机打不开这个网址。连上以后，按 Ctrl+C 停止，再运行一次这个命令。")
        print(f"  答案保存在：{redacted(db)}")
        dashboard_url = getattr(serve, "dashboard_url", None)
        if dashboard_url is not None:
            dashboard = dashboard_url(args.port, args.host)
            print(f"  老师看板（只在这台电脑上打开）：{dashboard}")
        else:
            dashboard = None
            print("  老师看板：另开一个终端，在课程文件夹里运行 python -m overdue lab，")
            print(f"  再在 JupyterLab 里打开 {DASHBOARD_NOTEBOOK}，运行全部单元格。")
        print(f"  服务器日志：{log}")
        print("  下课后按 Ctrl+C 停止。\n", flush=True)
        if dashboard and not args.no_browser:
            webbrowser.open(dashboard)
        while proc.poll() is None:
            time.sleep(0.5)
        print(f"学员答题页面意外停止了。详细情况在日志里：{log}\n{_log_tail(log)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n正在停止课堂服务器……", flush=True)
        return 0
    finally:
        if proc is not None and proc.poll() is None:
            _stop_server(proc)
            print("课堂服务器已经停止。答案仍然保存在上面的位置。", flush=True)


# ---- python -m overdue test ----

NOTEBOOK_DIRS = ("notebooks", "exercises", "solutions")


@dataclass(frozen=True)
class PytestRun:
    """One pytest run of a test tier: which folders, which markers, how many workers."""

    paths: tuple[str, ...]
    markers: str
    options: tuple[str, ...] = ()

    def command(self, extra: list[str], paths: list[str] | None = None) -> list[str]:
        return [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *self.options, "-m", self.markers,
                *(paths or self.paths), *extra]


# The default tier (`make test`): every test and notebook that needs
# no browser, and the browser tests marked `smoke`, in one run (one notebook or module per worker).
# Tests marked `load` are the full-size runs of checks the default tier makes at a smaller size.
DEFAULT_TIER = (
    PytestRun(("tests", *NOTEBOOK_DIRS), "(not browser or smoke) and not load",
              ("-n", "auto", "--dist", "loadfile", "--nbval-lax")),
)
# The load tier (`make test-load`, CI): every other browser test, two modules at a time, then the
# full-size runs on their own: the class of thirty browser pages, every fuzz value on every form.
LOAD_TIER = (
    PytestRun(("tests/browser",), "browser and not smoke and not load", ("-n", "2", "--dist", "loadfile")),
    PytestRun(("tests",), "load"),
)


# pytest options whose value may look like a path
_VALUE_OPTIONS = {"-k", "-m", "-p", "-c", "-o", "--ignore", "--ignore-glob", "--deselect", "--rootdir", "--basetemp",
                  "--junitxml", "--confcutdir"}


def _own_paths(extra: list[str]) -> tuple[list[str], list[str]]:
    """Split the user's pytest arguments into test paths (files or folders that exist, with an
    optional ::test), made absolute, and the rest."""
    paths, rest = [], []
    for i, arg in enumerate(extra):
        file, sep, test = arg.partition("::")
        if not arg.startswith("-") and (not i or extra[i - 1] not in _VALUE_OPTIONS) and Path(file).exists():
            paths.append(str(Path(file).resolve()) + sep + test)
        else:
            rest.append(arg)
    return paths, rest


def _test_env() -> dict[str, str]:
    """The environment of a test run: the user's, except that Python keeps the modules it compiles.
    Where PYTHONDONTWRITEBYTECODE is set (some containers and CI images set it), every process of the
    run (the workers, about seventy kernels, the servers) would compile the course's modules again
    and pytest would rewrite every test module again in each worker. The caches go to the usual
    ``__pycache__`` folders, which git ignores."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _test(args: argparse.Namespace, extra: list[str]) -> int:
    import importlib.util

    missing = [m for m in ("pytest", "xdist", "nbval") if importlib.util.find_spec(m) is None]
    if missing:
        print(f"还没有安装测试用的软件包（{', '.join(missing)}）。请先运行：\n"
              f'  {Path(sys.executable).name} -m pip install -e ".[test]"', file=sys.stderr)
        return 2
    try:
        root = course_root()
    except FileNotFoundError as exc:
        print(f"找不到课程文件夹：{exc}", file=sys.stderr)
        return 2
    runs = (*DEFAULT_TIER, *LOAD_TIER) if args.all else LOAD_TIER if args.load else DEFAULT_TIER
    paths, rest = _own_paths(extra)
    codes, env = [], _test_env()
    for run in runs:
        cmd = run.command(rest, paths or None)
        print("$ python " + " ".join(cmd[1:]), flush=True)
        try:
            codes.append(subprocess.call(cmd, cwd=root, env=env))
        except KeyboardInterrupt:
            return 130
    failed = [c for c in codes if c not in (0, 5)]  # 5: this run selected no test (a -k or a path)
    if failed:
        return failed[0]
    if 0 not in codes:
        print("没有选中任何测试。浏览器测试大多在 --load 里；--all 运行全部。", file=sys.stderr)
        return 5
    return 0


# ---- python -m overdue update ----

UPDATE_BACKUP_STEM = "更新前的笔记本"


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "--literal-pathspecs", "-C", str(folder), *args], capture_output=True,
                          text=True, encoding="utf-8", errors="replace")


def _no_git_help(reason: str) -> None:
    print(reason, file=sys.stderr)
    print("可以这样更新（不会丢掉你改过的笔记本）：\n"
          "  1. 把课程文件夹里你改过或新建的笔记本（.ipynb 文件）复制到别的地方保存；\n"
          "  2. 下载新版课程，解压到一个新的文件夹；\n"
          "  3. 在新文件夹里重新安装：python -m pip install -e .\n"
          "  4. 需要时，再打开你保存的笔记本对照着看。\n"
          "以后想一条命令更新，可以先安装 git，再用 git clone 下载课程。", file=sys.stderr)


def _notebooks_to_keep(top: Path) -> list[tuple[str, bool]]:
    """(path relative to the repository, tracked in HEAD) of every notebook git status lists as
    changed, added or untracked."""
    out = _git(top, "status", "--porcelain=v1", "-z", "--untracked-files=all")
    entries = out.stdout.split("\0")
    kept, i = [], 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if code[0] in "RC":
            i += 1  # the old name follows
        if not path.endswith(".ipynb") or ".ipynb_checkpoints" in path or not (top / path).is_file():
            continue
        tracked = code != "??" and _git(top, "cat-file", "-e", f"HEAD:{path}").returncode == 0
        kept.append((path, tracked))
    return kept


def _update(args: argparse.Namespace, extra: list[str]) -> int:
    from . import exports
    from .workshop.store import data_dir

    if extra:
        print(f"不认识的参数：{' '.join(extra)}", file=sys.stderr)
        return 2
    try:
        folder = Path(args.folder).resolve() if args.folder else course_root()
    except FileNotFoundError:
        print("找不到课程文件夹（里面应该有 notebooks/00_start_here.ipynb）。请在课程文件夹里运行这个命令。",
              file=sys.stderr)
        return 2
    if shutil.which("git") is None:
        _no_git_help("这台电脑上没有找到 git，所以不能自动更新课程。")
        return 2
    top_out = _git(folder, "rev-parse", "--show-toplevel")
    if top_out.returncode != 0:
        _no_git_help(f"课程文件夹 {folder} 不是用 git 下载的，所以不能自动更新。")
        return 2
    top = Path(top_out.stdout.strip())
    print(f"正在更新课程文件夹：{top}")
    keep = _notebooks_to_keep(top)
    backup = None
    if keep:
        backup = data_dir() / f"{UPDATE_BACKUP_STEM}_{exports.stamp()}"
        try:
            for path, _ in keep:
                (backup / path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(top / path, backup / path)
        except OSError as exc:
            print(f"没能把你的笔记本复制到 {backup}：{exc}\n课程没有更新，你的文件没有改动。", file=sys.stderr)
            return 1
        print(f"已经把你改过或新建的 {len(keep)} 个笔记本复制到：{backup}")
    changed = [path for path, tracked in keep if tracked]
    old = _git(top, "rev-parse", "HEAD").stdout.strip()
    restored = _git(top, "checkout", "HEAD", "--", *changed) if changed else None  # so that the update applies
    pulled = _git(top, "pull", "--ff-only") if restored is None or restored.returncode == 0 else restored
    if pulled.returncode != 0:
        for path in changed:
            shutil.copy2(backup / path, top / path)
        print("没能更新课程。git 的说明：\n  " + "\n  ".join((pulled.stderr or pulled.stdout).strip().splitlines()[-6:]),
              file=sys.stderr)
        print("你的笔记本已经放回原处，和更新前一样" + (f"；另有一份在 {backup}。" if backup else "。"), file=sys.stderr)
        return 1
    new = _git(top, "rev-parse", "HEAD").stdout.strip()
    put_back, updated = [], []
    for path in changed:
        if old == new or _git(top, "diff", "--quiet", old, new, "--", path).returncode == 0:
            try:
                shutil.copy2(backup / path, top / path)  # the update left this notebook alone
                put_back.append(path)
            except OSError:
                updated.append(path)  # then it stays in the backup only, and is listed there
        else:
            updated.append(path)
    print("课程已经是最新版本，没有新内容。" if old == new else "课程已经更新到最新版本。")
    if put_back:
        print("这些笔记本这次没有新内容，你改过的版本已经放回原处：")
        print("".join(f"  {p}\n" for p in put_back), end="")
    if updated:
        print(f"这些笔记本现在是课程的新版本；你改过的版本保存在 {backup}：")
        print("".join(f"  {p}\n" for p in updated), end="")
    new_ones = [path for path, tracked in keep if not tracked]
    if new_ones:
        print("你新建的笔记本留在原处（也复制了一份）：")
        print("".join(f"  {p}\n" for p in new_ones), end="")
    if not keep:
        print("你没有改过课程里的笔记本，没有需要另外保存的文件。")
    return 0


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
    cls = sub.add_parser("class", help="开课：启动学员答题页面，显示网址和二维码，打开老师看板")
    cls.add_argument("--port", type=int, default=8866, help="学员页面的端口（默认 8866）")
    cls.add_argument("--host", default="0.0.0.0", help="监听的地址（默认 0.0.0.0：同一个 Wi-Fi 里的手机都能打开）")
    cls.add_argument("--pool-size", type=int, default=6, help="预先准备的答题进程数（默认 6，每个约 100 MB 内存）")
    cls.add_argument("--db", default=None, help="保存答案的 SQLite 文件或 postgresql:// 地址（默认：数据文件夹里的 workshop.sqlite3）")
    cls.add_argument("--no-browser", action="store_true", help="不自动打开老师看板")
    cls.set_defaults(run=_class)
    test = sub.add_parser("test", allow_abbrev=False, help="运行测试（默认：不用浏览器的全部测试和几个浏览器冒烟测试）；其余参数交给 pytest")
    tier = test.add_mutually_exclusive_group()
    tier.add_argument("--load", action="store_true", help="其余的浏览器测试，包括 30 个浏览器页面的课堂（慢）")
    tier.add_argument("--all", action="store_true", help="两部分都运行")
    test.set_defaults(run=_test)
    update = sub.add_parser("update", help="用 git 更新课程，先把你改过的笔记本另存一份")
    update.add_argument("folder", nargs="?", default=None, help="课程文件夹（默认：当前所在的课程文件夹）")
    update.set_defaults(run=_update)
    return p


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # `overdue-course` on a console that cannot show a character:
        if str(getattr(stream, "encoding", "")).lower().replace("-", "") != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # a "?" rather than a traceback
    args, extra = parser().parse_known_args(argv)
    return args.run(args, extra)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
