"""`python -m overdue`: the course's commands without make (Windows too)."""

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from overdue import cli
from overdue.workshop import qr, serve

ROOT = Path(__file__).resolve().parents[1]


def test_lab_runs_jupyterlab_with_the_course_settings_on_lesson_00():
    cmd = cli.lab_command(port=8899, open_browser=False, root=ROOT)
    assert cmd[:3] == [sys.executable, "-m", "jupyterlab"]
    assert f"--LabApp.app_settings_dir={cli.lab_settings_dir()}" in cmd
    assert "--ServerApp.port=8899" in cmd and "--no-browser" in cmd
    assert cmd[-1] == str(ROOT / "notebooks" / "00_start_here.ipynb")


def test_the_shipped_lab_settings_choose_chinese_and_silence_the_news():
    files = list((cli.lab_settings_dir() / "overrides.d").glob("*.json"))
    assert [f.name for f in files] == ["overdue-course.json"]
    settings = json.loads(files[0].read_text(encoding="utf-8"))
    assert settings["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"
    assert settings["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_lab_outside_the_course_folder_says_so_in_chinese(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "course_root", lambda start=None: (_ for _ in ()).throw(FileNotFoundError("x")))
    assert cli.main(["lab", "--no-browser"]) == 2
    assert "找不到课程文件夹" in capsys.readouterr().err


def test_check_as_a_user_runs_it():
    out = subprocess.run([sys.executable, "-m", "overdue", "check"], capture_output=True, text=True,
                         encoding="utf-8", cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "没有发现问题" in out.stdout and "角色扮演 second_visit" in out.stdout


def test_check_covers_every_other_content_file_and_the_links_between_files(tmp_path, monkeypatch):
    from overdue.forms import glossary
    from overdue.tools import contentcheck

    problems, files = contentcheck.problems()
    assert problems == [] and files >= 19

    (tmp_path / "rules.yaml").write_text(
        "rules:\n  - id: x\n    refs: [civil_code_1033, no_such_law]\n    lesson_link: 42_nowhere.ipynb#x\n",
        encoding="utf-8")
    found = contentcheck.link_problems(tmp_path)
    assert any("no_such_law" in p and "rules.yaml" in p for p in found)
    assert any("42_nowhere" in p for p in found)
    assert not any("civil_code_1033" in p for p in found)

    def broken():
        raise ValueError("glossary.yaml 第 3 行: 缺少 term")

    monkeypatch.setattr(glossary, "load_glossary", broken)
    problems, _ = contentcheck.problems()
    assert problems == ["glossary.yaml: glossary.yaml 第 3 行: 缺少 term"]


# ---- python -m overdue class ----

def _proc_alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting for its parent)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _voila_and_kernels(port: int) -> list[int]:
    """The Voila serving `port` and the kernels under it (Linux /proc)."""
    procs = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                procs[int(entry.name)] = ((entry / "cmdline").read_bytes(),
                                          int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]))
            except OSError:
                continue
    voila = [pid for pid, (cmd, _) in procs.items()
             if b"overdue.workshop.voila_app" in cmd and f"--port={port}".encode() in cmd]
    return voila + [pid for pid, (cmd, ppid) in procs.items() if ppid in voila and b"ipykernel" in cmd]


