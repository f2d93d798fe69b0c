"""``linimasa serve``: the store checked, a socket bound, the application served by uvicorn.

The command line (:mod:`linimasa.cli`) gives the options and prints what this module says;
a problem that stops the server is a :class:`ServeError` with a one-line message.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import uvicorn

from linimasa.api.app import create_app
from linimasa.store.database import StoreError, sqlite_is_read_only

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ServeError(Exception):
    """The server cannot start (no store, a busy port...): the message says why."""


def check_store(db: str) -> None:
    """Raise :class:`ServeError` when ``db`` names a SQLite file that is not there or a folder."""
    if "://" in db:
        return
    path = Path(db).expanduser()
    if not path.exists():
        where = "" if path.parent.is_dir() else f" (folder {path.parent} does not exist either)"
        raise ServeError(
            f"store {db} does not exist{where}; make one with 'linimasa run ARTICLES/ --out OUT --db {db}'"
        )
    if path.is_dir():
        raise ServeError(f"store {db} is a folder, not a store file")


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening, made before the server announces
    anything (uvicorn would say nothing useful and exit 3 on a busy port); the server then
    serves on it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        # as uvicorn: a port left in TIME_WAIT by a server just stopped can be taken again
        # at once; a port some process listens on is still refused (EADDRINUSE)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            reason = f"port {port} on {host} is in use (another server listens on it; choose one with --port)"
        else:
            reason = f"cannot listen on {host} port {port}: {exc.strerror or exc}"
        raise ServeError(reason) from exc
    sock.set_inheritable(True)
    return sock


def serve(
    db: str,
    host: str,
    port: int,
    token: str | None,
    max_body: int,
    allowed_hosts: Sequence[str],
    max_pending: int,
    warn: Callable[[str], None],
    say: Callable[[str], None],
) -> None:
    """Serve the store until interrupted. ``warn(text)`` and ``say(text)`` print (plain text)."""
    check_store(db)
    read_only = sqlite_is_read_only(db)
    if host not in LOOPBACK:
        warn(
            f"listening on {host}, not only on this machine: anyone who can reach port {port} "
            "can read the store" + ("" if token or read_only else " and, with no --token, add documents to it")
        )
        if host in ("0.0.0.0", "::"):
            say(
                "note: clients may use this machine's IP addresses; those that reach it by a name need "
                "--allowed-host NAME (other Host names get 421)"
            )
    try:
        application: Any = create_app(
            db,
            token=token,
            max_body=max_body,
            host=host,
            allowed_hosts=allowed_hosts,
            max_pending=max_pending,
            read_only=read_only,
            analysis_helper=True,
        )
    except StoreError as exc:
        raise ServeError(str(exc)) from exc
    sock = listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    mode = " read-only (its file or folder cannot be written; POST /api/documents answers 405)" if read_only else ""
    say(
        f"linimasa: serving {db}{mode} at http://{shown}:{port}/ (API: /api, schema: /openapi.json); "
        "Ctrl-C stops"
    )
    config = uvicorn.Config(
        application, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
