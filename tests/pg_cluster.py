"""A throwaway PostgreSQL server for the tests and the benchmark, and a fresh database
per test.

``$EVENTWIRE_TEST_POSTGRES`` (a server URL whose user may create databases) is used when
set. Otherwise a cluster is made in a temporary folder with the server binaries found on
PATH or in Debian's ``/usr/lib/postgresql/<version>/bin``: initdb with trust for loopback
only, then pg_ctl on 127.0.0.1 and a free port; stopped and removed at the end. As root
(PostgreSQL refuses to run as root) the cluster belongs to the ``postgres`` user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SERVER_ENV = "EVENTWIRE_TEST_POSTGRES"
REQUIRE_ENV = "EVENTWIRE_REQUIRE_POSTGRES"
DEBIAN_BIN = Path("/usr/lib/postgresql")


class NoPostgres(RuntimeError):
    """No server binaries and no server URL: PostgreSQL tests cannot run here."""


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: PATH first, then Debian's newest version."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    versions = sorted((p for p in DEBIAN_BIN.glob("*/bin") if (p / "initdb").exists()),
                      key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    return versions[-1] if versions else None


def database_url(server: str, name: str) -> str:
    """``server`` (a URL) with its database replaced by ``name``."""
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


@dataclass
class Server:
    url: str  # a URL of the server's maintenance database ('postgres')

    def create_database(self) -> str:
        """A new, empty database; its URL."""
        import psycopg

        name = "ew_" + uuid.uuid4().hex[:16]
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}".encode())  # a generated name, no input
        return database_url(self.url, name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = urlsplit(url).path.lstrip("/")
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())


@contextmanager
def server() -> Iterator[Server]:
    """The server to test against: $EVENTWIRE_TEST_POSTGRES, else a throwaway cluster.
    Raises NoPostgres when neither exists."""
    if os.environ.get(SERVER_ENV):
        yield Server(os.environ[SERVER_ENV])
        return
    binaries = find_binaries()
    if binaries is None:
        raise NoPostgres(f"no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in "
                         f"{DEBIAN_BIN}/*/bin, and ${SERVER_ENV} is not set")
    with _cluster(binaries) as url:
        yield Server(url)


@contextmanager
def _cluster(binaries: Path) -> Iterator[str]:
    folder = Path(tempfile.mkdtemp(prefix="eventwire-pg-"))
    as_user = _owner(folder)
    data, port = folder / "data", _free_port()
    try:
        subprocess.run([*as_user, str(binaries / "initdb"), "-D", str(data), "-U", "postgres",
                        "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"],
                       check=True, capture_output=True, cwd=folder)
        # loopback only; the socket in our folder, not /var/run (which may not exist)
        options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off"
        subprocess.run([*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                        "-l", str(folder / "server.log"), "-w", "-t", "60", "start"],
                       check=True, capture_output=True, cwd=folder)
    except subprocess.CalledProcessError as exc:
        log = folder / "server.log"
        detail = (exc.stderr or b"").decode(errors="replace")
        if log.exists():
            detail += log.read_text(errors="replace")[-2000:]
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"could not start a test PostgreSQL in {folder}: {detail}") from exc
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "-w", "stop"], capture_output=True, cwd=folder)
        shutil.rmtree(folder, ignore_errors=True)


def _owner(folder: Path) -> list[str]:
    """The command prefix that runs the server binaries: none, or (as root) `runuser` to
    the postgres user, which is then given the folder."""
    if os.geteuid() != 0:
        return []
    shutil.chown(folder, user="postgres")
    return ["runuser", "-u", "postgres", "--"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
