"""Imported first by the course's servers and test runs: a second less of processor time per process.

jsonschema (which nbformat, Voila and Jupyter Server use) imports ``rfc3987_syntax`` when it is
installed, to check strings declared with the format "iri"; importing it builds a parser for the
whole RFC 3987 grammar, about 0.9 s of processor time, in every process that reads a notebook: the
participants' server at every class start, `python -m overdue check`, and each pytest process.
No schema those processes validate uses that format (nbformat's, Jupyter Server's event schemas,
Voila's), so they tell Python the module is absent. jsonschema then leaves "iri" unchecked, exactly
as on any installation without that package. Nothing else changes; kernels never import this.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
