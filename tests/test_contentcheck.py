"""`python -m overdue check` reads the content through the pure forms, not through their views."""

from __future__ import annotations

import subprocess
import sys


def test_the_content_check_loads_no_view_and_no_widget_library():
    code = (
        "import sys\n"
        "from overdue.tools import contentcheck\n"
        "problems, files = contentcheck.problems()\n"
        "assert problems == [], problems\n"
        "views = sorted(m for m in sys.modules if m.startswith('overdue.widgets'))\n"
        "print(views + sorted(m for m in ('ipywidgets', 'matplotlib', 'IPython') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
