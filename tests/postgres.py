"""A throw-away PostgreSQL server from Debian's ``postgresql`` package, for the tests.

``initdb`` into a temporary directory, ``pg_ctl start`` on a free 127.0.0.1 port (Unix socket
in the same directory), stopped and removed after. PostgreSQL refuses to run as root, so as
root the server runs as the ``postgres`` user the Debian package creates (``runuser``).
Without the package the tests skip locally and fail when ``CI`` or ``REQUIRE_POSTGRES`` is
set (``make test`` installs it).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

INSTALL_HINT = "sudo apt-get install -y postgresql"


def postgres_bin() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding initdb and pg_ctl."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def postgres_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("REQUIRE_POSTGRES"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_postgres() -> Iterator[str]:
    """Start a server; yield its URL (database ``register``, user ``postgres``, trust auth)."""
    bindir = postgres_bin()
    if bindir is None:
        raise FileNotFoundError(f"PostgreSQL is not installed (run: {INSTALL_HINT})")
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    base = Path(tempfile.mkdtemp(prefix="ht-pg-"))
    data, log = base / "data", base / "server.log"
    if as_root:
        shutil.chown(base, "postgres")
    port = _free_port()
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")

    def run(*cmd: str) -> None:
        subprocess.run([*prefix, *cmd], check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=base)

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off"
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start")
        try:
            url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
            import psycopg

            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("CREATE DATABASE register")
            yield f"postgresql://postgres@127.0.0.1:{port}/register"
        finally:
            subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], env=env, cwd=base,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def fresh_database(server_url: str, name: str) -> str:
    """A new empty database on the running server; its URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name

