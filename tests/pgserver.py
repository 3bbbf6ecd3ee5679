"""A throw-away PostgreSQL server for the tests and benchmarks: Debian's own binaries
(``apt-get install postgresql``; no system service is used or started), ``initdb`` in a temporary
folder, listening on 127.0.0.1 only (and a socket in that folder), stopped and removed when the
process ends (or, if the process is killed, when the server notices that its parent is gone).
Every test gets a database of its own (`PostgresServer.new_database`).

PostgreSQL refuses to run as root: under root the server runs as the ``postgres`` user the Debian
package creates. Without the binaries the tests that need it are skipped, unless
OVERDUE_REQUIRE_POSTGRESQL=1 (CI), then they fail.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

REQUIRE_ENV = "OVERDUE_REQUIRE_POSTGRESQL"
USER = "overdue"


def bindir() -> Path | None:
    """The newest installed PostgreSQL's bin folder ($OVERDUE_PG_BINDIR, else Debian's layout)."""
    explicit = os.environ.get("OVERDUE_PG_BINDIR")
    if explicit:
        return Path(explicit)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def remove_stale_folders() -> None:
    """Folders of servers whose process was killed (its parent gone): no live server, no folder."""
    for folder in Path(tempfile.gettempdir()).glob("overdue-pg-*"):
        pid_file = folder / "data" / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().split()[0])
            os.kill(pid, 0)
            continue  # a running server (maybe another test run's)
        except PermissionError:
            continue  # running, as another user
        except (OSError, ValueError, IndexError):
            pass
        if pid_file.exists() or time.time() - folder.stat().st_mtime > 3600:
            shutil.rmtree(folder, ignore_errors=True)


class PostgresServer:
    def __init__(self, durable: bool = False):
        """``durable=False`` (tests): fsync off, faster and just as correct while the machine stays
        up. Benchmarks use ``durable=True``, PostgreSQL's own defaults."""
        self.bin = bindir()
        if self.bin is None or not (self.bin / "initdb").exists():
            raise FileNotFoundError("PostgreSQL not found (apt-get install postgresql)")
        self.durable = durable
        remove_stale_folders()
        self.folder = Path(tempfile.mkdtemp(prefix="overdue-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0
        self._names = itertools.count()
        self.started = False

    def _run(self, *args: str) -> None:
        cmd = [str(a) for a in args]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120, cwd=self.folder)

    def start(self) -> PostgresServer:
        if self._as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(self.bin / "initdb", "-D", self.data, "-U", USER, "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        opts = ["-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
                "-c", f"unix_socket_directories={self.folder}", "-c", "max_connections=200",
                "-c", "shared_buffers=32MB"]
        if not self.durable:
            opts += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        # The server is this process's child and gets SIGINT (fast shutdown) if this process dies
        # without stopping it (a test run killed by a timeout), so that no server is left behind.
        cmd = [str(self.bin / "postgres"), "-D", str(self.data), *opts]
        if shutil.which("setpriv"):
            user = ["--reuid", "postgres", "--regid", "postgres", "--init-groups"] if self._as_postgres else []
            cmd = ["setpriv", *user, "--pdeathsig", "INT", *cmd]
        elif self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        self._log = open(self.log, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, cwd=self.folder, stdout=self._log, stderr=subprocess.STDOUT)
        self.started = True
        atexit.register(self.stop)
        self._wait_ready(60)
        return self

    def _wait_ready(self, timeout: float) -> None:
        import psycopg

        end = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise subprocess.SubprocessError(f"postgres exited: {self.log.read_text(errors='replace')[-800:]}")
            try:
                psycopg.connect(self.url(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > end:
                    raise
                time.sleep(0.1)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self, prefix: str = "t") -> str:
        """A new, empty database; its URL."""
        import psycopg

        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.started:
            self.started = False
            self.proc.send_signal(signal.SIGINT)  # fast shutdown: clients are disconnected
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
            self._log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


_SERVER: PostgresServer | None = None


def server() -> PostgresServer:
    """This process's test server, started on first use; skips (or fails in CI) without PostgreSQL."""
    global _SERVER
    if _SERVER is None:
        import pytest

        try:
            _SERVER = PostgresServer().start()
        except (FileNotFoundError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            reason = f"no PostgreSQL server for the tests: {exc} {detail.decode(errors='replace')[-500:]}"
            if os.environ.get(REQUIRE_ENV) == "1":
                pytest.fail(reason)
            pytest.skip(reason)
    return _SERVER
