"""Serve the live quiz to participants: ``python -m overdue.workshop.serve --host H --port P``.

Starts Voila on ``notebooks/instructor/live_quiz.ipynb`` (code hidden, no tracebacks, a pool of
pre-started kernels that have already run the notebook), after printing the address participants
open and its QR code, and the projector page's address on this laptop (`dashboard_url`: the
instructor's dashboard, served by the same Voila to this computer only). Every kernel and the instructor's dashboard share one SQLite file
(``OVERDUE_WORKSHOP_DB``, or a PostgreSQL URL there; see `overdue.workshop.store.database_url`).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .db import redacted
from .qr import participant_url, print_qr
from .store import DB_ENV, DatabaseUnavailable, WorkshopStore, database_url

NOTEBOOK_REL = Path("notebooks") / "instructor" / "live_quiz.ipynb"
# Voila with the course's page template and compressed responses (`overdue.workshop.voila_app`);
# named, not imported, so that importing this module (the dashboard does) does not load Voila.
VOILA_APP = "overdue.workshop.voila_app"
TEMPLATE = "overdue"  # in overdue/workshop/jupyter/voila/templates/
DENY_EXTENSIONS = ["jupyterlab-jupytext", "jupyterlab_jupytext"]
URL_META_KEY = "participant_url"
# The projector page: the instructor's dashboard, served by the same Voila as the participants' page
# (`overdue.workshop.voila_app`), and only to the laptop itself.
DASHBOARD_PATH = "dashboard"


def dashboard_url(port: int, host: str | None = None) -> str:
    """The address of the projector page on this laptop (a browser here opens it; another device is
    refused): ``http://127.0.0.1:<port>/dashboard``; with the server bound to one address
    (``--host 192.168.1.23``), that address."""
    where = host if host and host not in ("0.0.0.0", "::", "", "*") else "127.0.0.1"
    if ":" in where and not where.startswith("["):
        where = f"[{where}]"
    return f"http://{where}:{int(port)}/{DASHBOARD_PATH}"
# A kernel whose page was closed (no browser connected) and that has been idle this long is shut
# down; a page that is still open is never cut off. Phones often close a tab without telling the
# server, so this is what frees their memory (a reload or a new visit rejoins by nickname).
CULL_IDLE_SECONDS = 900
CULL_INTERVAL_SECONDS = 60


def find_notebook(start: Path | None = None) -> Path:
    """The live-quiz notebook of the repository this package was installed from (or cwd's)."""
    candidates = []
    if start is not None:
        candidates.append(Path(start))
    candidates += [Path.cwd(), Path(__file__).resolve().parents[3]]
    for base in candidates:
        for d in (base, *base.parents):
            nb = d / NOTEBOOK_REL
            if nb.is_file():
                return nb
    raise FileNotFoundError(f"{NOTEBOOK_REL} not found; run from the course repository or pass --notebook")


def voila_args(
    notebook: str | Path,
    *,
    host: str = "0.0.0.0",
    port: int = 8866,
    pool_size: int = 4,
    preheat: bool = True,
    template: str | None = None,
    cull_idle: int = CULL_IDLE_SECONDS,
    cull_interval: int = CULL_INTERVAL_SECONDS,
) -> list[str]:
    """The Voila command line (without the interpreter) used by `make workshop`, tests and benchmarks:
    `VOILA_APP` (Voila with the course's template and compressed responses)."""
    template = template or TEMPLATE
    args = [
        "-m",
        VOILA_APP,
        str(notebook),
        "--no-browser",
        f"--Voila.ip={host}",
        f"--port={int(port)}",
        "--Voila.port_retries=0",
        f"--template={template}",
        "--theme=light",
        "--strip_sources=True",
        "--show_tracebacks=False",
        *(f"--VoilaConfiguration.extension_denylist={x}" for x in DENY_EXTENSIONS),
        "--VoilaConfiguration.http_keep_alive_timeout=10",
        # the page's cookie reaches the kernel: it tells a participant's own browser (a reload, a
        # rejoin) from another device using the same nickname
        "--VoilaConfiguration.http_header_envs=Cookie",
        # On a busy laptop a kernel's output can arrive late; nbclient's default (4 s) then drops
        # the widget from the page and the participant sees an empty page.
        "--VoilaExecutor.iopub_timeout=60",
        f"--MappingKernelManager.cull_idle_timeout={int(cull_idle)}",
        f"--MappingKernelManager.cull_interval={int(cull_interval)}",
        "--MappingKernelManager.cull_connected=False",
        # A kernel that died is noticed within a second (default 3 s): its page is then told
        # (the template's script) and its participant can rejoin.
        "--KernelRestarter.time_to_dead=1.0",
    ]
    if preheat and pool_size > 0:
        args += ["--preheat_kernel=True", f"--pool_size={int(pool_size)}"]
    return args


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m overdue.workshop.serve", description=__doc__.splitlines()[0])
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (0.0.0.0: the local network)")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--pool-size", type=int, default=6, help="pre-started kernels (0: none)")
    p.add_argument("--notebook", type=Path, default=None, help="the participant notebook")
    p.add_argument("--db", default=None,
                   help=f"the shared SQLite file, or a postgresql:// URL (default: ${DB_ENV} ...)")
    p.add_argument("--print-only", action="store_true", help="print the address and QR code, do not serve")
    a = p.parse_args(argv)

    db = database_url(a.db)  # a file path made absolute, or a database URL as given
    os.environ[DB_ENV] = db  # kernels inherit it: all of them write to this one database
    notebook = a.notebook.resolve() if a.notebook else find_notebook()
    url = participant_url(a.host, a.port)
    try:
        store = WorkshopStore(db)
    except DatabaseUnavailable as exc:  # a wrong URL or password: say so, no traceback
        print(exc, file=sys.stderr)
        return 1
    store.set_meta(URL_META_KEY, url)
    store.close()

    print_qr(url)
    print(f"  学员用手机扫上面的二维码，或在浏览器打开 / Participants open:  {url}")
    print(f"  答案保存在 / Answers are stored in:  {redacted(db)}")
    print(f"  老师在这台电脑的浏览器打开课堂看板（投影用）/ Instructor, on this laptop:  {dashboard_url(a.port, a.host)}")
    print("  按 Ctrl+C 停止。 (Ctrl+C stops.)\n", flush=True)
    if a.print_only:
        return 0
    args = [sys.executable, *voila_args(notebook, host=a.host, port=a.port, pool_size=a.pool_size)]
    os.execv(sys.executable, args)
    return 0  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free right now on `host` (for tests and benchmarks)."""
    import socket

    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def launch(
    notebook: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    pool_size: int = 4,
    preheat: bool = True,
    env: dict[str, str] | None = None,
    log_path: str | Path | None = None,
    cull_idle: int = CULL_IDLE_SECONDS,
    cull_interval: int = CULL_INTERVAL_SECONDS,
):
    """Start Voila in its own process group (stop it with `stop`); returns (Popen, url)."""
    import subprocess

    port = port or free_port(host)
    full_env = {**os.environ, **(env or {})}
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            *voila_args(notebook, host=host, port=port, pool_size=pool_size, preheat=preheat,
                        cull_idle=cull_idle, cull_interval=cull_interval),
        ],
        env=full_env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return proc, f"http://{host}:{port}/"


def wait_ready(proc, url: str, timeout: float = 60.0, log_path: str | Path | None = None,
               pool_size: int = 0) -> float:
    """Wait until Voila answers HTTP (and, given log_path and pool_size, until its kernel pool is
    filled); returns the seconds waited. Raises RuntimeError if Voila exits or times out."""
    import socket
    import time
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    t0 = time.monotonic()
    listening = False
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"voila exited with code {proc.returncode}")
        if not listening:  # a plain TCP connect: an HTTP GET of the page would use up a kernel
            try:
                socket.create_connection((parts.hostname, parts.port), timeout=1).close()
                listening = True
            except OSError:
                pass
        if listening:
            if not (log_path and pool_size):
                return time.monotonic() - t0
            if "Kernel pool of" in Path(log_path).read_text(errors="replace"):
                return time.monotonic() - t0
        time.sleep(0.05)
    raise RuntimeError(f"voila not ready after {timeout} s")


def kernel_pids(proc) -> list[int]:
    """The kernels running under a Voila process started by `launch` (Linux /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == proc.pid and b"ipykernel_launcher" in cmd:
            pids.append(int(entry.name))
    return pids


def stop(proc, timeout: float = 10.0) -> None:
    """Stop a Voila started by `launch`, and its kernels.

    Kernels run in sessions of their own (so that Ctrl+C in a terminal does not reach them); Voila
    shuts them down when it stops, but one killed after `timeout` seconds leaves them behind, so
    the ones still running are killed here."""
    import signal
    import subprocess

    kernels = kernel_pids(proc)
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)
    for pid in kernels:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
