"""The cross-site attack of issue 20 (finding 4) in a real browser.

A real ``linimasa serve`` (no token, the default) holds an article. Headless Chromium opens
pages of another origin (another port of 127.0.0.1, served by the test) that try every
write a page can make without the server's consent: no-cors ``fetch`` with ``text/plain``,
with no content type and with a form type, a ``sendBeacon``, an auto-submitted
``enctype="text/plain"`` form whose body is JSON, and a CORS ``fetch`` with
``application/json`` (which needs a preflight). Before the fix the form and the fetches
replaced the article's title and text. Then DNS rebinding: Chromium is told that
``rebind.test`` is 127.0.0.1 (``--host-resolver-rules``), as an attacker's DNS would, and
loads the server under that name: it must get nothing.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import urllib.request
from pathlib import Path

import pytest
from fixtures_web import CHROMIUM, CHROMIUM_ARGS, serving

from linimasa.store.database import Store

pytest_plugins = ["fixtures_web"]

ORIGINAL = {
    "id": "victim",
    "title": "Banjir Rendam Palu",
    "text": "Banjir melanda Kota Palu pada Rabu (1/5/2024). Warga mengungsi ke masjid terdekat.",
    "outlet": "Kabar Timur",
    "published": "2024-05-01",
}
FORGED = {"id": "victim", "title": "HACKED", "text": "HACKED. Artikel ini ditimpa situs lain pada Kamis (2/5/2024)."}

FETCH_PAGE = """<!doctype html><title>waiting</title><script>
const target = TARGET + "/api/documents";
const body = JSON.stringify(FORGED);
Promise.allSettled([
  fetch(target, {method: "POST", mode: "no-cors", headers: {"content-type": "text/plain"}, body}),
  fetch(target, {method: "POST", mode: "no-cors", body: new Blob([body])}),
  fetch(target, {method: "POST", mode: "no-cors",
                 headers: {"content-type": "application/x-www-form-urlencoded"}, body}),
  fetch(target, {method: "POST", mode: "cors", headers: {"content-type": "application/json"}, body}),
]).then((results) => {
  navigator.sendBeacon(target, body);
  document.title = "done " + results.map((r) => r.status).join(",");
});
</script>"""

# The text/plain form trick: the body is NAME=VALUE, so a name ending in '"pad":"' and the
# value '"}' make the body one JSON object.
FORM_PAGE = """<!doctype html><form id="f" method="POST" enctype="text/plain" action="{action}">
<input type="hidden" name='{name}' value='"}}'></form>
<script>document.getElementById("f").submit();</script>"""


@contextlib.contextmanager
def attacker_site(pages: dict[str, str]):
    """Base URL of a little web server on another port of 127.0.0.1 serving ``pages``."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def victim_server(tmp_path_factory):
    from fastapi.testclient import TestClient

    from linimasa.api import create_app

    tmp = tmp_path_factory.mktemp("crosssite")
    db = tmp / "victim.db"
    Store(str(db)).close()
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as c:
        assert c.post("/api/documents", json=ORIGINAL).status_code == 200
    with serving(db, tmp / "serve.log") as base:
        yield base


@pytest.fixture(scope="module")
def chromium(playwright_session):
    # rebind.test resolves to this machine, as a DNS-rebinding attacker's name would
    args = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP rebind.test 127.0.0.1"]
    browser = playwright_session.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True)
    yield browser
    browser.close()


def _stored(base: str) -> dict:
    with urllib.request.urlopen(base + "/api/documents/victim", timeout=10) as r:
        return json.loads(r.read())


def _assert_unchanged(base: str) -> None:
    doc = _stored(base)
    assert doc["title"] == ORIGINAL["title"], doc["title"]
    assert "HACKED" not in doc["text"] and "masjid" in doc["text"]


def test_pages_of_another_origin_cannot_write(victim_server, chromium, tmp_path: Path) -> None:
    _assert_unchanged(victim_server)
    name = json.dumps(FORGED)[:-1] + ', "pad": "'
    pages = {
        "/fetch.html": FETCH_PAGE.replace("TARGET", json.dumps(victim_server)).replace("FORGED", json.dumps(FORGED)),
        "/form.html": FORM_PAGE.format(action=victim_server + "/api/documents", name=name.replace("'", "&#39;")),
    }
    with attacker_site(pages) as evil:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(evil + "/fetch.html")
        page.wait_for_function("document.title.startsWith('done')", timeout=60_000)
        page.wait_for_timeout(1500)  # the beacon is sent after the title changes
        _assert_unchanged(victim_server)

        with page.expect_navigation(url=victim_server + "/api/documents", timeout=60_000) as nav:
            page.goto(evil + "/form.html")
        answer = nav.value
        assert answer is not None and answer.status in (403, 415), answer.status if answer else None
        _assert_unchanged(victim_server)
        context.close()


def test_dns_rebinding_gets_nothing(victim_server, chromium) -> None:
    port = victim_server.rsplit(":", 1)[1]
    context = chromium.new_context()
    page = context.new_page()
    own = page.goto(victim_server + "/documents/victim")
    assert own is not None and own.status == 200 and "1 documents" in page.content()  # the server works
    for path in ("/", "/documents/victim", "/api/documents/victim", "/api/search?q=banjir"):
        response = page.goto(f"http://rebind.test:{port}{path}")
        assert response is not None and response.status == 421, (path, response.status if response else None)
        assert "victim" not in page.content() and "Palu" not in page.content()
    context.close()
