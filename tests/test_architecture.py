"""Which way the arrows run (docs/architecture.md): the engine, the forms, content and quiz logic import
no widget, plotting or IPython library, and only views import the widgets package."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
UI_LIBRARIES = ("ipywidgets", "matplotlib", "IPython")

# Rooms whose modules must stay pure (no UI library, even imported inside a function); every module of
# the forms package (`FORMS`) too.
PURE = [
    "overdue.inputs", "overdue.loan", "overdue.plans", "overdue.manifest", "overdue.contentfiles", "overdue.i18n",
    "overdue.privacy", "overdue.rules", "overdue.exports",
    "overdue.quiz.models", "overdue.quiz.loader", "overdue.quiz.outcome", "overdue.quiz.types", "overdue.quiz.engine",
    "overdue.quiz.progress", "overdue.quiz.references", "overdue.quiz.selfcheck", "overdue.quiz.gain",
    "overdue.workshop.store", "overdue.workshop.flow", "overdue.workshop.stats",
]
# The state of every calculator and form: pure, and the home of what the exercise checkers and the
# workshop need from a form.
FORMS = "overdue.forms"
# Views: the only modules that may import the widgets package.
VIEWS = ("overdue.widgets", "overdue.quiz.views", "overdue.workshop.participant", "overdue.workshop.dashboard")
# Tools (commands for authors and maintainers) may import anything.
TOOLS = ("overdue.tools", "overdue.cli")


def _imports(path: Path, module: str) -> set[str]:
    """Every module name `path` imports, at the top or inside a function, resolved to absolute."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            names |= {name} | {f"{name}.{a.name}" for a in node.names}
    return names


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / "overdue").rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _pure() -> list[str]:
    forms = [m for m in _modules() if m == FORMS or m.startswith(FORMS + ".")]
    return PURE + sorted(forms)


def test_the_forms_package_holds_the_state_of_the_calculators_and_forms():
    forms = {m for m in _modules() if m.startswith(FORMS + ".")}
    for name in ("base", "terms", "overdue_calculator", "collector_check", "rate_converter", "plan_planner",
                 "letter", "action_plan", "contact_log", "red_flags", "contract", "consequences", "timeline"):
        assert f"{FORMS}.{name}" in forms


def test_pure_modules_name_no_ui_library():
    modules = _modules()
    for module in _pure():
        bad = {n for n in _imports(modules[module], module) if n.split(".")[0] in UI_LIBRARIES}
        assert not bad, f"{module} imports {sorted(bad)}"


def test_importing_the_engine_and_the_forms_loads_no_ui_library():
    code = "import sys\n" + "".join(f"import {m}\n" for m in _pure()) + (
        f"print(sorted(m for m in {UI_LIBRARIES!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_a_form_works_without_a_widget_library():
    """The exercise checkers' way: a calculator's state computes with ipywidgets never imported."""
    code = (
        "import sys\n"
        "from overdue.forms.overdue_calculator import OverdueCalculator\n"
        "from overdue.forms.action_plan import ActionPlan\n"
        "calc = OverdueCalculator(principal='20000')\n"
        "assert calc.ok and calc.result.charges.total > 0 and not hasattr(calc, 'widget')\n"
        "ActionPlan()\n"
        f"print(sorted(m for m in {UI_LIBRARIES!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_only_views_import_the_widgets_package():
    importers = {
        module
        for module, path in _modules().items()
        if not module.startswith(VIEWS + TOOLS) and any(n.startswith("overdue.widgets") for n in _imports(path, module))
    }
    assert not importers, (f"outside the views, these import overdue.widgets: {sorted(importers)} "
                           "(import the state from overdue.forms)")


def test_the_scanner_sees_relative_and_late_imports(tmp_path):
    mod = tmp_path / "late.py"
    mod.write_text("def f():\n    from ..widgets import fields\n    import matplotlib.pyplot\n", encoding="utf-8")
    names = _imports(mod, "overdue.exercises.late")
    assert "overdue.widgets.fields" in names and "matplotlib.pyplot" in names
