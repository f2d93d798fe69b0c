"""Property-based run of the whole API against its own OpenAPI schema (schemathesis):
generated requests, valid (positive) and invalid (negative), must never produce a server
error. Writes are included (with the token), on a store of its own.

Driven through schemathesis' Python API and Hypothesis directly (``as_strategy`` per
operation): the schemathesis pytest plugin's lazy fixture does not work with pytest 9.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from linimasa.api import create_app
from linimasa.demo import corpus_path
from linimasa.jobs.run import run_pipeline

TOKEN = "fuzz-token"
EXAMPLES = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 15}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    db = str(tmp / "fuzz.db")
    run_pipeline([str(corpus_path())], tmp / "out", db)
    # schemathesis calls the app as Starlette's test client does, with Host "testserver"
    app = create_app(db, token=TOKEN, max_body=200_000, allowed_hosts=["testserver"])
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda m: m.value)
def test_no_server_errors(api_schema, mode) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 13
    seen: dict[str, int] = {}
    for op in operations:
        is_write = op.method.upper() == "POST"

        @given(case=op.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES[mode] // (3 if is_write else 1),
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:
            response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
            seen[response.status_code] = seen.get(response.status_code, 0) + 1
            assert response.status_code < 500, (
                case.method,
                case.formatted_path,
                case.query,
                response.status_code,
                response.text[:300],
            )

        try:
            check()
        except Unsatisfiable:
            # No invalid request exists for this operation (no parameters to break).
            assert mode is GenerationMode.NEGATIVE, op.label
    assert sum(seen.values()) > 100 and not [s for s in seen if s >= 500]
