"""Shared by every test, including nbval's notebook runs (their kernels inherit this environment)."""

import os
import tempfile

# Progress and workshop databases of a test run go to a throw-away folder, never the user's own.
_DATA = tempfile.mkdtemp(prefix="overdue-test-data-")
os.environ.setdefault("OVERDUE_DATA_DIR", _DATA)
os.environ.setdefault("MPLBACKEND", "Agg")

collect_ignore_glob = ["tests/fixtures/*", "tests/fixtures/**", ".venv/*", "build/*"]
