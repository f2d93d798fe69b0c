"""The server's ingest under load (issue 20, finding 5): a bounded queue.

Ingests run one at a time and each regroups the whole store, so before the fix concurrent
requests piled up without limit, each holding a server thread and its body. Now at most
``--max-pending`` wait and the rest are answered 429 with ``Retry-After`` at once.

A real ``linimasa serve`` process on a free port of 127.0.0.1 (loopback only) with a small
store receives 200 concurrent ingest requests (one document each; bounded in count and
time). Every request is answered, only with 200 or 429 (503 allowed: no other 5xx), the
server's processes and memory stay bounded (printed), and nothing is lost: every document
stored before and every document of a 2xx answer is readable afterwards.
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fixtures_web import serving_process

from linimasa.store.database import Store

pytest_plugins = ["fixtures_web"]

REQUESTS = 200
MAX_PENDING = 3
REQUEST_SECONDS = 240
MAX_PROCESSES = 3  # the server and its one analysis helper (api/helper.py), started by its first ingest
MAX_RSS_MB = 1500
TOWNS = ["Palu", "Donggala", "Sigi", "Parigi", "Poso", "Luwuk", "Tolitoli", "Buol", "Morowali", "Banggai"]


def _article(i: int, prefix: str) -> dict:
    town = TOWNS[i % len(TOWNS)]
    return {
        "id": f"{prefix}-{i}",
        "title": f"Banjir Rendam {town}",
        "text": f"Banjir melanda {town}, Sulawesi Tengah, pada Rabu (1/5/2024). Kepala BPBD {town} mengatakan "
        f"{i + 3} rumah terendam dan warga mengungsi ke masjid.",
        "outlet": f"Kabar {town}",
        "published": "2024-05-01",
    }


def _tree(root: int) -> list[int]:
    """``root`` and every process descended from it, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rpartition(")")[2].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
        tree.extend(frontier)
    return tree


def _status(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    """Peak process count, resident memory (kB, summed over the tree) and server threads."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.processes = self.rss_kb = self.threads = 0

    def run(self) -> None:
        while not self.stop.wait(0.1):
            tree = _tree(self.pid)
            self.processes = max(self.processes, len(tree))
            self.rss_kb = max(self.rss_kb, sum(_status(p, "VmRSS") for p in tree))
            self.threads = max(self.threads, _status(self.pid, "Threads"))


def _request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, dict, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_SECONDS)
    try:
        headers = {"content-type": "application/x-ndjson"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, json.loads(data) if data else {}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    from fastapi.testclient import TestClient

    from linimasa.api import create_app

    db = tmp_path_factory.mktemp("load") / "load.db"
    Store(str(db)).close()
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as c:
        body = "\n".join(json.dumps(_article(i, "before")) for i in range(20))
        assert c.post("/api/documents", content=body, headers={"content-type": "application/x-ndjson"}).is_success
    return db


def test_200_concurrent_ingests_are_bounded_and_lose_nothing(small_store, tmp_path) -> None:
    options = ("--max-pending", str(MAX_PENDING))
    with serving_process(small_store, tmp_path / "serve.log", *options) as (base, proc):
        port = int(base.rsplit(":", 1)[1])
        status, _, health = _request(port, "GET", "/api/health")
        before = health["documents"]
        assert status == 200 and before == 20
        sampler = Sampler(proc.pid)
        sampler.start()
        start = threading.Barrier(REQUESTS)

        def one(i: int) -> tuple[int, str | None, dict]:
            body = json.dumps(_article(i, "load")).encode()
            start.wait(timeout=60)
            try:
                status, headers, answer = _request(port, "POST", "/api/documents", body)
            except OSError as exc:  # a refused or dropped connection counts as no answer
                return -1, type(exc).__name__, {}
            return status, headers.get("retry-after"), answer

        t0 = time.monotonic()
        with ThreadPoolExecutor(REQUESTS) as pool:
            results = list(pool.map(one, range(REQUESTS)))
        seconds = time.monotonic() - t0
        sampler.stop.set()
        sampler.join()
        hwm_kb = _status(proc.pid, "VmHWM")

        statuses: dict[int, int] = {}
        for status, _, _ in results:
            statuses[status] = statuses.get(status, 0) + 1
        print(
            f"\n{REQUESTS} concurrent ingests in {seconds:.1f} s, statuses {dict(sorted(statuses.items()))}; "
            f"peak processes {sampler.processes}, peak RSS {sampler.rss_kb / 1024:.0f} MB "
            f"(server VmHWM {hwm_kb / 1024:.0f} MB), peak server threads {sampler.threads}"
        )
        assert set(statuses) <= {200, 201, 429, 503}, statuses  # every request answered; no other 5xx
        assert statuses.get(200, 0) >= 1 and statuses.get(429, 0) >= REQUESTS - 10 * (1 + MAX_PENDING), statuses
        assert all(retry and retry.isdigit() for status, retry, _ in results if status in (429, 503))
        assert sampler.processes <= MAX_PROCESSES and sampler.rss_kb / 1024 < MAX_RSS_MB
        assert sampler.threads <= 80, sampler.threads

        stored = [answer["documents"][0]["id"] for status, _, answer in results if 200 <= status < 300]
        for doc_id in [f"before-{i}" for i in range(20)] + stored:
            assert _request(port, "GET", f"/api/documents/{doc_id}")[0] == 200, doc_id
        assert _request(port, "GET", "/api/health")[2]["documents"] == before + len(stored)
        assert proc.poll() is None  # still serving


def test_the_queue_admits_one_running_and_max_pending_waiting() -> None:
    from linimasa.api.ingest import IngestError, IngestQueue

    queue = IngestQueue(max_pending=2)
    for _ in range(3):
        queue.enter()
    with pytest.raises(IngestError) as refused:
        queue.enter()
    assert refused.value.status == 429 and int(refused.value.headers["Retry-After"]) >= 1
    assert "at most 3" in refused.value.message
    queue.leave()
    queue.enter()  # a place came free
    assert queue.admitted == 3
