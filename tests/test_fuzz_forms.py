"""A bounded fuzz of every form and calculator (scripts/fuzz_forms.py runs the whole set):
hostile values on every text and number field, on the state objects and on the ipywidgets views,
and every file exported from what was accepted read back. 0 tracebacks, 0 wrong figures, 0 English
messages, 0 exports holding a personal number, raw HTML or a javascript: link."""

import importlib.util
import json
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "fuzz_forms.py"


def load():
    spec = importlib.util.spec_from_file_location("fuzz_forms", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_hostile_input_finds_no_traceback_wrong_figure_english_message_or_leaky_export(tmp_path):
    fuzz = load()
    # what a learner types into every text box of every view (the state objects get every quick value)
    view_values = ["NaN", fuzz.LONG, "<img src=x onerror=alert(1)>", "[点我](javascript:alert(1))",
                   "=1+1", "6222.0212.3456.7894", "一三八 一二三四 五六七八"]
    counts = fuzz.Fuzz(tmp_path, fuzz.quick_values(), view_values=view_values).run()
    report = json.dumps(counts.as_dict(), ensure_ascii=False, indent=1)
    assert counts.trials > 2000 and counts.refused > 1000 and counts.accepted > 100 and counts.exports > 20, report
    assert counts.messages > 1000, report
    assert (counts.tracebacks, counts.wrong_figures, counts.english_messages, counts.leaky_exports) == (0, 0, 0, 0), report


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
