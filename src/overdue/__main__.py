"""``python -m overdue``: the course's commands (see overdue.cli)."""

from . import skip_iri_check  # noqa: F401  (first: before anything imports jsonschema)

# isort: split
import sys

from .cli import main

if __name__ == "__main__":
    # Chinese text whatever the console's or pipe's code page (Windows: GBK or cp1252 otherwise)
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stderr.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.exit(main())
