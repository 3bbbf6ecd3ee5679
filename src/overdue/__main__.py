"""``python -m overdue``: the course's commands (see overdue.cli)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.exit(main())
