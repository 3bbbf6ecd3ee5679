"""Hostile values on every text and number field of every form and calculator, on the state objects
and on the ipywidgets views, and every file exported from what was accepted read back: 0 tracebacks,
0 wrong figures, 0 English messages, 0 exports holding a personal number, raw HTML or a javascript:
link. `make test` runs one value of each kind (scripts/fuzz_forms.py quick_values: 24 values, 7 typed
into the views); `make test-load` every value (VALUES: every string also typed into the views)."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "fuzz_forms.py"


def load():
    spec = importlib.util.spec_from_file_location("fuzz_forms", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def check(counts, at_least: dict[str, int]) -> None:
    report = json.dumps(counts.as_dict(), ensure_ascii=False, indent=1)
    assert all(getattr(counts, k) > n for k, n in at_least.items()), report  # the fuzz reached every form
    assert (counts.tracebacks, counts.wrong_figures, counts.english_messages, counts.leaky_exports) == (0, 0, 0, 0), report


def test_hostile_input_finds_no_traceback_wrong_figure_english_message_or_leaky_export(tmp_path):
    fuzz = load()
    counts = fuzz.Fuzz(tmp_path, fuzz.quick_values(), view_values=fuzz.quick_view_values()).run()
    check(counts, {"trials": 2000, "refused": 1000, "accepted": 100, "exports": 20, "messages": 1000})


@pytest.mark.load
def test_every_hostile_value_on_every_field(tmp_path):
    """The whole set (`make test-load`; half a minute): every value of VALUES on every field, every
    string of it also typed into every text box of every view."""
    fuzz = load()
    counts = fuzz.Fuzz(tmp_path, fuzz.VALUES).run()
    check(counts, {"trials": 10000, "refused": 7000, "accepted": 500, "exports": 1000, "messages": 10000})


def test_the_fuzz_sees_what_it_looks_for(tmp_path):
    """The checks can fail: an English message, a planted number and a live link are counted."""
    fuzz = load()
    f = fuzz.Fuzz(tmp_path, [])
    f.message("Something went wrong", "x")
    f.message("本金 must be a number", "x")
    f.message("本金必须是数字", "x")
    (tmp_path / "a.md").write_text("卡号 6222 0212 3456 7894 [x](javascript:alert(1))", encoding="utf-8")
    (tmp_path / "b.html").write_text("<img src=x onerror=alert(1)> 一三八一二三四五六七八", encoding="utf-8")
    (tmp_path / "c.csv").write_text("a,b\r\n=1+1,11010119900307002X\r\n", encoding="utf-8")
    f.scan_exports("x")
    assert f.c.english_messages == 2 and f.c.leaky_exports == 3
