"""A JupyterHub user's server for the workshop: ``python -m overdue.workshop.singleuser``.

JupyterHub's own single-user server (``jupyterhub-singleuser``: JupyterLab for the instructor), with
its Voila set up as ``make workshop`` sets up Voila: the course's page template (``overdue``), code
hidden, no tracebacks, the page's cookie passed to the kernel (a reload resumes the same
participant), and kernels of closed pages shut down after a while. Participants open the live quiz
at ``<hub>/user/<name>/voila/render/notebooks/instructor/live_quiz.ipynb?code=<code>``; every user's
kernels write to the database in ``OVERDUE_WORKSHOP_DB`` (set it for every user: README, "Large
classes").

Set it as the hub's single-user command: ``c.Spawner.cmd = ["python", "-m",
"overdue.workshop.singleuser"]`` (the Python of the users' environment). Options given by the hub
come after these and win.
"""

from __future__ import annotations

import sys

from .serve import CULL_IDLE_SECONDS, CULL_INTERVAL_SECONDS, DENY_EXTENSIONS, TEMPLATE
from .voila_app import add_template_root

VOILA_SETTINGS = [
    f"--VoilaConfiguration.template={TEMPLATE}",
    "--VoilaConfiguration.theme=light",
    "--VoilaConfiguration.strip_sources=True",
    "--VoilaConfiguration.show_tracebacks=False",
    *(f"--VoilaConfiguration.extension_denylist={x}" for x in DENY_EXTENSIONS),
    "--VoilaConfiguration.http_header_envs=Cookie",
    "--VoilaExecutor.iopub_timeout=60",
    f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
    f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
    "--MappingKernelManager.cull_connected=False",
]


def main(argv: list[str] | None = None) -> None:
    from jupyterhub.singleuser import main as hub_main

    add_template_root()  # Voila finds the `overdue` template by name; kernels inherit it
    args = sys.argv[1:] if argv is None else argv
    sys.argv = [sys.argv[0], *VOILA_SETTINGS, *args]
    hub_main()


if __name__ == "__main__":
    main()
