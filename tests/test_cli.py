"""`python -m overdue`: the course's commands without make (Windows too)."""

import json
import subprocess
import sys
from pathlib import Path

from overdue import cli

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
    from overdue.tools import contentcheck
    from overdue.widgets import glossary

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
