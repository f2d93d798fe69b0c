"""Store fixtures for both backends: a throwaway PostgreSQL server and the demo corpus stores.

The PostgreSQL server is started by the tests themselves (``initdb`` + ``pg_ctl`` into a
temporary folder, on a free loopback port, trust authentication, fsync off) when the
binaries are on PATH or under ``/usr/lib/postgresql/*/bin``; otherwise the PostgreSQL
variants are skipped with a message saying so. PostgreSQL refuses to run as root, so as
root the cluster is created and run as the ``postgres`` user (``runuser``).

Use them from a test module with a line:
``pytest_plugins = ["fixtures_pg"]``.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from linimasa.demo import corpus_path
from linimasa.jobs.run import run_pipeline

BACKENDS = ["sqlite", "postgresql"]
_counter = itertools.count()


def find_pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_pg_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.skip("PostgreSQL tests as root need runuser to drop to the postgres user")
    return [runuser, "-u", "postgres", "--", *cmd]


@pytest.fixture(scope="session")
def pg_server():
    """``postgresql://postgres@127.0.0.1:PORT/postgres`` of a server that lives for the session."""
    bindir = find_pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found: PostgreSQL tests skipped (.ci/run installs them)")
    root = Path(tempfile.mkdtemp(prefix="linimasa-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        import pwd

        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("PostgreSQL tests as root need a 'postgres' user")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(
        _as_pg_user(
            [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]
        ),
        check=True,
        capture_output=True,
        env=env,
    )
    opts = f"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off -c synchronous_commit=off"
    subprocess.run(
        _as_pg_user([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-o", opts, "-w", "start"]),
        check=True,
        capture_output=True,
        env=env,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_pg_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            env=env,
        )
        shutil.rmtree(root, ignore_errors=True)


def new_pg_database(server_url: str, name: str) -> str:
    """Create an empty database on the test server; its URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # name from the tests, never from input
    return server_url.rsplit("/", 1)[0] + "/" + name


def new_store(backend: str, request: pytest.FixtureRequest, tmp: Path) -> str:
    """A new, empty store location (SQLite path or PostgreSQL URL) for ``backend``."""
    n = next(_counter)
    if backend == "postgresql":
        return new_pg_database(request.getfixturevalue("pg_server"), f"linimasa_t{n}_{int(time.time())}")
    return str(tmp / f"store{n}.db")


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def demo_db(backend, request, tmp_path_factory) -> str:
    """A store holding the demo corpus run (once per backend per session); read-only for tests."""
    tmp = tmp_path_factory.mktemp(f"demo-{backend}")
    db = new_store(backend, request, tmp)
    summary = run_pipeline([str(corpus_path())], tmp / "out", db)
    assert summary.read == 16
    return db


@pytest.fixture
def empty_db(backend, request, tmp_path) -> str:
    """A new, empty store on ``backend`` (for tests that write)."""
    return new_store(backend, request, tmp_path)
