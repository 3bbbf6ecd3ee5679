"""Maintainer tools: notebook hygiene and the exercise generator (`python -m overdue.tools.<name>`)."""
