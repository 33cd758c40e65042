"""A PostgreSQL cluster of the test's own: `initdb` in a temporary directory with the newest
/usr/lib/postgresql/*/bin, on a free loopback port, run as the `postgres` user when the tests run as
root (as .ci/run does). Stopping or restarting it disturbs no other test and no shared server."""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def newest_pg_bin() -> Path | None:
    found = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if (Path(p) / "initdb").exists()]
    numbered = [p for p in found if p.parent.name.isdigit()]
    return max(numbered, key=lambda p: int(p.parent.name)) if numbered else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


class Cluster:
    """initdb + pg_ctl around one data directory; `url` is a SQLAlchemy URL for its `postgres` database."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="ocopflow-own-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:  # initdb refuses to run as root
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        self._pg("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        # fsync off: a throw-away cluster; a fast shutdown still checkpoints, so nothing committed is lost.
        options = (f"-k {self.root} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c max_connections=60 -c shared_buffers=16MB")
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-m", mode, "stop")

    def restart(self, mode: str = "fast") -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-m", mode, "restart")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop("immediate")
            except subprocess.CalledProcessError:
                pass
        shutil.rmtree(self.root, ignore_errors=True)

    def _pg(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self._as_postgres:
            command = ["su", "postgres", "-c", shlex.join(command)]
        # cwd "/": the postgres user may not be allowed into the checkout. pg_ctl's server writes to -l.
        subprocess.run(command, cwd="/", check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=120)