def _start_class(tmp_path, port: int, pool: int, browser: bool = False):
    env = {**os.environ, "OVERDUE_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}
    env.pop("OVERDUE_WORKSHOP_DB", None)
    if browser:  # a "browser" that notes the address it was asked to open
        opener = tmp_path / "opener.py"
        opener.write_text("import sys, pathlib\npathlib.Path(sys.argv[1]).write_text(sys.argv[2])\n")
        env["BROWSER"] = f"{sys.executable} {opener} {tmp_path / 'opened.txt'} %s"
    return subprocess.Popen(
        [sys.executable, "-m", "overdue", "class", *([] if browser else ["--no-browser"]), "--host", "127.0.0.1",
         "--port", str(port), "--pool-size", str(pool), "--db", str(tmp_path / "class.sqlite3")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


class _Output:
    """A process's stdout, read line by line by a thread, so that a hang fails the test."""

    def __init__(self, proc):
        self.proc, self.lines, self.text = proc, queue.Queue(), ""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in iter(self.proc.stdout.readline, ""):
            self.lines.put(line)
        self.lines.put(None)

    def until(self, marker: str, timeout: float, on_line=None) -> str:
        """Everything up to the line holding `marker`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            if line is None:
                break
            if on_line:
                on_line(line)
            self.text += line
            if marker in line:
                return self.text
        self.proc.kill()
        raise AssertionError(f"no {marker!r} in time; stdout: {self.text}; stderr: {self.proc.stderr.read()}")

    def rest(self, timeout: float) -> tuple[str, str]:
        """The process's remaining stdout and its stderr once it has ended."""
        self.proc.wait(timeout=timeout)
        more = ""
        while (line := self.lines.get(timeout=10)) is not None:
            more += line
        return more, self.proc.stderr.read()


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the server's processes in /proc")
def test_class_prints_one_address_and_qr_once_the_server_answers_and_ctrl_c_stops_it(tmp_path):
    port = serve.free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = _start_class(tmp_path, port, pool=1)
    seen_before_ready = []

    def check(line):  # the address appears only once the server answers
        if url in line:
            seen_before_ready.append(_answers(port))

    try:
        output = _Output(proc)
        out = output.until("Ctrl+C", timeout=240, on_line=check)
        assert seen_before_ready and all(seen_before_ready)
        assert len(re.findall(re.escape(url) + r"(?=\s|$)", out)) == 1, out  # one participant address
        assert out.count(qr.qr_text(url)) == 1, out  # one QR code, of that address
        assert str(tmp_path / "class.sqlite3") in out  # the answer file
        assert f"老师看板（只在这台电脑上打开）：{serve.dashboard_url(port, '127.0.0.1')}" in out
        assert not (tmp_path / "opened.txt").exists()  # --no-browser
        assert "Voila" not in out and "Kernel" not in out  # its log went to a file
        logs = list((tmp_path / "data" / "logs").glob("class_*.log"))
        assert len(logs) == 1 and "Kernel pool of" in logs[0].read_text(encoding="utf-8", errors="replace")
        server = _voila_and_kernels(port)
        assert len(server) == 2, server  # Voila and its one pre-started kernel

        proc.send_signal(signal.SIGINT)  # Ctrl+C
        rest, err = output.rest(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "Traceback" not in err and "Traceback" not in rest, err
    assert "已经停止" in rest
    assert not [pid for pid in server if _proc_alive(pid)]
    assert not _answers(port)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the server's processes in /proc")
def test_class_opens_the_dashboard_and_terminate_leaves_no_server_behind(tmp_path):
    port = serve.free_port()
    proc = _start_class(tmp_path, port, pool=0, browser=True)
    try:
        output = _Output(proc)
        output.until("Ctrl+C", timeout=240)
        opened = tmp_path / "opened.txt"
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert opened.read_text() == serve.dashboard_url(port, "127.0.0.1")
        server = _voila_and_kernels(port)
        assert server
        proc.terminate()
        rest, err = output.rest(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert "已经停止" in rest
    assert not [pid for pid in server if _proc_alive(pid)]


def test_class_on_a_port_in_use_says_so_in_chinese(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**os.environ, "OVERDUE_DATA_DIR": str(tmp_path)}
        out = subprocess.run([sys.executable, "-m", "overdue", "class", "--no-browser", "--host", "127.0.0.1",
                              "--port", str(port), "--db", str(tmp_path / "w.sqlite3")],
                             cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert out.returncode == 1
    assert f"端口 {port} 已经被占用" in out.stderr and "Traceback" not in out.stderr
    assert "http://" not in out.stdout


# ---- python -m overdue test ----

def test_test_runs_the_given_test_through_its_tier():
    one = "tests/test_cli.py::test_the_shipped_lab_settings_choose_chinese_and_silence_the_news"
    out = subprocess.run([sys.executable, "-m", "overdue", "test", one, "-n", "0", "-q"], cwd=ROOT,
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert "1 passed" in out.stdout


def test_test_runs_each_tier_in_order_and_says_so_when_nothing_was_selected(monkeypatch, capsys):
    ran, envs = [], []
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")  # as some CI images: the run keeps its caches anyway
    monkeypatch.setenv("OVERDUE_PROBE", "kept")
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd, cwd, env: envs.append(env) or ran.append(cmd) or 5)
    assert cli.main(["test", "--load", "-k", "nothing_has_this_name"]) == 5
    assert all("PYTHONDONTWRITEBYTECODE" not in env and env["OVERDUE_PROBE"] == "kept" for env in envs)
    assert "没有选中任何测试" in capsys.readouterr().err
    assert [cmd[cmd.index("-m", 3) + 1] for cmd in ran] == [run.markers for run in cli.LOAD_TIER]
    assert all(cmd[-2:] == ["-k", "nothing_has_this_name"] for cmd in ran)
    ran.clear()
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd, cwd, env: ran.append(cmd) or (1 if len(ran) == 2 else 0))
    assert cli.main(["test", "--all"]) == 1  # a failing run fails the command; every run still runs
    assert [cmd[cmd.index("-m", 3) + 1] for cmd in ran] == [r.markers for r in (*cli.DEFAULT_TIER, *cli.LOAD_TIER)]


def test_test_tells_test_paths_from_other_pytest_arguments():
    paths, rest = cli._own_paths(["-k", "tests", "tests/test_cli.py::test_x", "-x", "--durations", "30", "-q"])
    assert paths == [str(ROOT / "tests" / "test_cli.py") + "::test_x"]
    assert rest == ["-k", "tests", "-x", "--durations", "30", "-q"]


def test_make_targets_and_ci_go_through_the_command_line():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")

    def recipe(target: str) -> str:
        m = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", makefile, re.M)
        assert m, target
        return m.group(1)

    assert "-m overdue lab" in recipe("lab")
    assert "-m overdue test " in recipe("test") + " " and "--load" not in recipe("test")
    assert "-m overdue test --load" in recipe("test-load")
    assert "-m overdue workshop" in recipe("workshop")
    assert "-m overdue class" in recipe("class")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.findall(r"^make (test(?:-load)?)\s", ci, re.M) == ["test", "test-load"]


# ---- python -m overdue update ----

GIT_ENV = {"GIT_AUTHOR_NAME": "课程", "GIT_AUTHOR_EMAIL": "course@example.org", "GIT_COMMITTER_NAME": "课程",
           "GIT_COMMITTER_EMAIL": "course@example.org", "GIT_CONFIG_NOSYSTEM": "1"}


def _git(folder: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(folder.parent)}
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True,
                          encoding="utf-8", env=env).stdout


def _notebook(text: str) -> str:
    return json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": [text]}], "metadata": {},
                       "nbformat": 4, "nbformat_minor": 5}, ensure_ascii=False)


@pytest.fixture
def course_clone(tmp_path):
    """A course published in a bare repository (origin), its maintainer's copy, and a learner's clone
    in which lesson 00 and lesson 01 were edited and a notebook of the learner's own was added."""
    origin, upstream, learner = tmp_path / "origin.git", tmp_path / "upstream", tmp_path / "课程"
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(origin)], check=True)
    subprocess.run(["git", "clone", "-q", str(origin), str(upstream)], check=True, capture_output=True)
    (upstream / "notebooks").mkdir()
    for name, text in [("00_start_here", "第 0 课"), ("01_collection_process", "第 1 课"), ("02_verify", "第 2 课")]:
        (upstream / "notebooks" / f"{name}.ipynb").write_text(_notebook(text), encoding="utf-8")
    (upstream / "README.md").write_text("课程\n", encoding="utf-8")
    _git(upstream, "add", ".")
    _git(upstream, "commit", "-q", "-m", "course")
    _git(upstream, "push", "-q", "origin", "HEAD:main")
    subprocess.run(["git", "clone", "-q", str(origin), str(learner)], check=True, capture_output=True)
    (learner / "notebooks" / "00_start_here.ipynb").write_text(_notebook("第 0 课 + 我的笔记"), encoding="utf-8")
    (learner / "notebooks" / "01_collection_process.ipynb").write_text(_notebook("第 1 课 + 我的答案"), encoding="utf-8")
    (learner / "notebooks" / "我的计划.ipynb").write_text(_notebook("我自己的计划"), encoding="utf-8")
    return origin, upstream, learner


