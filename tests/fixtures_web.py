"""Browser-test fixtures: a real ``linimasa serve`` process over a demo store, headless
Chromium driven by Playwright, and a folder for screenshots.

Chromium is the system browser (``/usr/bin/chromium``, Debian package ``chromium``;
Playwright never downloads one). Without it the browser tests are skipped with a message.
Screenshots go to a folder under pytest's temporary directory and are copied to
``/tmp/linimasa-screens/`` so a person can look at them after the run.

Use them from a test module with ``pytest_plugins = ["fixtures_pg", "fixtures_web"]``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from linimasa.demo import corpus_path
from linimasa.jobs.run import run_pipeline

CHROMIUM = Path(os.environ.get("LINIMASA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENS_COPY = Path("/tmp/linimasa-screens")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db: Path | str, log_path: Path, *options: str):
    """Base URL of a real ``linimasa serve`` subprocess over ``db``, stopped on exit."""
    with serving_process(db, log_path, *options) as (base, _proc):
        yield base


@contextlib.contextmanager
def serving_process(db: Path | str, log_path: Path, *options: str):
    """``(base URL, Popen)`` of a real ``linimasa serve`` subprocess over ``db``, stopped on exit."""
    port = _free_port()
    log = log_path.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "linimasa", "serve", "--db", str(db), "--port", str(port), *options],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(base + "/api/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("linimasa serve exited: " + log_path.read_text())
                time.sleep(0.1)
        else:
            pytest.fail("linimasa serve did not answer within 20 s")
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def served_demo(tmp_path_factory):
    """Base URL of ``linimasa serve`` (a subprocess) over a store built from the demo corpus."""
    tmp = tmp_path_factory.mktemp("served")
    db = tmp / "demo.db"
    run_pipeline([str(corpus_path())], tmp / "out", str(db))
    with serving(db, tmp / "serve.log", "--token", "web-token") as base:
        yield base


@pytest.fixture(scope="session")
def playwright_session():
    """The one Playwright of the test session: its sync API runs an event loop, and a second
    ``sync_playwright()`` started while it lives fails ("Sync API inside the asyncio loop")."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: browser tests skipped (.ci/run installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_session):
    b = playwright_session.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield b
    b.close()


@pytest.fixture
def page(browser):
    """A fresh page; the test fails if the page logs an error (a script error, a CSP violation)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="id-ID")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    yield pg
    context.close()
    assert not [e for e in errors if "404" not in e], errors


@pytest.fixture(scope="session")
def screens(tmp_path_factory):
    """``save(page, name)``: a full-page screenshot under pytest's tmp dir, copied to /tmp/linimasa-screens."""
    folder = tmp_path_factory.mktemp("screens")

    def save(pg, name: str) -> Path:
        path = folder / f"{name}.png"
        pg.screenshot(path=str(path), full_page=True)
        try:
            SCREENS_COPY.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, SCREENS_COPY / path.name)
        except OSError:
            pass
        return path

    return save