def _update(learner: Path, data: Path, path: str | None = None):
    env = {**os.environ, **GIT_ENV, "OVERDUE_DATA_DIR": str(data), "HOME": str(learner.parent)}
    if path is not None:
        env["PATH"] = path
    return subprocess.run([sys.executable, "-m", "overdue", "update", str(learner)], cwd=learner, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_update_pulls_the_new_course_and_keeps_every_edited_notebook(course_clone, tmp_path):
    origin, upstream, learner = course_clone
    (upstream / "notebooks" / "01_collection_process.ipynb").write_text(_notebook("第 1 课（新版）"), encoding="utf-8")
    (upstream / "notebooks" / "03_new.ipynb").write_text(_notebook("第 3 课"), encoding="utf-8")
    _git(upstream, "add", ".")
    _git(upstream, "commit", "-q", "-m", "lesson 01 revised, lesson 03 added")
    _git(upstream, "push", "-q", "origin", "HEAD:main")

    out = _update(learner, tmp_path / "data")
    assert out.returncode == 0, out.stdout + out.stderr
    nb = learner / "notebooks"
    assert _git(learner, "rev-parse", "HEAD") == _git(upstream, "rev-parse", "HEAD")
    assert "第 3 课" in (nb / "03_new.ipynb").read_text(encoding="utf-8")
    assert "新版" in (nb / "01_collection_process.ipynb").read_text(encoding="utf-8")  # the update's version
    assert "我的笔记" in (nb / "00_start_here.ipynb").read_text(encoding="utf-8")  # unchanged upstream: put back
    assert "我自己的计划" in (nb / "我的计划.ipynb").read_text(encoding="utf-8")  # the learner's own: left in place
    [backup] = (tmp_path / "data").glob("更新前的笔记本_*")
    assert "我的答案" in (backup / "notebooks" / "01_collection_process.ipynb").read_text(encoding="utf-8")
    assert "我的笔记" in (backup / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8")
    assert (backup / "notebooks" / "我的计划.ipynb").is_file()
    # it says what was kept where
    assert str(backup) in out.stdout and "课程已经更新到最新版本" in out.stdout
    said = out.stdout.split("现在是课程的新版本", 1)
    assert "01_collection_process" in said[1] and "00_start_here" in said[0]
    assert _git(learner, "-c", "core.quotePath=false", "status", "--porcelain").splitlines() == [
        " M notebooks/00_start_here.ipynb", "?? notebooks/我的计划.ipynb"]


def test_update_that_cannot_pull_leaves_the_notebooks_as_they_were(course_clone, tmp_path):
    origin, upstream, learner = course_clone
    _git(upstream, "commit", "-q", "--allow-empty", "-m", "upstream")
    _git(upstream, "push", "-q", "origin", "HEAD:main")
    _git(learner, "commit", "-q", "--allow-empty", "-m", "the learner's own commit")  # no fast-forward now
    before = {p.name: p.read_text(encoding="utf-8") for p in (learner / "notebooks").iterdir()}

    out = _update(learner, tmp_path / "data")
    assert out.returncode == 1
    assert "没能更新课程" in out.stderr and "放回原处" in out.stderr and "Traceback" not in out.stderr
    assert {p.name: p.read_text(encoding="utf-8") for p in (learner / "notebooks").iterdir()} == before


def test_update_without_git_says_what_to_do_instead(tmp_path):
    folder = tmp_path / "课程"
    (folder / "notebooks").mkdir(parents=True)
    (folder / "notebooks" / "00_start_here.ipynb").write_text(_notebook("第 0 课"), encoding="utf-8")
    no_git = tmp_path / "empty-path"
    no_git.mkdir()
    out = _update(folder, tmp_path / "data", path=str(no_git))
    assert out.returncode == 2 and "没有找到 git" in out.stderr and "下载新版课程" in out.stderr
    out = _update(folder, tmp_path / "data")  # git installed, but a downloaded (not cloned) folder
    assert out.returncode == 2 and "不是用 git 下载的" in out.stderr and "Traceback" not in out.stderr


def test_a_console_that_cannot_show_chinese_gets_question_marks_not_a_traceback(tmp_path):
    """`overdue-course` (the console script calls cli.main) on a console whose code page has no Chinese."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    out = subprocess.run([sys.executable, "-c", "import sys; from overdue.cli import main; sys.exit(main())",
                          "update", str(tmp_path)], env=env, capture_output=True, timeout=60)
    assert out.returncode == 2
    assert b"Traceback" not in out.stderr and b"???" in out.stderr
